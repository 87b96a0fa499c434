using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>Fixture folders (<c>tests/fixtures/LANGUAGE/NAME</c>) copied into test workspaces, and what the tests count in them.</summary>
internal static class FixtureFiles
{
    /// <summary>Copies every file below <paramref name="from"/>, except outputs a local run may have left (<c>target/</c>).</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("target" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// Copies the fixture <c>tests/fixtures/LANGUAGE/COMPONENT</c> to <paramref name="target"/>. A fixture without <c>wit/</c>
    /// implements the Rust fixture of the same name: its <c>wit/</c> and <c>tests/</c> come from there, so every language
    /// passes the very same WIT and test files (tests/fixtures/README.md).
    /// </summary>
    public static void CopyComponent(string repoRoot, string language, string component, string target)
    {
        var fixtures = Path.Combine(repoRoot, "tests", "fixtures");
        var source = Path.Combine(fixtures, language, component);
        Directory.Exists(source).ShouldBeTrue($"no fixture {source}");
        CopyFolder(source, target);
        if (!Directory.Exists(Path.Combine(source, "wit")))
        {
            var contract = Path.Combine(fixtures, "rust", component);
            CopyFolder(Path.Combine(contract, "wit"), Path.Combine(target, "wit"));
            // A component built and validated only (the importer) has no test files.
            if (Directory.Exists(Path.Combine(contract, "tests")))
            {
                CopyFolder(Path.Combine(contract, "tests"), Path.Combine(target, "tests"));
            }
        }
    }

    /// <summary>The <c>[[case]]</c> tables in the components' test files.</summary>
    public static int CaseCount(string workspace, params string[] components) =>
        components.SelectMany(component => Directory.EnumerateFiles(Path.Combine(workspace, component, "tests"), "*.test.toml"))
            .Sum(file => File.ReadLines(file).Count(line => line.Trim() == "[[case]]"));

    /// <summary>
    /// Test files cannot call resources: transpiles the built round-trip component with the bundle's jco and runs its
    /// <c>tests/resources.mjs</c> on it, offline.
    /// </summary>
    public static ProcessResult RunResourceScript(InstalledTool tool, string bundle, string workspace)
    {
        var show = tool.Wasmc(workspace, "bundle", "show", bundle, "--json");
        show.ExitCode.ShouldBe(0, show.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(show.Out);
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

    /// <summary>
    /// The built <c>roundtrip</c> component of <paramref name="workspace"/> passes every case of the Rust round trip's test
    /// files (every value kind, the WASI imports) in both runners, Wasmtime in process and jco in Node, and, through jco,
    /// its resource script (test files cannot call resources).
    /// </summary>
    public static void RoundTripPasses(InstalledTool tool, string bundle, string workspace, ITestOutputHelper output, string label)
    {
        foreach (var runner in new[] { "wasmtime", "jco" })
        {
            var test = tool.Wasmc(workspace, "test", "roundtrip", "--runner", runner);
            output.WriteLine($"{label}, {runner}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{label}, {runner}: {test}");
            test.Out.ShouldContain(runner == "jco" ? "roundtrip (jco, Node)" : "roundtrip (wasmtime");
            test.Out.ShouldContain("PASS every width negated, wrapping at the limits");
            test.Out.ShouldContain("PASS 18 flat parameters arrive in memory");
            test.Out.ShouldContain("PASS random-bytes-len(33)");
            test.Out.ShouldContain("PASS write-stdout(");
            test.Out.ShouldNotContain("FAIL ", Case.Sensitive);
            test.Out.ShouldContain($" {CaseCount(workspace, "roundtrip")} passed, 0 failed");
        }

        var resources = RunResourceScript(tool, bundle, workspace);
        output.WriteLine(resources.Out);
        resources.ExitCode.ShouldBe(0, $"{label}: {resources}");
        resources.Out.ShouldContain("ok host drops run the destructors: 3");
        resources.Out.ShouldNotContain("MISMATCH");
    }
}
