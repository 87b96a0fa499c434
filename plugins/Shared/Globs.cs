using System.Text;
using System.Text.RegularExpressions;

namespace Wasmc.Plugins.Shared;

/// <summary>
/// Minimal globbing (<c>*</c>, <c>?</c>, <c>**</c>) over a component folder, with <c>/</c>-separated relative
/// results in ordinal order so plans are stable across machines.
/// </summary>
internal static class Globs
{
    public static IReadOnlyList<string> Expand(string root, IEnumerable<string> patterns)
    {
        var regexes = patterns.Select(ToRegex).ToList();
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("target/", StringComparison.Ordinal) && !relative.StartsWith("node_modules/", StringComparison.Ordinal))
            .Where(relative => regexes.Exists(regex => regex.IsMatch(relative)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static bool HasMatch(string root, params string[] patterns) => Expand(root, patterns).Count > 0;

    private static Regex ToRegex(string pattern)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                text.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                text.Append("[^/]*");
            }
            else if (c == '?')
            {
                text.Append("[^/]");
            }
            else
            {
                text.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
