using System.Text.RegularExpressions;

namespace Wasmc.Toml;

/// <summary>
/// Tomlyn's diagnostics in the words wasmc's messages use (lower case, keys and tokens in single quotes); the two
/// most common ones are rephrased so that they name both places of a duplicate and what was expected first.
/// </summary>
internal static partial class TomlErrorText
{
    public static string Reason(string message)
    {
        var duplicate = Duplicate().Match(message);
        if (duplicate.Success)
        {
            return $"duplicate key '{duplicate.Groups["key"].Value}' (first defined at {duplicate.Groups["line"].Value}:{duplicate.Groups["column"].Value})";
        }

        var unexpected = Unexpected().Match(message);
        if (unexpected.Success)
        {
            return $"expected {Token(unexpected.Groups["expected"].Value)}, found {Token(unexpected.Groups["found"].Value)}";
        }

        var text = Backticked().Replace(LineEnd().Replace(message, "the end of the line"), match => $"'{match.Groups[1].Value}'");
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    private static string Token(string token) => token switch
    {
        "␤" or "newline" => "the end of the line",
        "eof" or "" => "the end of the file",
        _ => $"'{token}'",
    };

    // "The key `package.name` is already defined at (2,1) with `name = "x"` and cannot be redefined"
    [GeneratedRegex(@"^The key `(?<key>[^`]*)` is already defined at \((?<line>\d+),(?<column>\d+)\) with `.*` and cannot be redefined$", RegexOptions.Singleline)]
    private static partial Regex Duplicate();

    // "Unexpected token found `␤` (token: `newline`) while expecting `]` (token: `closebracket`)"
    [GeneratedRegex(@"^Unexpected token found `(?<found>[^`]*)`(?: \(token: `[^`]*`\))? while expecting (?:token )?`(?<expected>[^`]*)`(?: \(token: `[^`]*`\))?$", RegexOptions.Singleline)]
    private static partial Regex Unexpected();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex Backticked();

    // Tomlyn shows a line end as '␤'; only a standalone one is replaced, not one inside a quoted key.
    [GeneratedRegex(@"`␤`|(?<=\s)␤(?=\s|$)")]
    private static partial Regex LineEnd();
}
