using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Js;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// The stale-artifact probe of issue 10 with the real toolchains (sid-2026.11.2, Docker): a C component includes
/// <c>../../shared/ops.h</c> and a JavaScript component imports <c>../../shared/ops.js</c>, both outside their folders.
/// Editing what a build read rebuilds it (clang's <c>-MD</c> depfile, the JS glue's import graph); editing a file
/// beside it that no build read does not.
/// </summary>
public sealed class RealInputsTests : IDisposable
{
    private const string Bundle = "sid-2026.11.2";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasmc-real-inputs", Guid.NewGuid().ToString("N")[..12]);

    public RealInputsTests()
    {
        Scaffold(new CPlugin(), "cc");
        Scaffold(new JsPlugin(), "jsc");
        Write("shared/ops.h", "#define OFFSET 0\n");
        Write("shared/unused.h", "#define UNUSED 1\n");
        Write("shared/ops.js", "export const offset = 0;\n");
        Write("shared/unused.js", "export const unused = 1;\n");
        var c = Path.Combine(_root, "cc", "src", "cc.c");
        File.WriteAllText(c, "#include \"../../shared/ops.h\"\n" + File.ReadAllText(c).Replace("return a + b;", "return a + b + OFFSET;", StringComparison.Ordinal));
        var js = Path.Combine(_root, "jsc", "src", "jsc.js");
        File.WriteAllText(js, "import { offset } from '../../shared/ops.js';\n" + File.ReadAllText(js).Replace("return a + b;", "return a + b + offset;", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_root, "wasmc.toml"), $"""
            [workspace]
            default-bundle = "p2"

            [bundles.p2]
            bundle = "{Bundle}"

            [[components]]
            name = "cc"
            language = "c"
            path = "cc"
            world = "cc"

            [[components]]
            name = "jsc"
            language = "js"
            path = "jsc"
            world = "jsc"
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

    [BundleImageFact(Bundle, "clang")]
    public async Task C_rebuilds_exactly_when_a_header_it_included_from_outside_its_folder_changes()
    {
        (await BuildAsync("cc")).Status.ShouldBe(ComponentBuildStatus.Built);
        var random = new Random(10);
        for (var edit = 0; edit < 4; edit++)
        {
            var read = random.Next(2) == 0;
            Write(read ? "shared/ops.h" : "shared/unused.h", $"#define {(read ? "OFFSET" : "UNUSED")} {edit}\n");

            var outcome = await BuildAsync("cc");

            outcome.Status.ShouldBe(read ? ComponentBuildStatus.Built : ComponentBuildStatus.UpToDate, $"edit {edit} of {(read ? "ops.h" : "unused.h")}: {outcome.Message}");
        }
    }

    [BundleImageFact(Bundle, "node")]
    public async Task JavaScript_rebuilds_when_a_module_it_imports_from_outside_its_folder_changes_and_only_then()
    {
        var first = await BuildAsync("jsc");
        first.Status.ShouldBe(ComponentBuildStatus.Built, $"{first.Message}\n{string.Join('\n', first.FailureOutput)}");

        Write("shared/unused.js", "export const unused = 2;\n");
        (await BuildAsync("jsc")).Status.ShouldBe(ComponentBuildStatus.UpToDate);

        Write("shared/ops.js", "export const offset = 100;\n");
        (await BuildAsync("jsc")).Status.ShouldBe(ComponentBuildStatus.Built);
    }

    private void Scaffold(ILanguagePlugin plugin, string name)
    {
        foreach (var file in plugin.Scaffold(new ScaffoldRequest(name, plugin.Templates[0].Id, WasiLevel.Preview2)).Files)
        {
            Write($"{name}/{file.RelativePath}", file.Contents);
        }
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private async Task<ComponentBuildOutcome> BuildAsync(string component)
    {
        var loaded = ManifestLoader.Load(
            Path.Combine(_root, "wasmc.toml"),
            new ManifestContext(["c", "js"], [.. BundleImages.Catalog.Bundles.Select(b => new KnownBundle(b.Name, b.Wasi))]));
        loaded.Errors.ShouldBeEmpty();
        await using var toolchains = new DockerToolchainEnvironment();
        var builder = new WorkspaceBuilder([new CPlugin(), new JsPlugin()], BundleImages.Catalog.Bundles, toolchains);
        return (await builder.BuildAsync(loaded.Manifest!, new BuildOptions { Components = [component], Jobs = 1 })).Single();
    }
}
