using System.Globalization;
using System.Text;

namespace Wasmc.Bindings;

/// <summary>
/// WIT names (kebab-case words, each all lower- or all upper-case: <c>get-HTTP-version</c>) in the casings
/// languages use. Acronyms become ordinary words (<c>GetHttpVersion</c>), as wit-bindgen's generators spell
/// them. Keywords are the language's business: pass its set to <see cref="Escape"/>.
/// </summary>
public static class Identifiers
{
    /// <summary>The words of a WIT name, lower-cased: <c>get-HTTP-version</c> → <c>get</c>, <c>http</c>, <c>version</c>.</summary>
    public static IReadOnlyList<string> Words(string witName)
    {
        ArgumentNullException.ThrowIfNull(witName);
        return [.. witName.TrimStart('%').Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant())];
    }

    /// <summary><c>get-http-version</c> → <c>get_http_version</c>.</summary>
    public static string Snake(string witName) => string.Join('_', Words(witName));

    /// <summary><c>get-http-version</c> → <c>GET_HTTP_VERSION</c>.</summary>
    public static string ScreamingSnake(string witName) => Snake(witName).ToUpperInvariant();

    /// <summary><c>get-http-version</c> → <c>GetHttpVersion</c>.</summary>
    public static string UpperCamel(string witName)
    {
        var text = new StringBuilder();
        foreach (var word in Words(witName))
        {
            text.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture)).Append(word.AsSpan(1));
        }

        return text.ToString();
    }

    /// <summary><c>get-http-version</c> → <c>getHttpVersion</c>.</summary>
    public static string LowerCamel(string witName)
    {
        var upper = UpperCamel(witName);
        return upper.Length == 0 ? upper : char.ToLower(upper[0], CultureInfo.InvariantCulture) + upper[1..];
    }

    /// <summary>
    /// <paramref name="identifier"/> unchanged, or passed through <paramref name="escape"/> when it is one of
    /// <paramref name="keywords"/> (Rust: <c>r#type</c>; C: <c>type_</c>).
    /// </summary>
    public static string Escape(string identifier, IReadOnlySet<string> keywords, Func<string, string> escape)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(escape);
        return keywords.Contains(identifier) ? escape(identifier) : identifier;
    }
}
