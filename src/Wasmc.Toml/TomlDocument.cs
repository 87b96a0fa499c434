using System.Text;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Wasmc.Toml;

/// <summary>
/// Reads TOML 1.1 with Tomlyn's validating syntax parser (<c>SyntaxParser.Parse(text, file, validate: true)</c>):
/// the first error becomes a <see cref="TomlException"/> at its <c>file:line:col</c>; a valid document becomes a
/// <see cref="TomlTable"/> tree whose keys and values remember where they were written.
/// </summary>
static partial class TomlDocument
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> is used in positions and errors.</summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.1.</exception>
    public static TomlTable Parse(string text, string fileName = "<input>") =>
        SyntaxMapper.Map(ParseSyntax(text, fileName), fileName);

    /// <summary>Parses UTF-8 bytes (a leading byte order mark is allowed); invalid UTF-8 is a <see cref="TomlException"/>.</summary>
    /// <exception cref="TomlException">The bytes are not valid UTF-8 or not valid TOML 1.1.</exception>
    public static TomlTable ParseUtf8(ReadOnlySpan<byte> utf8, string fileName = "<input>") =>
        Parse(DecodeUtf8(utf8, fileName), fileName);

    /// <summary>Reads and parses the file at <paramref name="path"/> (UTF-8, as TOML requires); the path appears in positions.</summary>
    /// <exception cref="TomlException">The file is not valid UTF-8 or not valid TOML 1.1.</exception>
    public static TomlTable ReadFile(string path) => ParseUtf8(File.ReadAllBytes(path), path);

    /// <summary>
    /// Tomlyn's lossless syntax tree of a valid document (<c>ToString()</c> gives <paramref name="text"/> back), for
    /// edits that keep comments and layout; <see cref="ToTable"/> gives its tables.
    /// </summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.1.</exception>
    public static DocumentSyntax ParseSyntax(string text, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, fileName, validate: true);
        }
        catch (Tomlyn.TomlException error)
        {
            // Raised instead of a diagnostic when arrays and inline tables nest deeper than Tomlyn's limit (64).
            throw new TomlException(new TomlPosition(fileName, error.Line ?? 1, error.Column ?? 1), TomlErrorText.Reason(error.Message));
        }

        if (document.HasErrors)
        {
            // Later errors are mostly the parser recovering from the first one.
            var first = document.Diagnostics
                .Where(d => d.Kind == DiagnosticMessageKind.Error)
                .MinBy(d => d.Span.Start.Offset)!;
            throw new TomlException(SyntaxMapper.Position(fileName, first.Span.Start), TomlErrorText.Reason(first.Message));
        }

        return document;
    }

    /// <summary>The tables of a document that <see cref="ParseSyntax"/> returned.</summary>
    public static TomlTable ToTable(DocumentSyntax document, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(document);
        return SyntaxMapper.Map(document, fileName);
    }

    /// <summary>Decodes UTF-8 strictly (a byte order mark stays in the text; Tomlyn skips one at the start).</summary>
    /// <exception cref="TomlException">The bytes are not valid UTF-8; the position is the first bad byte's.</exception>
    public static string DecodeUtf8(ReadOnlySpan<byte> utf8, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            var bad = FirstInvalidUtf8Offset(utf8);
            var before = Encoding.UTF8.GetString(utf8[..bad]).TrimStart('\uFEFF');
            var line = 1 + before.Count(c => c == '\n');
            var column = 1 + before[(before.LastIndexOf('\n') + 1)..].EnumerateRunes().Count();
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
