using System.Text.Json;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Go components written against the packages wasmc generates (<c>datatypes.Exports.CalculateBatch = ...</c>), with the
/// installed tool, in every bundle that lists Go (the list comes from <c>bundle list</c>, so a new bundle cannot skip
/// this). The sources are the fixtures in <c>tests/fixtures/go</c>, copied unmodified; their WIT and test files are
/// those of the Rust fixtures of the same name.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class GoBindingsEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private string Fixtures => Path.Combine(tool.RepoRoot, "tests", "fixtures", "go");

    [JsDockerFact]
    public void The_data_types_component_builds_unmodified_and_passes_the_rust_fixtures_tests_in_every_bundle_that_lists_go()
    {
        foreach (var bundle in GoBundles())
        {
            var workspace = Workspace(bundle, "data-types");

            var build = Wasmc(workspace, "build");
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            var test = Wasmc(workspace, "test");
            output.WriteLine($"{bundle}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{bundle}: {test}");
            test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
            test.Out.ShouldContain("PASS an operation without a point is an error result");
            test.Out.ShouldContain("6 passed, 0 failed");
            test.Out.ShouldNotContain("FAIL ", Case.Sensitive);
        }
    }

    [JsDockerFact]
    public void A_wit_the_go_bindings_cannot_express_yet_is_a_located_error_with_exit_code_2()
    {
        var workspace = Workspace(GoBundles()[0], "data-types");
        var wit = Path.Combine(workspace, "data-types", "wit", "data-types.wit");
        File.WriteAllText(wit, File.ReadAllText(wit).Replace(
            "interface data-types {",
            "interface data-types {\n    resource counter {\n        get: func() -> u32;\n    }\n",
            StringComparison.Ordinal));

        var build = Wasmc(workspace, "build");

        build.ExitCode.ShouldBe(2, build.ToString());
        (build.Out + build.Error).ShouldContain("data-types.wit:5:9: resource in function 'example:data-types/data-types@1.0.0.[method]counter.get': wasmc's Go bindings do not support this yet");
    }

    private List<string> GoBundles()
    {
        var list = Wasmc(tool.NewWorkFolder(), "bundle", "list", "--json");
        list.ExitCode.ShouldBe(0, list.ToString());
        using var document = JsonDocument.Parse(list.Out);
        var bundles = document.RootElement.GetProperty("bundles").EnumerateArray()
            .Where(b => b.GetProperty("languages").EnumerateArray().Any(l => l.GetString() == "go"))
            .Select(b => b.GetProperty("name").GetString()!)
            .ToList();
        bundles.ShouldNotBeEmpty();
        return bundles;
    }

    /// <summary>A workspace with the fixtures <paramref name="components"/> (folder name = component) on <paramref name="bundle"/>.</summary>
    private string Workspace(string bundle, params string[] components)
    {
        var workspace = tool.NewWorkFolder();
        var manifest = $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n";
        foreach (var component in components)
        {
            Copy(Path.Combine(Fixtures, component), Path.Combine(workspace, component));
            var world = component == "data-types" ? "data-types-component" : component;
            manifest += $"\n[[components]]\nname = \"{component}\"\nlanguage = \"go\"\npath = \"{component}\"\nworld = \"{world}\"\n";
        }

        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), manifest);
        return workspace;
    }

    private ProcessResult Wasmc(string workingDirectory, params string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            ["wasmc", .. args],
            workingDirectory,
            new Dictionary<string, string?>
            {
                ["PATH"] = tool.ToolPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                ["NO_COLOR"] = "1",
            },
            timeout: TimeSpan.FromMinutes(20));

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
