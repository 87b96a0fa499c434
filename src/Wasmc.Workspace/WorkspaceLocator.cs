namespace Wasmc.Workspace;

/// <summary>Finds the workspace a command runs in, the way git finds its repository.</summary>
public static class WorkspaceLocator
{
    /// <summary>The path of the nearest <c>wasmc.toml</c> in <paramref name="startDirectory"/> or a parent, or null.</summary>
    public static string? TryFind(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, WorkspaceManifest.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The path of the nearest <c>wasmc.toml</c> in <paramref name="startDirectory"/> or a parent.</summary>
    /// <exception cref="WorkspaceNotFoundException">There is none.</exception>
    public static string Find(string startDirectory) =>
        TryFind(startDirectory) ?? throw new WorkspaceNotFoundException(Path.GetFullPath(startDirectory));
}

/// <summary>No <c>wasmc.toml</c> was found; the message says how to create one.</summary>
public sealed class WorkspaceNotFoundException : Exception
{
    /// <summary>Creates the error for a search that started at <paramref name="startDirectory"/>.</summary>
    public WorkspaceNotFoundException(string startDirectory)
        : base($"no {WorkspaceManifest.FileName} found in {startDirectory} or any parent; run `dotnet wasmc new <language> <name>` to create one") =>
        StartDirectory = startDirectory;

    /// <summary>Where the search started.</summary>
    public string StartDirectory { get; }
}
