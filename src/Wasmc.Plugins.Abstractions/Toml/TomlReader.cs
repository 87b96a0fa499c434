using System.Text;

namespace Wasmc.Toml;

/// <summary>Reads TOML 1.0 documents into <see cref="TomlTable"/> trees that remember where every key and value was written.</summary>
public static class TomlReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> is used in positions and errors.</summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
    public static TomlTable Parse(string text, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return new TomlParser(text, fileName).ParseDocument();
    }

    /// <summary>Parses UTF-8 bytes (a leading byte order mark is allowed); invalid UTF-8 is a <see cref="TomlException"/>.</summary>
    /// <exception cref="TomlException">The bytes are not valid UTF-8 or not valid TOML 1.0.</exception>
    public static TomlTable ParseUtf8(ReadOnlySpan<byte> utf8, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (utf8.StartsWith("\xEF\xBB\xBF"u8))
        {
            utf8 = utf8[3..];
        }

        return Parse(DecodeStrict(utf8, fileName), fileName);
    }

    /// <summary>Reads and parses the file at <paramref name="path"/> (UTF-8, as TOML requires).</summary>
    /// <exception cref="TomlException">The file is not valid UTF-8 or not valid TOML 1.0.</exception>
    public static TomlTable ReadFile(string path) => ParseUtf8(File.ReadAllBytes(path), path);

    private static string DecodeStrict(ReadOnlySpan<byte> utf8, string fileName)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            var bad = FirstInvalidUtf8Offset(utf8);
            var before = Encoding.UTF8.GetString(utf8[..bad]);
            var line = 1 + before.Count(c => c == '\n');
            var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
            throw new TomlException(new TomlPosition(fileName, line, column), $"invalid UTF-8 byte 0x{utf8[bad]:X2} (TOML files must be UTF-8)");
        }
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        Span<char> buffer = stackalloc char[256];
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Unicode.Utf8.ToUtf16(utf8[offset..], buffer, out var read, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.InvalidData)
            {
                return offset + read;
            }

            if (read == 0)
            {
                // Truncated sequence at the very end.
                return offset;
            }

            offset += read;
        }

        return Math.Max(0, utf8.Length - 1);
    }
}

/// <summary>A TOML syntax or semantic error, located at <see cref="Position"/>.</summary>
public sealed class TomlException : Exception
{
    /// <summary>Creates the error.</summary>
    public TomlException(TomlPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is.</summary>
    public TomlPosition Position { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}
