namespace Wasmc.Workspace.Internal;

/// <summary>Replaces files all at once: readers see the old file or the new one, never a torn mix.</summary>
internal static class AtomicFile
{
    /// <summary>Writes a temporary file beside <paramref name="path"/> and renames it over the target.</summary>
    /// <exception cref="IOException">The target exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write(string path, byte[] contents, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        // Same folder, so the rename never crosses file systems (which would make it a copy).
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
