using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Testing.Running.Jco;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Benchmarks;

/// <summary>
/// 1,000 cases against one calculator component, in one run: the Wasmtime runner in process (warm compiled
/// cache: the component is read from its serialized form, nothing is compiled), the jco runner's ONE Node
/// process, and one Node process per case (measured on a sample of <see cref="PerProcessSample"/> cases and
/// extrapolated, see docs/benchmarks.md). The jco sides reuse one warm container and the cached
/// transpilation; the component is built once in the setup with componentize-js in the bundle's node image
/// (WASMC_TEST_BUNDLE picks the bundle; default trixie-2026.11.2).
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class TestRunnerBenchmarks
{
    public const int Cases = 1000;
    public const int PerProcessSample = 5;

    private string _root = "";
    private DockerToolchainRunner _runner = null!;
    private JcoTestRunner _jco = null!;
    private WasmtimeTestRunner _wasmtime = null!;
    private ComponentRuntimes _runtimes = null!;
    private TestTarget _target = null!;
    private IReadOnlyList<CheckedCase> _cases = [];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "1000 cases, Wasmtime in process (cached)")]
    public async Task<int> WasmtimeInProcess()
    {
        var result = await _wasmtime.RunAsync(_target, _cases, CancellationToken.None);
        return result.Detail == "cached" ? Check(result, _cases.Count) : throw new InvalidOperationException("the compiled cache was cold: " + result.Detail);
    }

    [Benchmark(Description = "1000 cases, one Node process")]
    public async Task<int> OneNodeProcess()
    {
        var outcomes = await _jco.RunAsync(_target, _cases, CancellationToken.None);
        return Check(outcomes, _cases.Count);
    }

    [Benchmark(Description = "5 cases, one Node process each")]
    public async Task<int> NodeProcessPerCase()
    {
        var passed = 0;
        foreach (var testCase in _cases.Take(PerProcessSample))
        {
            passed += Check(await _jco.RunAsync(_target, [testCase], CancellationToken.None), 1);
        }

        return passed;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _runtimes.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static int Check(RunnerResult result, int expected)
    {
        var outcomes = result.Outcomes;
        var returned = outcomes.Values.Count(o => o.Kind == OutcomeKind.Returned);
        return returned == expected ? returned : throw new InvalidOperationException($"{expected - returned} cases did not return: {outcomes.Values.First(o => o.Kind != OutcomeKind.Returned).Message}");
    }

    private async Task SetupAsync()
    {
        var catalog = BundleCatalog.Load(BundleCatalog.FindContainersDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("no containers folder above " + AppContext.BaseDirectory));
        var bundle = catalog.Get(Environment.GetEnvironmentVariable("WASMC_TEST_BUNDLE") is { Length: > 0 } name ? name : "trixie-2026.11.2");
        _root = Path.Combine(Path.GetTempPath(), "wasmc-bench-tests", Guid.NewGuid().ToString("N")[..12]);
        Write("wasmc.toml", $"[workspace]\ndefault-bundle = \"js\"\n[bundles.js]\nbundle = \"{bundle.Name}\"\n[[components]]\nname = \"calc\"\nlanguage = \"js\"\npath = \"calc\"\nworld = \"calc\"\n");
        Write("calc/wit/calc.wit", "package local:calc@0.1.0;\ninterface calculator {\n  add: func(a: f64, b: f64) -> f64;\n}\nworld calc {\n  export calculator;\n}\n");
        Write("calc/src/calc.js", "export const calculator = { add(a, b) { return a + b; } };\n");
        var tests = new StringBuilder("interface = \"calculator\"\n");
        for (var i = 0; i < Cases; i++)
        {
            tests.Append(CultureInfo.InvariantCulture, $"[[case]]\ncall = \"add({i}.0, 1.0)\"\nexpect = \"{i + 1}.0\"\n");
        }

        Write("calc/tests/calc.test.toml", tests.ToString());

        _runner = new DockerToolchainRunner(await DockerClientFactory.ConnectAsync());
        var output = Path.Combine(_root, "target", "wasmc", "debug", "calc");
        // Through the JS plugin's glue, which starts Wizer with the step's HOME (the image's root file system is read-only).
        using (var glue = typeof(Wasmc.Plugins.Js.JsPlugin).Assembly.GetManifestResourceStream("Wasmc.Plugins.Js.componentize.mjs")!)
        using (var reader = new StreamReader(glue))
        {
            Write("target/scratch/componentize.mjs", reader.ReadToEnd());
        }

        var build = await _runner.RunAsync(new StepRunRequest(
            new PlanStep("componentize", "node", ["node", "/scratch/componentize.mjs", "componentize", "--", "componentize-js", "--wit", "/workspace/calc/wit", "--world-name", "calc", "--out", "/out/calc.wasm", "/workspace/calc/src/calc.js"], "/workspace/calc"),
            bundle.GetToolchain("node").ImageReference, bundle.Name, "calc",
            new HostFolders(_root, output, Path.Combine(_root, "target", "scratch")),
            new ContainerPaths("/workspace", "/workspace/calc", "/out", "/scratch")));
        if (!build.Succeeded)
        {
            throw new InvalidOperationException(build.OutputText);
        }

        var manifest = ManifestLoader.Load(Path.Combine(_root, "wasmc.toml"), new ManifestContext(["js"], [new KnownBundle(bundle.Name, bundle.Wasi)])).Manifest!;
        var tester = new WorkspaceTester([bundle], new Core.Building.HostToolchainEnvironment(), new BuiltComponentArtifacts());
        _runtimes = new ComponentRuntimes();
        var plan = tester.Plan(manifest, ["calc"], _runtimes, "jco").Single();
        _cases = plan.Cases;
        _jco = (JcoTestRunner)plan.Runner;
        _wasmtime = new WasmtimeTestRunner(_runtimes);
        _target = WorkspaceTester.Target(manifest, plan, "debug", Path.Combine(output, "calc.wasm"), _runner, TimeSpan.FromMinutes(10));

        // Warm the compiled-component cache (the first load compiles, 15-48 s for componentize-js output).
        await _wasmtime.RunAsync(_target, _cases.Take(1).ToList(), CancellationToken.None);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// One operation per iteration (each is a whole run of cases), in this process: BenchmarkDotNet's
    /// out-of-process build exceeds its 2-minute limit on the shared machine.
    /// </summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
