namespace Wasmc.Workspace.Internal;

/// <summary>What is wrong with a path written in the manifest.</summary>
internal enum PathProblem
{
    None,
    Absolute,
    ClimbsOut,
    Missing,
    LinksOut,
}

/// <summary>A checked path: its absolute form and the first problem found.</summary>
internal sealed record CheckedPath(string FullPath, PathProblem Problem, string? LinkTarget = null);

/// <summary>
/// Keeps manifest paths inside the workspace: the workspace is what gets mounted into toolchain
/// containers, so a path outside it would not exist there (and must not be written to).
/// </summary>
internal sealed class WorkspacePaths(string rootDirectory)
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private string? _realRoot;

    public string Root { get; } = Path.GetFullPath(rootDirectory);

    private string RealRoot => _realRoot ??= RealPath(Root);

    /// <summary>Checks <paramref name="relativePath"/>, taken relative to <paramref name="baseDirectory"/>.</summary>
    /// <param name="relativePath">The path as written.</param>
    /// <param name="baseDirectory">An absolute folder inside the workspace.</param>
    /// <param name="mustExist">Whether a missing folder is a problem.</param>
    public CheckedPath Check(string relativePath, string baseDirectory, bool mustExist)
    {
        if (Path.IsPathRooted(relativePath) || relativePath.StartsWith('/') || relativePath.StartsWith('\\'))
        {
            return new CheckedPath(relativePath, PathProblem.Absolute);
        }

        var fullPath = Path.GetFullPath(Path.Combine(baseDirectory, relativePath));
        if (!IsInside(fullPath, Root))
        {
            return new CheckedPath(fullPath, PathProblem.ClimbsOut);
        }

        if (!Directory.Exists(fullPath))
        {
            return new CheckedPath(fullPath, mustExist ? PathProblem.Missing : PathProblem.None);
        }

        var realPath = RealPath(fullPath);
        return IsInside(realPath, RealRoot)
            ? new CheckedPath(fullPath, PathProblem.None)
            : new CheckedPath(fullPath, PathProblem.LinksOut, realPath);
    }

    /// <summary>The path relative to the workspace root, with <c>/</c> separators (<c>.</c> for the root).</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    public static bool IsInside(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        var trimmedPath = Path.TrimEndingDirectorySeparator(path);
        return string.Equals(trimmedPath, trimmedRoot, PathComparison)
               || trimmedPath.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, PathComparison);
    }

    /// <summary>
    /// <paramref name="fullPath"/> with every symbolic link on the way resolved, so that
    /// <c>components/x -> /etc</c> is seen for what it is.
    /// </summary>
    public static string RealPath(string fullPath) => RealPath(fullPath, linksFollowed: 0);

    private static string RealPath(string fullPath, int linksFollowed)
    {
        // The kernel gives up on link chains at 40 as well (ELOOP); stop rather than spin on a loop.
        const int maxLinks = 40;
        var root = Path.GetPathRoot(fullPath) ?? "";
        var current = root;
        var parts = fullPath[root.Length..].Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar],
            StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null && linksFollowed < maxLinks)
            {
                var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
                next = RealPath(resolved, linksFollowed + 1);
            }

            current = next;
        }

        return current;
    }
}
