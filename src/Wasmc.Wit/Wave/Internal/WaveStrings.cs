using System.Text;

namespace Wasmc.Wit.Wave.Internal;

/// <summary>Decoding of WAVE string and char contents (wasm-wave <c>strings.rs</c>).</summary>
internal static class WaveStrings
{
    /// <summary>Decodes the escape starting at <paramref name="index"/>; null when it is invalid.</summary>
    public static (Rune Rune, int Length)? Unescape(string text, int index)
    {
        if (index + 1 >= text.Length || text[index] != '\\')
        {
            return null;
        }

        switch (text[index + 1])
        {
            case '\\': return (new Rune('\\'), 2);
            case '\'': return (new Rune('\''), 2);
            case '"': return (new Rune('"'), 2);
            case 't': return (new Rune('\t'), 2);
            case 'n': return (new Rune('\n'), 2);
            case 'r': return (new Rune('\r'), 2);
            case 'u':
                break;
            default:
                return null;
        }

        if (index + 2 >= text.Length || text[index + 2] != '{')
        {
            return null;
        }

        var value = 0L;
        var digits = 0;
        for (var i = index + 3; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                if (digits == 0 || value > 0x10FFFF || !Rune.IsValid((int)value))
                {
                    return null;
                }

                return (new Rune((int)value), digits + 4);
            }

            if (!char.IsAsciiHexDigit(c) || ++digits > 6)
            {
                return null;
            }

            value = (value << 4) | (long)System.Convert.ToInt32(c.ToString(), 16);
        }

        return null;
    }

    public static string DecodeSingleLine(string source, int start, int end)
    {
        var builder = new StringBuilder();
        AppendDecoded(builder, source, start, end);
        return builder.ToString();
    }

    public static string DecodeMultiline(string source, int start, int end)
    {
        var content = source[start..end];

        // The line holding the closing quotes must be only spaces: they are the indent to strip.
        var lastNewline = content.LastIndexOf('\n');
        var indent = lastNewline < 0 ? content : content[(lastNewline + 1)..];
        if (indent.Any(c => c != ' '))
        {
            throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidMultilineString,
                "closing \"\"\" must be on a line preceded only by spaces", end - 3, end);
        }

        var body = content.StartsWith('\r') ? content[1..] : content;
        var bodyOffset = start + (content.Length - body.Length);
        if (!body.StartsWith('\n'))
        {
            throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidMultilineString,
                "opening \"\"\" must be followed immediately by newline", start, start + 1);
        }

        // Lines between the opening line and the closing line; each keeps its leading newline
        // except the first.
        var lines = body.Split('\n');
        var builder = new StringBuilder();
        var position = bodyOffset + 1;
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var lineStart = position;
            position += line.Length + 1;
            if (!line.StartsWith(indent, StringComparison.Ordinal))
            {
                throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidMultilineString,
                    "lines must be indented at least as much as closing \"\"\"", lineStart, lineStart + 1);
            }

            if (i > 1)
            {
                builder.Append('\n');
            }

            var contentStart = lineStart + indent.Length;
            var contentEnd = lineStart + line.Length - (line.EndsWith('\r') ? 1 : 0);
            AppendDecoded(builder, source, contentStart, Math.Max(contentStart, contentEnd));
        }

        return builder.ToString();
    }

    private static void AppendDecoded(StringBuilder builder, string source, int start, int end)
    {
        var i = start;
        while (i < end)
        {
            var escape = source.IndexOf('\\', i, end - i);
            if (escape < 0)
            {
                builder.Append(source, i, end - i);
                return;
            }

            builder.Append(source, i, escape - i);
            var (rune, length) = Unescape(source[..end], escape)
                ?? throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidEscape, null, escape, escape + 1);
            builder.Append(rune.ToString());
            i = escape + length;
        }
    }
}
