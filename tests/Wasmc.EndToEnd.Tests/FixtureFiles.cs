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
}
