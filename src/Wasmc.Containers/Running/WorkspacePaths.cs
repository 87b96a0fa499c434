namespace Wasmc.Containers.Running;

/// <summary>
/// The one place where wasmc decides whether it may create, write or mount a path of a workspace. Every
/// folder and file wasmc writes (output, staging, scratch, support files, stamps, the lock, test folders)
/// and every folder it bind-mounts goes through here. The rule: the path lies lexically inside the
/// workspace (and inside the output folder, when one is given), and no part of it below the workspace root
/// is a symbolic link. A link there is refused with <see cref="UnsafePathException"/>, never followed: a
/// repository that commits <c>target/wasmc/.scratch/debug/calc -&gt; /home/me</c> must not get that folder
/// mounted, and <c>componentize.mjs -&gt; ~/.bashrc</c> must not be overwritten. Folders are created one level
/// at a time (<c>mkdir</c> does not follow a link in its last component), files through a new temporary file
/// (<c>O_CREAT|O_EXCL</c>) renamed into place, so even a link that appears after the check is replaced, not followed.
/// </summary>
public static class WorkspacePaths
{
    /// <summary>
    /// Checks <paramref name="path"/> and returns its full form: inside <paramref name="workspace"/> (and inside
    /// <paramref name="within"/>, when given), with no symbolic link among its existing parts below the workspace root.
    /// </summary>
    /// <exception cref="UnsafePathException">The path leaves the workspace or the output folder, or a part of it is a link.</exception>
    public static string Check(string workspace, string path, string? within = null)
    {
        var root = Path.GetFullPath(workspace);
        var full = Path.GetFullPath(path);
        if (!IsInside(root, full))
        {
            throw new UnsafePathException(full, $"{full} is outside the workspace {root}; wasmc writes only inside the workspace's output folder");
        }

        if (within is not null && !IsInside(Path.GetFullPath(within), full))
        {
            throw new UnsafePathException(full, $"{Display(root, full)} is outside the output folder {Display(root, Path.GetFullPath(within))}");
        }

        var current = root;
        foreach (var part in Parts(root, full))
        {
            current = Path.Combine(current, part);
            RefuseLink(root, current);
        }

        return full;
    }

    /// <summary>Creates <paramref name="folder"/> (and its missing parents below the workspace) without following links.</summary>
    /// <exception cref="UnsafePathException">See <see cref="Check"/>; also when a part of the path is a file.</exception>
    public static string CreateFolder(string workspace, string folder, string? within = null)
    {
        var root = Path.GetFullPath(workspace);
        var full = Check(root, folder, within);
        Directory.CreateDirectory(root); // the trusted root itself, as the caller named it
        var current = root;
        foreach (var part in Parts(root, full))
        {
            current = Path.Combine(current, part);
            if (!Directory.Exists(current) && !File.Exists(current))
            {
                try
                {
                    // One level: mkdir(2) does not follow a link in its last component.
                    Directory.CreateDirectory(current);
                }
                catch (IOException)
                {
                    // Created meanwhile (by another build or a link): checked below like any existing part.
                }
            }

            RefuseLink(root, current);
            if (!Directory.Exists(current))
            {
                throw new UnsafePathException(current, $"{Display(root, current)} is a file, where wasmc needs a folder");
            }
        }

        return full;
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/>: checked, its folder created, written to a new file and renamed into place.</summary>
    public static void WriteFile(string workspace, string path, ReadOnlySpan<byte> contents, string? within = null)
    {
        var full = Check(workspace, path, within);
        CreateFolder(workspace, Path.GetDirectoryName(full)!, within);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // CreateNew is O_CREAT|O_EXCL: it fails on any existing name, a link included, instead of following it.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
            }

            // rename(2) replaces a link that appeared after the check; it never writes through it.
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDeleteFile(temporary);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte order mark); see <see cref="WriteFile(string, string, ReadOnlySpan{byte}, string?)"/>.</summary>
    public static void WriteText(string workspace, string path, string contents, string? within = null) =>
        WriteFile(workspace, path, System.Text.Encoding.UTF8.GetBytes(contents), within);

    /// <summary>
    /// A folder the runner may bind-mount: an existing folder inside the workspace, not a link and not below one.
    /// Docker resolves links in a bind source on the host, so this check is what keeps host folders out of containers.
    /// </summary>
    public static string CheckMountSource(string workspace, string folder)
    {
        var full = Check(workspace, folder);
        return Directory.Exists(full)
            ? full
            : throw new UnsafePathException(full, $"{Display(Path.GetFullPath(workspace), full)} is not a folder; it cannot be mounted");
    }

    /// <summary>Whether <paramref name="path"/> (full) is <paramref name="root"/> (full) or below it, by path text alone.</summary>
    public static bool IsInside(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    /// <summary>Whether the file system entry at <paramref name="path"/> is a symbolic link (not following it).</summary>
    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static void RefuseLink(string root, string path)
    {
        var target = new FileInfo(path).LinkTarget;
        if (target is not null)
        {
            throw new UnsafePathException(
                path,
                $"{Display(root, path)} is a symbolic link (to {target}); wasmc does not follow links where it writes or mounts. " +
                "Remove it (it is not part of any sources) and build again");
        }
    }

    private static IEnumerable<string> Parts(string root, string full)
    {
        var relative = Path.GetRelativePath(root, full);
        return relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Display(string root, string path) =>
        IsInside(root, path) ? Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/') : path;

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>
/// wasmc refused to write to, create or mount a path: it leaves the workspace (or its output folder), or a part of
/// it is a symbolic link. Bad input: exit code 2.
/// </summary>
public sealed class UnsafePathException : Exception
{
    public UnsafePathException(string path, string message, string? location = null) : base(message)
    {
        Path = path;
        Location = location;
    }

    /// <summary>The full path that was refused.</summary>
    public string Path { get; }

    /// <summary>Where, for a located error (<c>components/calc/src/secret.c</c>, workspace-relative); null otherwise.</summary>
    public string? Location { get; }
}
