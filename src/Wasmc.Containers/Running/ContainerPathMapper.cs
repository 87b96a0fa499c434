using System.Text.RegularExpressions;

namespace Wasmc.Containers.Running;

/// <summary>
/// Rewrites container paths in text to host paths (<c>/workspace/src/app.js:3:5</c> becomes
/// <c>/home/me/app/src/app.js:3:5</c>), so editors and terminals can open what tools report.
/// A prefix only matches as whole path segments: <c>/workspace</c> does not touch <c>/workspaces</c>
/// or <c>/x/workspace</c>.
/// </summary>
internal sealed class ContainerPathMapper
{
    private readonly (Regex Pattern, string HostPath)[] _rules;

    public ContainerPathMapper(IEnumerable<KeyValuePair<string, string>> containerToHost)
    {
        // Longest prefix first, so /workspace/out wins over /workspace.
        _rules = [.. containerToHost
            .Where(pair => pair.Key.Length > 1 && pair.Key != pair.Value)
            .OrderByDescending(pair => pair.Key.Length)
            .Select(pair => (
                new Regex(@"(?<![\w.\-/~])" + Regex.Escape(pair.Key.TrimEnd('/')) + @"(?=/|$|[^\w.\-])", RegexOptions.CultureInvariant),
                pair.Value.TrimEnd('/', '\\')))];
    }

    public static ContainerPathMapper Identity { get; } = new([]);

    public string Map(string text)
    {
        foreach (var (pattern, hostPath) in _rules)
        {
            text = pattern.Replace(text, hostPath.Replace("$", "$$", StringComparison.Ordinal));
        }

        return text;
    }
}
