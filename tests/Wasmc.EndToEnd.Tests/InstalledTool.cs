using System.Globalization;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Packs the tool from this checkout into a temporary feed and installs it into a temporary tool
/// path, once for all end-to-end tests (it is slow: a Release build plus a NuGet install).
/// A unique pre-release version keeps NuGet's package cache from serving an older build.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    private const string PackageId = "Wasmc.Tool";

    public InstalledTool()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "wasmc-e2e", Guid.NewGuid().ToString("N"));
        var feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        ToolPath = Directory.CreateDirectory(Path.Combine(Root, "tools")).FullName;
        WorkRoot = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        var pack = ProcessRunner.Run(
            "dotnet",
            ["pack", Path.Combine(RepoRoot, "src", "Wasmc.Cli"), "-c", "Release", "-o", feed, $"-p:Version={Version}"],
            RepoRoot,
            timeout: TimeSpan.FromMinutes(15));
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed:\n{pack}");
        }

        // The temporary feed plus the repository's own sources, so the install resolves like a user's would.
        var nugetConfig = Path.Combine(Root, "nuget.config");
        File.WriteAllText(nugetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="wasmc-e2e" value="{feed}" />
                {RepoSources()}
              </packageSources>
            </configuration>
            """);

        var install = ProcessRunner.Run(
            "dotnet",
            ["tool", "install", PackageId, "--tool-path", ToolPath, "--add-source", feed, "--version", Version, "--configfile", nugetConfig],
            Root,
            timeout: TimeSpan.FromMinutes(10));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool install failed:\n{install}");
        }
    }

    public string RepoRoot { get; }

    /// <summary>The temporary folder holding the feed, the tool path and the work folders.</summary>
    public string Root { get; }

    public string ToolPath { get; }

    public string WorkRoot { get; }

    public string Version { get; }

    /// <summary>A fresh empty folder outside the repository (so nothing can be found by walking up into it).</summary>
    public string NewWorkFolder() => Directory.CreateDirectory(Path.Combine(WorkRoot, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>
    /// Runs <c>dotnet wasmc ARGS</c> with the tool path first on PATH, as a user's shell would, with a time limit that fits
    /// componentize-js on a busy machine.
    /// </summary>
    public ProcessResult Wasmc(string workingDirectory, params string[] args)
    {
        var path = ToolPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        return ProcessRunner.Run(
            "dotnet",
            ["wasmc", .. args],
            workingDirectory,
            new Dictionary<string, string?> { ["PATH"] = path, ["NO_COLOR"] = "1" },
            timeout: TimeSpan.FromMinutes(20));
    }

    /// <summary>
    /// Runs <c>build</c> then <c>test</c> in <paramref name="workspace"/>, both with <paramref name="options"/>, requires
    /// both to succeed (the failure names <paramref name="label"/>) and returns the test run, whose output is also written
    /// to <paramref name="output"/>.
    /// </summary>
    public ProcessResult BuildAndTestPass(string workspace, string label, ITestOutputHelper output, params string[] options)
    {
        var build = Wasmc(workspace, ["build", .. options]);
        build.ExitCode.ShouldBe(0, $"{label}: {build}");
        var test = Wasmc(workspace, ["test", .. options]);
        output.WriteLine($"{label}:\n{test.Out}");
        test.ExitCode.ShouldBe(0, $"{label}: {test}");
        return test;
    }

    /// <summary>Every bundle <c>bundle list</c> offers with <paramref name="language"/> among its languages (so a new bundle cannot be skipped).</summary>
    public List<string> BundlesListing(string language)
    {
        var list = Wasmc(NewWorkFolder(), "bundle", "list", "--json");
        list.ExitCode.ShouldBe(0, list.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(list.Out);
        return [.. document.RootElement.GetProperty("bundles").EnumerateArray()
            .Where(b => b.GetProperty("languages").EnumerateArray().Any(l => l.GetString() == language))
            .Select(b => b.GetProperty("name").GetString()!)];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless.
        }
    }

    private string RepoSources()
    {
        var config = Path.Combine(RepoRoot, "nuget.config");
        if (!File.Exists(config))
        {
            return "";
        }

        var document = XDocument.Load(config);
        return string.Join(
            Environment.NewLine,
            document.Descendants("packageSources").Elements("add").Select(add => add.ToString()));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WasmCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class InstalledToolCollection : ICollectionFixture<InstalledTool>
{
    public const string Name = "installed tool";
}
