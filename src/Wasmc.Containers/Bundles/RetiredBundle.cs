using Wasmc.Toml;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// A bundle that is no longer offered. Its files stay, unchanged (published bundles are immutable), so images
/// built from it stay explainable; wasmc refuses to build with it and points at its successor.
/// </summary>
/// <param name="Name">The retired bundle.</param>
/// <param name="Successor">The bundle to use instead.</param>
/// <param name="Reason">Why it was retired, in one sentence.</param>
public sealed record RetiredBundle(string Name, string Successor, string Reason)
{
    /// <summary>What users read when they name it: <c>bundle 'sid-2026.11' is retired (...); use 'sid-2026.11.2' instead</c>.</summary>
    public string Explanation => $"bundle '{Name}' is retired ({Reason}); use '{Successor}' instead";
}

/// <summary>Reads <c>containers/retired-bundles.toml</c>: one table per retired bundle with <c>successor</c> and <c>reason</c>.</summary>
internal static class RetiredBundleReader
{
    public static IReadOnlyList<RetiredBundle> Read(string path, IReadOnlyList<Bundle> bundles, List<BundleError> errors)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        TomlTable root;
        try
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
            root = TomlDocument.ParseUtf8(File.ReadAllBytes(path), relative.StartsWith("..", StringComparison.Ordinal) ? path : relative);
        }
        catch (TomlException e)
        {
            errors.Add(new BundleError(e.Position.ToString(), e.Reason));
            return [];
        }

        var result = new List<RetiredBundle>();
        foreach (var (name, node) in root)
        {
            var where = root.KeyPosition(name).ToString();
            if (node is not TomlTable table)
            {
                errors.Add(new BundleError(where, $"'{name}' must be a table with 'successor' and 'reason'"));
                continue;
            }

            foreach (var key in table.Keys.Where(k => k is not ("successor" or "reason")))
            {
                errors.Add(new BundleError(table.KeyPosition(key).ToString(), $"unknown key '{key}' (allowed: successor, reason)"));
            }

            var successor = table.TryGetValue("successor", out var s) && s is TomlValue { Value: string successorName } ? successorName : null;
            var reason = table.TryGetValue("reason", out var r) && r is TomlValue { Value: string text } ? text : null;
            if (!bundles.Any(b => b.Name == name))
            {
                errors.Add(new BundleError(where, $"retired bundle '{name}' has no bundle file: retired bundles keep their files"));
            }
            else if (successor is null || reason is null)
            {
                errors.Add(new BundleError(where, $"retired bundle '{name}' needs a string 'successor' and a string 'reason'"));
            }
            else if (!bundles.Any(b => b.Name == successor) || root.ContainsKey(successor))
            {
                errors.Add(new BundleError(table.KeyPosition("successor").ToString(), $"successor '{successor}' of '{name}' must be a bundle that is not retired"));
            }
            else
            {
                result.Add(new RetiredBundle(name, successor, reason));
            }
        }

        return result;
    }
}
