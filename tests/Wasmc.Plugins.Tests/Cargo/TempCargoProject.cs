namespace Wasmc.Plugins.Tests.Cargo;

/// <summary>A throw-away directory tree of manifests, written by the test that reads it.</summary>
internal sealed class TempCargoProject : IDisposable
{
    public TempCargoProject()
    {
        Root = Path.Combine(Path.GetTempPath(), $"wasmc-cargo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="relativePath"/> and returns the full path.</summary>
    public string Write(string relativePath, string contents)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
