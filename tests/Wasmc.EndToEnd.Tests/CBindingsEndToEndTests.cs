using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// C and C++ components written against the bindings wasmc generates (<c>&lt;world&gt;.h</c>, <c>exports_*</c> functions),
/// with the installed tool, in every bundle that lists the language (the list comes from <c>bundle list</c>, so a new bundle
/// cannot skip this). The sources are the fixtures in <c>tests/fixtures/c</c> and <c>tests/fixtures/cpp</c>, copied
/// unmodified; their WIT and test files are the Rust fixtures'.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class CBindingsEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    [JsDockerFact]
    public void The_data_types_component_in_c_and_cpp_builds_unmodified_and_passes_in_every_bundle_that_lists_the_language()
    {
        foreach (var language in new[] { "c", "cpp" })
        {
            foreach (var bundle in Bundles(language))
            {
                var workspace = Workspace(bundle, language, "data-types");

                var build = Wasmc(workspace, "build");
                build.ExitCode.ShouldBe(0, $"{language} in {bundle}: {build}");
                var test = Wasmc(workspace, "test");
                output.WriteLine($"{language} in {bundle}:\n{test.Out}");
                test.ExitCode.ShouldBe(0, $"{language} in {bundle}: {test}");
                test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
                test.Out.ShouldContain("PASS an operation without a point is an error result");
                test.Out.ShouldContain("6 passed, 0 failed");
            }
        }
    }

    [JsDockerFact]
    public void The_c_round_trip_component_passes_every_value_kind_wasi_import_and_exported_resource_in_every_bundle_that_lists_c()
    {
        foreach (var bundle in Bundles("c"))
        {
            var workspace = Workspace(bundle, "c", "roundtrip");

            var build = Wasmc(workspace, "build");
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            var test = Wasmc(workspace, "test", "roundtrip");
            output.WriteLine($"{bundle}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{bundle}: {test}");
            test.Out.ShouldContain("PASS every width negated, wrapping at the limits");
            test.Out.ShouldContain("PASS write-stdout(");
            var passed = int.Parse(Regex.Match(test.Out, @"(\d+) passed, 0 failed").Groups[1].Value, CultureInfo.InvariantCulture);
            passed.ShouldBe(CaseCount(workspace, "roundtrip"));

            // Test files cannot call resources: jco's transpiled bindings drive the exported resource instead.
            var resources = RunResourceScript(bundle, workspace);
            output.WriteLine(resources.Out);
            resources.ExitCode.ShouldBe(0, $"{bundle}: {resources}");
            resources.Out.ShouldContain("ok host drops run the destructors: 3");
            resources.Out.ShouldNotContain("MISMATCH");
        }
    }

    /// <summary>Every bundle <c>bundle list</c> offers with <paramref name="language"/> among its languages.</summary>
    private List<string> Bundles(string language)
    {
        var list = Wasmc(tool.NewWorkFolder(), "bundle", "list", "--json");
        list.ExitCode.ShouldBe(0, list.ToString());
        using var document = JsonDocument.Parse(list.Out);
        var bundles = document.RootElement.GetProperty("bundles").EnumerateArray()
            .Where(b => b.GetProperty("languages").EnumerateArray().Any(l => l.GetString() == language))
            .Select(b => b.GetProperty("name").GetString()!)
            .ToList();
        bundles.Count.ShouldBeGreaterThanOrEqualTo(2);
        return bundles;
    }

    /// <summary>A workspace with the fixture <paramref name="component"/> of <paramref name="language"/> on <paramref name="bundle"/>.</summary>
    private string Workspace(string bundle, string language, string component)
    {
        var workspace = tool.NewWorkFolder();
        Copy(Path.Combine(tool.RepoRoot, "tests", "fixtures", language, component), Path.Combine(workspace, component));
        var world = component == "data-types" ? "data-types-component" : component;
        // The C++ fixture uses std::span, which the generated header offers from C++20 on.
        var options = language == "cpp" ? "options = { cflags = [\"-std=c++20\"] }\n" : "";
        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), $"""
            [workspace]
            default-bundle = "b"

            [bundles.b]
            bundle = "{bundle}"

            [[components]]
            name = "{component}"
            language = "{language}"
            path = "{component}"
            world = "{world}"
            {options}
            """);
        return workspace;
    }

    private static int CaseCount(string workspace, string component) =>
        Directory.EnumerateFiles(Path.Combine(workspace, component, "tests"), "*.test.toml")
            .Sum(file => File.ReadLines(file).Count(line => line.Trim() == "[[case]]"));

    /// <summary>Transpiles the built round-trip component with the bundle's jco and runs <c>tests/resources.mjs</c> on it, offline.</summary>
    private ProcessResult RunResourceScript(string bundle, string workspace)
    {
        var show = Wasmc(workspace, "bundle", "show", bundle, "--json");
        show.ExitCode.ShouldBe(0, show.ToString());
        using var document = JsonDocument.Parse(show.Out);
        var image = document.RootElement.GetProperty("toolchains").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "node").GetProperty("image").GetString()!;
        var user = $"{Id("-u")}:{Id("-g")}";
        return ProcessRunner.Run(
            "docker",
            [
                "run", "--rm", "--network=none", "-u", user, "-v", $"{workspace}:/w:ro", "-w", "/w", image, "sh", "-c",
                "jco transpile target/wasmc/debug/roundtrip/roundtrip.wasm -o /tmp/js --name component --instantiation async --no-typescript --quiet"
                + " && node roundtrip/tests/resources.mjs /tmp/js",
            ],
            workspace,
            timeout: TimeSpan.FromMinutes(5));
    }

    private static string Id(string flag) => ProcessRunner.Run("id", [flag], "/").Out.Trim();

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
