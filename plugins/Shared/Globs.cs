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

        return Files(root)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("target/", StringComparison.Ordinal) && !relative.StartsWith("node_modules/", StringComparison.Ordinal))
            .Where(relative => regexes.Exists(regex => regex.IsMatch(relative)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every file below <paramref name="root"/>, not descending into folder links: a committed <c>src/loop -&gt; ..</c>
    /// or <c>src/rootlink -&gt; /root</c> must neither loop nor leave the component. File links are listed; the host
    /// refuses those that point outside the workspace before anything runs.
    /// </summary>
    private static IEnumerable<string> Files(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(folder, "*", options))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(folder, "*", options))
            {
                // target/ and node_modules/ of the component are never sources (and can be huge).
                var skipped = folder == root && Path.GetFileName(child) is "target" or "node_modules";
                if (!skipped && new DirectoryInfo(child).LinkTarget is null)
                {
                    pending.Push(child);
                }
            }
        }
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
