using Wasmc.Toml;

namespace Wasmc.Core.Testing.Files;

/// <summary>
/// Maps a line and column inside a decoded TOML string (as a WAVE error reports it) back to the line and
/// column in the file, so an error inside <c>call = "add(1.0, x)"</c> points at the <c>x</c> in the file.
/// Handles the four TOML string forms, escapes (TOML 1.1's <c>\xHH</c> too) and line-ending backslashes.
/// </summary>
internal static class TomlStringLocator
{
    /// <param name="fileText">The whole file.</param>
    /// <param name="token">Where the string token starts (its opening quote).</param>
    /// <param name="line">1-based line inside the decoded string.</param>
    /// <param name="column">1-based column inside the decoded string (code points, as <c>WaveException</c> counts).</param>
    public static (int Line, int Column) Locate(string fileText, TomlPosition token, int line, int column)
    {
        var start = IndexOf(fileText, token.Line, token.Column);
        if (start < 0 || start >= fileText.Length)
        {
            return (token.Line, token.Column);
        }

        var multiline = Starts(fileText, start, "\"\"\"") || Starts(fileText, start, "'''");
        var basic = fileText[start] == '"';
        var quote = fileText[start];
        var index = start + (multiline ? 3 : 1);
        var (rawLine, rawColumn) = (token.Line, token.Column + (multiline ? 3 : 1));
        if (multiline)
        {
            // A newline right after the opening delimiter is not part of the string.
            if (Starts(fileText, index, "\r\n"))
            {
                index += 2;
                (rawLine, rawColumn) = (rawLine + 1, 1);
            }
            else if (Starts(fileText, index, "\n"))
            {
                index++;
                (rawLine, rawColumn) = (rawLine + 1, 1);
            }
        }

        var (decodedLine, decodedColumn) = (1, 1);
        while (index < fileText.Length)
        {
            var c = fileText[index];
            if (basic && multiline && c == '\\' && index + 1 < fileText.Length && fileText[index + 1] is ' ' or '\t' or '\r' or '\n')
            {
                // Line-ending backslash: it and all whitespace after it vanish from the string.
                rawColumn++;
                index++;
                while (index < fileText.Length && fileText[index] is ' ' or '\t' or '\r' or '\n')
                {
                    (rawLine, rawColumn) = fileText[index] == '\n' ? (rawLine + 1, 1) : (rawLine, rawColumn + 1);
                    index++;
                }

                continue;
            }

            if (decodedLine == line && decodedColumn == column)
            {
                return (rawLine, rawColumn);
            }

            if (!multiline && c == quote)
            {
                break;
            }

            if (multiline && Starts(fileText, index, new string(quote, 3)) && !Starts(fileText, index + 3, new string(quote, 1)))
            {
                break;
            }

            int rawLength;
            var decodedNewline = false;
            if (basic && c == '\\')
            {
                var next = index + 1 < fileText.Length ? fileText[index + 1] : '\0';
                rawLength = next switch
                {
                    'x' => 4,
                    'u' => 6,
                    'U' => 10,
                    _ => 2,
                };
                decodedNewline = next == 'n';
            }
            else if (c == '\r' && Starts(fileText, index, "\r\n"))
            {
                // TOML normalises nothing, but the WAVE column counter only breaks on '\n'.
                rawLength = 1;
            }
            else
            {
                rawLength = char.IsHighSurrogate(c) && index + 1 < fileText.Length ? 2 : 1;
                decodedNewline = c == '\n';
            }

            index += rawLength;
            if (c == '\n')
            {
                (rawLine, rawColumn) = (rawLine + 1, 1);
            }
            else
            {
                // Columns count code points, as Tomlyn's positions do: a surrogate pair is one column.
                rawColumn += char.IsHighSurrogate(c) ? 1 : rawLength;
            }

            if (decodedNewline)
            {
                (decodedLine, decodedColumn) = (decodedLine + 1, 1);
            }
            else
            {
                decodedColumn++;
            }
        }

        return (rawLine, rawColumn);
    }

    private static bool Starts(string text, int index, string value) =>
        index >= 0 && index + value.Length <= text.Length && string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private static int IndexOf(string text, int line, int column)
    {
        // A byte order mark is not part of the first line's columns.
        var index = text.StartsWith('\uFEFF') ? 1 : 0;
        for (var current = 1; current < line; current++)
        {
            index = text.IndexOf('\n', index);
            if (index < 0)
            {
                return -1;
            }

            index++;
        }

        for (var current = 1; current < column && index < text.Length; current++)
        {
            index += char.IsHighSurrogate(text[index]) ? 2 : 1;
        }

        return index;
    }
}
