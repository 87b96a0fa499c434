using Wasmc.Plugins.Abstractions;

namespace Wasmc.Workspace.Tests;

/// <summary>A throw-away workspace folder: write a manifest and folders, load it, delete it all afterwards.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public static readonly ManifestContext Context = new(
        ["rust", "cpp", "go", "js"],
        [
            new KnownBundle("trixie-2026.11", [WasiLevel.Preview2]),
            new KnownBundle("sid-2026.11", [WasiLevel.Preview2, WasiLevel.Preview3]),
        ]);

    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "wasmc-workspace-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ManifestPath => Path.Combine(Root, "wasmc.toml");

    /// <summary>Creates a component folder with its <c>wit</c> folder.</summary>
    public TestWorkspace Component(string relativePath, string wit = "wit")
    {
        Directory.CreateDirectory(Path.Combine(Root, relativePath, wit));
        return this;
    }

    public TestWorkspace Folder(string relativePath)
    {
        Directory.CreateDirectory(Path.Combine(Root, relativePath));
        return this;
    }

    public ManifestLoadResult Load(string manifest, ManifestContext? context = null)
    {
        File.WriteAllText(ManifestPath, manifest);
        return ManifestLoader.Load(ManifestPath, context ?? Context);
    }

    /// <summary>Loads a manifest that must be valid.</summary>
    public WorkspaceManifest LoadValid(string manifest, ManifestContext? context = null)
    {
        var result = Load(manifest, context);
        result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        return result.Manifest.ShouldNotBeNull();
    }

    /// <summary>Loads a manifest that must have exactly one diagnostic, and returns it.</summary>
    public Diagnostic LoadSingleProblem(string manifest)
    {
        var result = Load(manifest);
        result.Manifest.ShouldBeNull();
        return result.Diagnostics.ShouldHaveSingleItem();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
