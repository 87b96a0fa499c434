using System.Diagnostics;
using Wasmc.Core.Building;
using Wasmc.Core.Testing;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Rust;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Testing.Integration;

/// <summary>
/// Whole workspaces built in the bundles' images (Docker), then tested: a Rust export that loops forever must
/// fail its case within the time limit while the run goes on; the examples must pass with both runners.
/// </summary>
public sealed class WasmtimeWorkspaceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasmc-wasmtime-it", Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [BundleImageFact("sid-2026.11.2", "rust")]
    public async Task A_looping_export_fails_its_case_within_the_time_limit_and_the_run_goes_on()
    {
        var plugin = new RustPlugin();
        var scaffold = plugin.Scaffold(new ScaffoldRequest("spinner", plugin.Templates[0].Id, WasiLevel.Preview2));
        foreach (var file in scaffold.Files)
        {
            Write($"spinner/{file.RelativePath}", file.Contents);
        }

        var wit = Directory.GetFiles(Path.Combine(_root, "spinner", "wit"), "*.wit").Single();
        File.WriteAllText(wit, File.ReadAllText(wit).Replace("multiply: func(a: f64, b: f64) -> f64;", "multiply: func(a: f64, b: f64) -> f64;\n    spin: func();", StringComparison.Ordinal));
        // The scaffold implements the generated Guest trait: the new export is one more method of it.
        var lib = Path.Combine(_root, "spinner", "src", "lib.rs");
        File.WriteAllText(lib, File.ReadAllText(lib).Replace("impl Guest for Component {", """
            impl Guest for Component {
                fn spin() {
                    loop {
                        std::hint::spin_loop();
                    }
                }

            """, StringComparison.Ordinal));
        Write("spinner/tests/spinner.test.toml", """
            interface = "calculator"

            [[case]]
            call = "add(1.0, 2.0)"
            expect = "3.0"

            [[case]]
            name = "loops forever"
            call = "spin()"
            timeout-ms = 300

            [[case]]
            name = "runs after the time-out"
            call = "add(2.0, 2.0)"
            expect = "4.0"
            """);
        Write("wasmc.toml", $"""
            [workspace]
            default-bundle = "sid"

            [bundles.sid]
            bundle = "sid-2026.11.2"

            [[components]]
            name = "spinner"
            language = "rust"
            path = "spinner"
            world = "{scaffold.World}"
            """);

        var stopwatch = Stopwatch.StartNew();
        var report = await TestAsync([plugin], "wasmtime");

        var cases = report.Components.Single().Cases;
        cases.Select(c => c.Status).ShouldBe([TestCaseStatus.Passed, TestCaseStatus.Failed, TestCaseStatus.Passed]);
        cases[1].Actual.ShouldBe("trap: time limit of 0.3 s exceeded (wasm trap: interrupt)");
        cases[1].Duration.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(3));
    }

    [BundleImageFact("trixie-2026.11.2", "node")]
    public async Task The_examples_pass_with_both_runners_with_the_same_verdicts()
    {
        var examples = Path.Combine(Path.GetDirectoryName(BundleImages.ContainersDirectory)!, "examples");
        foreach (var file in Directory.EnumerateFiles(examples, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(examples, f).StartsWith("target", StringComparison.Ordinal)))
        {
            Write(Path.GetRelativePath(examples, file), File.ReadAllText(file));
        }

        // The examples hold JavaScript, Rust and Go components: every one is tested by both runners.
        ILanguagePlugin[] plugins = [new JsPlugin(), new RustPlugin(), new GoPlugin()];
        var wasmtime = await TestAsync(plugins, "wasmtime");
        var jco = await TestAsync(plugins, "jco");

        wasmtime.Components.Select(c => c.Runner).Distinct().ShouldBe(["wasmtime"]);
        jco.Components.Select(c => c.Runner).Distinct().ShouldBe(["jco"]);
        Verdicts(wasmtime).ShouldBe(Verdicts(jco));
        wasmtime.Components.Select(c => c.Component).Order().ShouldBe(["calculator", "data-types", "number-theory", "temperature"]);
        wasmtime.Failed.ShouldBe(0);
        wasmtime.Passed.ShouldBeGreaterThan(10);
    }

    private static List<string> Verdicts(TestRunReport report) =>
        [.. report.Cases.Select(c => $"{c.Component}/{c.Name}: {c.Status} {c.Actual}")];

    private async Task<TestRunReport> TestAsync(IReadOnlyList<ILanguagePlugin> plugins, string runner)
    {
        var bundles = BundleImages.Catalog.Bundles;
        var loaded = ManifestLoader.Load(
            Path.Combine(_root, "wasmc.toml"),
            new ManifestContext([.. plugins.Select(p => p.LanguageId)], [.. bundles.Select(b => new KnownBundle(b.Name, b.Wasi))]));
        loaded.Errors.ShouldBeEmpty();
        await using var toolchains = new DockerToolchainEnvironment();
        var builder = new WorkspaceBuilder(plugins, bundles, toolchains, new RecordingProgress());
        var tester = new WorkspaceTester(bundles, toolchains, new BuildingComponentArtifacts(builder));
        return await tester.RunAsync(loaded.Manifest!, new TestRunOptions { Runner = runner });
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
