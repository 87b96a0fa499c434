using Wasmc.Containers.Bundles;
using Wasmc.Core.Building.Internal;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Rust;

namespace Wasmc.Core.Tests.Building;

/// <summary>
/// A bundle promises, per toolchain image, the commands and files plans may use (<c>commands</c>, <c>files</c> in its
/// file). For every offered bundle, every language it lists, every WASI level it claims and both built-in profiles,
/// the scaffolded component's plan (and the build's validation step) must use nothing else. The images keep the
/// promise (BundleImageIntegrationTests); the end-to-end matrix builds and tests each combination for real.
/// </summary>
public sealed class BundleContractTests
{
    private static BundleCatalog Catalog => BundleImages.Catalog;

    private static readonly ContainerPaths Paths = new("/work", "/work/calc", "/out", "/scratch");

    private static readonly ProfileSpec[] Profiles =
    [
        new("debug", Optimize: false, DebugInfo: true, Strip: false, []),
        new("release", Optimize: true, DebugInfo: false, Strip: true, []),
    ];

    public static TheoryData<string, string, string> Combinations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var bundle in Catalog.Bundles)
        {
            foreach (var language in bundle.Languages)
            {
                foreach (var level in bundle.Wasi)
                {
                    data.Add(bundle.Name, language, WasiLevels.Name(level));
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_offered_bundle_declares_commands_for_each_image_and_only_claims_what_plugins_provide()
    {
        Catalog.Bundles.ShouldNotBeEmpty();
        foreach (var bundle in Catalog.Bundles)
        {
            bundle.Toolchains.ShouldAllBe(t => t.Commands.Count > 0, $"{bundle.Name}: every toolchain lists the commands it offers");
            bundle.Languages.ShouldAllBe(language => Plugin(language) != null);
            bundle.Wasi.ShouldBe([WasiLevel.Preview2], $"{bundle.Name}: no plugin produces WASI 0.3 components yet, so no bundle may claim preview3");
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Each_step_runs_a_command_its_image_declares_and_uses_only_declared_files(string bundleName, string language, string wasi)
    {
        var bundle = Catalog.Get(bundleName);
        WasiLevels.TryParse(wasi, out var level).ShouldBeTrue();
        var plugin = Plugin(language);
        var folder = Directory.CreateTempSubdirectory("wasmc-contract-");
        try
        {
            var scaffold = plugin.Scaffold(new ScaffoldRequest("calc", plugin.Templates[0].Id, level));
            foreach (var file in scaffold.Files)
            {
                var path = Path.Combine(folder.FullName, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Contents);
            }

            foreach (var profile in Profiles)
            {
                var component = new ComponentSpec("calc", language, "calc", scaffold.WitPath, scaffold.World, new Dictionary<string, object>());
                var request = new BuildRequest(component, bundle.ToBundleSpec(level), profile, Paths) { Folder = new ComponentFolder(folder.FullName) };
                var plan = plugin.PlanBuild(request);
                var steps = plan.Steps.ToList();
                var output = plan.Artifacts[0].ContainerPath;
                if (!ComponentValidation.PlanValidates(plan, output))
                {
                    steps.Add(ComponentValidation.StepFor(plan, bundle, output, Paths.Workspace).ShouldNotBeNull($"{bundleName} has no image that can validate a component"));
                }

                foreach (var step in steps)
                {
                    var where = $"{bundleName}/{language}/{profile.Name}: step '{step.Description}'";
                    var toolchain = bundle.Toolchains.SingleOrDefault(t => t.Name == step.Toolchain);
                    toolchain.ShouldNotBeNull($"{where} runs in toolchain '{step.Toolchain}', which the bundle does not have");
                    toolchain.Commands.ShouldContain(step.Argv[0], $"{where} runs '{step.Argv[0]}', which image '{toolchain.Name}' does not declare");
                    foreach (var linker in step.Environment.Where(e => e.Key.EndsWith("_LINKER", StringComparison.Ordinal)))
                    {
                        toolchain.Commands.ShouldContain(linker.Value, $"{where} links with '{linker.Value}', which image '{toolchain.Name}' does not declare");
                    }

                    foreach (var imageFile in step.Argv.SelectMany(ImagePaths))
                    {
                        toolchain.Files.Values.ShouldContain(imageFile, $"{where} reads {imageFile}, which image '{toolchain.Name}' does not declare");
                    }
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Wizer_pre_initialisation_runs_in_an_image_that_declares_wizer_or_is_refused_where_no_toolchain_carries_it()
    {
        var folder = Directory.CreateTempSubdirectory("wasmc-contract-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Cargo.toml"),
                "[package]\nname = \"calc\"\nversion = \"0.1.0\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[package.metadata.wasmc.wizer]\ninit = \"initialize\"\n");
            var offering = 0;
            foreach (var bundle in Catalog.Bundles.Where(b => b.Languages.Contains("rust")))
            {
                var component = new ComponentSpec("calc", "rust", "calc", "wit", "calc", new Dictionary<string, object>());
                var request = new BuildRequest(component, bundle.ToBundleSpec(), Profiles[1], Paths) { Folder = new ComponentFolder(folder.FullName) };
                var carrier = bundle.Toolchains.SingleOrDefault(t => t.Tools.Contains("wizer"));
                if (carrier is null)
                {
                    Should.Throw<WasmcPluginException>(() => new RustPlugin().PlanBuild(request)).Message.ShouldContain($"bundle '{bundle.Name}' does not carry it");
                    continue;
                }

                offering++;
                var step = new RustPlugin().PlanBuild(request).Steps.Single(s => s.Description.StartsWith("pre-initialise", StringComparison.Ordinal));
                step.Toolchain.ShouldBe(carrier.Name, $"{bundle.Name}: Wizer runs where the bundle says it is");
                carrier.Commands.ShouldContain(step.Argv[0]);
                carrier.Commands.ShouldContain("wizer", $"{bundle.Name}: the step's script runs 'wizer', which image '{carrier.Name}' must declare");
            }

            offering.ShouldBeGreaterThan(0, "some offered bundle carries Wizer");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Absolute paths into the image itself (not the workspace, output or scratch mounts), also inside <c>a=b</c> arguments.</summary>
    private static IEnumerable<string> ImagePaths(string argument) =>
        argument.Split('=').Where(part => part.StartsWith("/opt/", StringComparison.Ordinal) || part.StartsWith("/usr/", StringComparison.Ordinal));

    private static ILanguagePlugin Plugin(string language) => language switch
    {
        "rust" => new RustPlugin(),
        "c" => new CPlugin(),
        "cpp" => new CppPlugin(),
        "go" => new GoPlugin(),
        "js" => new JsPlugin(),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no built-in plugin"),
    };
}
