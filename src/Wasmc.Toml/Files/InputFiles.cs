using System.Runtime.InteropServices;

namespace Wasmc.Toml;

/// <summary>
/// How wasmc reads a file a repository gives it (<c>wasmc.toml</c>, WIT, test files): it must be a regular file
/// (following links: <c>wasmc.toml -&gt; /dev/zero</c> is a character device, a FIFO would block forever) and at most
/// <see cref="MaxBytes"/> long, checked before and while reading. Anything else is an <see cref="InputFileException"/>
/// (an <see cref="IOException"/>, so readers report it as they report any unreadable file).
/// </summary>
public static class InputFiles
{
    /// <summary>The largest text file wasmc reads: 8 MiB, far beyond any manifest, WIT package or test file.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>Reads the whole file, checked as described above.</summary>
    /// <exception cref="InputFileException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (KindOf(path) is { } kind && kind != "regular file")
        {
            throw new InputFileException(path, $"{path} is a {kind}, not a regular file");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw TooLarge(path, maxBytes);
        }

        // Read at most one byte more than allowed: a file that grows (or a device that never ends) stops here.
        var buffer = new byte[(int)Math.Min(maxBytes + 1, stream.CanSeek ? stream.Length + 1 : maxBytes + 1)];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > maxBytes)
        {
            throw TooLarge(path, maxBytes);
        }

        if (total == buffer.Length && stream.ReadByte() >= 0)
        {
            throw TooLarge(path, maxBytes); // grew after its length was read
        }

        return buffer[..total];
    }

    /// <summary>What <paramref name="path"/> is after following links (<c>regular file</c>, <c>FIFO</c>, ...); null when it cannot tell (not Linux).</summary>
    public static string? KindOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // statx(2) has one layout on every Linux architecture; stx_mode is the 16 bits at offset 28.
        var buffer = new byte[256];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            return null; // missing or unreadable: the open reports it
        }

        var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        return mode switch
        {
            0x8000 => "regular file",
            0x4000 => "folder",
            0x1000 => "FIFO",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    private static InputFileException TooLarge(string path, long maxBytes) =>
        new(path, $"{path} is larger than {maxBytes / (1024 * 1024)} MiB, more than wasmc reads from a text file");

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;

    // In a subfolder, so the plugins that compile Wasmc.Toml's top-level files in do not get a P/Invoke.
    [DllImport("libc", EntryPoint = "statx")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}

/// <summary>A file wasmc refuses to read: not a regular file, or too large.</summary>
public sealed class InputFileException(string path, string message) : IOException(message)
{
    /// <summary>The file as it was named.</summary>
    public string Path { get; } = path;
}
