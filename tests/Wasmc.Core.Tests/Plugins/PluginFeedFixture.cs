using System.Diagnostics;
using System.Text;

namespace Wasmc.Core.Tests.Plugins;

/// <summary>
/// Builds, once per test run, a local NuGet feed holding <c>Wasmc.Plugins.Abstractions</c> (packed from this
/// repository) and the sample third-party plugin of <c>tests/fixtures/SamplePlugin</c>, which references the
/// abstractions as a package. Everything happens below one temporary folder with its own nuget.config and
/// global packages folder, so nothing is downloaded and the user's package cache is not touched.
/// </summary>
public sealed class PluginFeedFixture : IAsyncLifetime
{
    public const string SamplePackageId = "Wasmc.Samples.ZigPlugin";
    public const string SampleVersion = "1.2.3";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wasmc-plugin-feed-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The sample's build output: a folder plugin.</summary>
    public string SampleBuildFolder { get; private set; } = "";

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}");
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var packages = Path.Combine(Root, "build-packages");

        // Offline and isolated: only the local feed, and a private global packages folder.
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), NuGetConfig(Feed, packages));

        var abstractions = Path.Combine(RepositoryRoot, "src", "Wasmc.Plugins.Abstractions", "Wasmc.Plugins.Abstractions.csproj");
        await Dotnet(
            RepositoryRoot,
            "pack", abstractions, "-c", "Release", "-o", Feed, "--nologo",
            $"-p:ArtifactsPath={Path.Combine(Root, "artifacts", "abstractions")}", "-p:UseArtifactsOutput=true",
            $"-p:RestorePackagesPath={packages}");
        var packed = Directory.GetFiles(Feed, "Wasmc.Plugins.Abstractions.*.nupkg").Single();
        var abstractionsVersion = Path.GetFileNameWithoutExtension(packed)["Wasmc.Plugins.Abstractions.".Length..];

        var sample = Path.Combine(Root, "SamplePlugin");
        CopyFixture(Path.Combine(RepositoryRoot, "tests", "fixtures", "SamplePlugin"), sample);
        var sampleArtifacts = Path.Combine(Root, "artifacts", "sample");
        await Dotnet(
            sample,
            "pack", Path.Combine(sample, "SamplePlugin.csproj"), "-c", "Release", "-o", Feed, "--nologo",
            $"-p:WasmcAbstractionsVersion={abstractionsVersion}",
            $"-p:ArtifactsPath={sampleArtifacts}", "-p:UseArtifactsOutput=true");
        SampleBuildFolder = Directory.GetFiles(sampleArtifacts, SamplePackageId + ".dll", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .OfType<string>()
            .Single(folder => folder.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }

        return Task.CompletedTask;
    }

    /// <summary>A fresh folder below the fixture root.</summary>
    public string NewFolder(string name)
    {
        var folder = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>A nuget.config that clears every inherited source, with optional sources of its own.</summary>
    public static string NuGetConfig(string? source = null, string? globalPackagesFolder = null)
    {
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n");
        if (source is not null)
        {
            text.Append($"    <add key=\"local\" value=\"{source}\" />\n");
        }

        text.Append("  </packageSources>\n");
        if (globalPackagesFolder is not null)
        {
            text.Append($"  <config>\n    <add key=\"globalPackagesFolder\" value=\"{globalPackagesFolder}\" />\n  </config>\n");
        }

        return text.Append("</configuration>\n").ToString();
    }

    private static void CopyFixture(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PluginFeedCollection : ICollectionFixture<PluginFeedFixture>
{
    public const string Name = "plugin feed";
}
