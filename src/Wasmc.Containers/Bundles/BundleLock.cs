using System.Text;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// <c>bundles/bundles.lock</c>: the sha256 of every published bundle's file and of each file it builds
/// from. A published bundle never changes; a different toolchain set is a new bundle name.
/// Lines are <c>BUNDLE PATH SHA256</c> (path relative to the containers folder); <c>#</c> starts a comment.
/// </summary>
public static class BundleLock
{
    /// <summary>The lock lines the catalog's bundles hash to now, in a stable order.</summary>
    public static IReadOnlyList<string> ExpectedLines(BundleCatalog catalog) =>
        catalog.AllBundles
            .SelectMany(bundle => bundle.InputFiles.Select(file => Line(bundle.Name, file)))
            .ToList();

    /// <summary>The whole lock file for the catalog as it is now (for a new bundle: copy its lines).</summary>
    public static string Render(BundleCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append("# sha256 of every published bundle file and of the files it builds from (docs/bundles.md).\n");
        text.Append("# Published bundles are immutable: never edit a line, add lines for a new bundle name.\n");
        foreach (var line in ExpectedLines(catalog))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Compares the catalog with its lock file; returns one message per problem (empty when all match).
    /// </summary>
    public static IReadOnlyList<string> Verify(BundleCatalog catalog)
    {
        var lockPath = catalog.LockFilePath;
        var recorded = File.Exists(lockPath) ? Parse(File.ReadAllLines(lockPath)) : [];
        var problems = new List<string>();

        foreach (var bundle in catalog.AllBundles)
        {
            var recordedForBundle = recorded.Where(r => r.Bundle == bundle.Name).ToList();
            if (recordedForBundle.Count == 0)
            {
                problems.Add(
                    $"bundle '{bundle.Name}' is not in {lockPath}. Once it is final, publish it by adding these lines:\n" +
                    string.Join("\n", bundle.InputFiles.Select(f => "    " + Line(bundle.Name, f))));
                continue;
            }

            foreach (var file in bundle.InputFiles)
            {
                var entry = recordedForBundle.FirstOrDefault(r => r.Path == file.RelativePath);
                if (entry is null)
                {
                    problems.Add(
                        $"bundle '{bundle.Name}' now builds from {file.RelativePath}, which its lock entry does not list. " +
                        "A published bundle is immutable: a changed toolchain set needs a new bundle name.");
                }
                else if (entry.Sha256 != file.Sha256)
                {
                    problems.Add(
                        $"{file.RelativePath} of published bundle '{bundle.Name}' changed (sha256 {file.Sha256}, recorded {entry.Sha256}). " +
                        "A published bundle is immutable: revert the change, and put a changed toolchain set in a new bundle with a new name " +
                        "(copy the files it builds from when they must differ).");
                }
            }

            foreach (var stale in recordedForBundle.Where(r => bundle.InputFiles.All(f => f.RelativePath != r.Path)))
            {
                problems.Add(
                    $"bundle '{bundle.Name}' no longer builds from {stale.Path}, which its lock entry lists. " +
                    "A published bundle is immutable: a changed toolchain set needs a new bundle name.");
            }
        }

        foreach (var missing in recorded.Select(r => r.Bundle).Distinct().Where(name => catalog.AllBundles.All(b => b.Name != name)))
        {
            problems.Add($"published bundle '{missing}' is in {lockPath} but its file bundles/{missing}.toml is gone; published bundles are never deleted.");
        }

        return problems;
    }

    private static string Line(string bundle, BundleInputFile file) => $"{bundle} {file.RelativePath} {file.Sha256}";

    private static List<LockEntry> Parse(IEnumerable<string> lines) =>
        lines
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 3)
            .Select(parts => new LockEntry(parts[0], parts[1], parts[2]))
            .ToList();

    private sealed record LockEntry(string Bundle, string Path, string Sha256);
}
