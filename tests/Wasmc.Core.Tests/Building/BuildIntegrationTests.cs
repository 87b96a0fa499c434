using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Building;

/// <summary>Real builds in the <c>sid-2026.11.2</c> clang image through Docker: a C component in under a second.</summary>
public sealed class BuildIntegrationTests : IDisposable
{
    private const string Bundle = "sid-2026.11.2";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasmc-build-it", Guid.NewGuid().ToString("N")[..12]);
    private readonly RecordingProgress _progress = new();

    public BuildIntegrationTests()
    {
        var plugin = new CPlugin();
        var scaffold = plugin.Scaffold(new ScaffoldRequest("calc", plugin.Templates[0].Id, WasiLevel.Preview2));
        foreach (var file in scaffold.Files)
        {
            var path = Path.Combine(_root, "components", "calc", file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Contents);
        }

        // The -nostdlib plan below compiles src/calc.c alone, without the generated bindings: scalar exports by hand.
        File.WriteAllText(Path.Combine(_root, "components", "calc", "src", "calc.c"), string.Concat(
            new[] { ("add", '+'), ("subtract", '-'), ("multiply", '*') }.Select(f =>
                $"__attribute__((export_name(\"local:calc/calculator@0.1.0#{f.Item1}\")))\ndouble {f.Item1}(double a, double b) {{\n    return a {f.Item2} b;\n}}\n")));
        File.WriteAllText(Path.Combine(_root, "wasmc.toml"), $"""
            [workspace]
            default-bundle = "p2"

            [bundles.p2]
            bundle = "{Bundle}"

            [[components]]
            name = "calc"
            language = "c"
            path = "components/calc"
            world = "{scaffold.World}"
            """);
    }

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

    /// <summary>
    /// The scaffolded calculator needs no libc, so a plan without the WASI adapter builds it: compile with
    /// <c>-nostdlib</c>, embed the WIT, <c>component new</c>. The host validates and publishes it.
    /// </summary>
    [BundleImageFact(Bundle, "clang")]
    public async Task A_C_component_is_built_validated_and_published_then_up_to_date()
    {
        var plugin = new PlanOverride(request =>
        {
            var paths = request.Paths;
            var core = $"{paths.Scratch}/core.wasm";
            var embedded = $"{paths.Scratch}/embedded.wasm";
            var output = $"{paths.Output}/calc.wasm";
            return new BuildPlan(
                [
                    new PlanStep("compile", "clang", ["clang-22", "--target=wasm32-unknown-unknown", "-nostdlib", "-Wl,--no-entry", "-o", core, $"{paths.Component}/src/calc.c"], paths.Component) { Outputs = [core] },
                    new PlanStep("embed WIT", "wasm-tools", ["wasm-tools", "component", "embed", $"{paths.Component}/wit", "--world", "calc", core, "-o", embedded], paths.Component),
                    new PlanStep("componentize", "wasm-tools", ["wasm-tools", "component", "new", embedded, "-o", output], paths.Component) { Outputs = [output] },
                ],
                [new PlanArtifact("component", output)]);
        });

        var first = await BuildAsync(plugin);
        var second = await BuildAsync(plugin);

        first.Status.ShouldBe(ComponentBuildStatus.Built, $"{first.Message}\n{string.Join('\n', first.FailureOutput)}");
        var artifact = first.Artifacts.ShouldHaveSingleItem();
        artifact.RelativePath.ShouldBe("target/wasmc/debug/calc/calc.wasm");
        File.ReadAllBytes(artifact.Path)[..8].ShouldBe(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00 });
        _progress.Events.ShouldContain("step calc: validate (wasm-tools)");
        second.Status.ShouldBe(ComponentBuildStatus.UpToDate);
        second.CacheKey.ShouldBe(first.CacheKey);
    }

    [BundleImageFact(Bundle, "clang")]
    public async Task A_C_compile_error_names_the_source_relative_to_the_workspace()
    {
        File.AppendAllText(Path.Combine(_root, "components", "calc", "src", "calc.c"), "\nint broken( {\n");

        var outcome = await BuildAsync(new CPlugin());

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.Message.ShouldBe("step \"compile src/calc.c\" exited with code 1");
        outcome.FailureOutput.ShouldContain(line => line.Text.StartsWith("components/calc/src/calc.c:", StringComparison.Ordinal) && line.Text.Contains("error"));
        Directory.Exists(Path.Combine(_root, "target", "wasmc", "debug", "calc")).ShouldBeFalse();
    }

    private async Task<ComponentBuildOutcome> BuildAsync(ILanguagePlugin plugin)
    {
        var loaded = ManifestLoader.Load(
            Path.Combine(_root, "wasmc.toml"),
            new ManifestContext(["c"], [.. BundleImages.Catalog.Bundles.Select(b => new KnownBundle(b.Name, b.Wasi))]));
        loaded.Errors.ShouldBeEmpty();
        await using var toolchains = new DockerToolchainEnvironment();
        var builder = new WorkspaceBuilder([plugin], BundleImages.Catalog.Bundles, toolchains, _progress);
        return (await builder.BuildAsync(loaded.Manifest!, new BuildOptions { Jobs = 1 })).Single();
    }

    /// <summary>The C plugin's identity with a plan of the test's choosing.</summary>
    private sealed class PlanOverride(Func<BuildRequest, BuildPlan> plan) : ILanguagePlugin
    {
        private readonly CPlugin _cpp = new();

        public string LanguageId => _cpp.LanguageId;

        public string DisplayName => _cpp.DisplayName;

        public IReadOnlyList<string> Toolchains => _cpp.Toolchains;

        public IReadOnlyList<ComponentTemplate> Templates => _cpp.Templates;

        public bool Recognizes(ComponentFolder folder) => _cpp.Recognizes(folder);

        public ScaffoldResult Scaffold(ScaffoldRequest request) => _cpp.Scaffold(request);

        public BuildPlan PlanBuild(BuildRequest request) => plan(request);
    }
}
