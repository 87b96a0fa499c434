using Wasmc.Wit.Internal;
using Wasmc.Wit.Internal.Resolution;

namespace Wasmc.Wit;

/// <summary>
/// The WASI 0.2 WIT packages that ship inside wasmc (<c>src/Wasmc.Wit/Wasi/</c>): the release the bundles'
/// toolchains target (componentize-js 0.23 and jco 1.35 import <c>wasi:*@0.2.12</c>). A component's WIT may
/// use them without copying them into <c>wit/deps</c>; a package in its own <c>wit/deps</c> wins.
/// </summary>
public static class ShippedWit
{
    /// <summary>The WASI release of the shipped packages.</summary>
    public const string WasiVersion = "0.2.12";

    /// <summary>How <c>wit deps</c> names the shipped copy of a file.</summary>
    public const string SourcePrefix = "(shipped with wasmc) wasi-" + WasiVersion + "/";

    private const string ResourcePrefix = "wasi/" + WasiVersion + "/";

    /// <summary>Every shipped package's name (<c>wasi:cli@0.2.12</c>, ...).</summary>
    public static IReadOnlyList<string> PackageNames => [.. Groups().Select(g => g.Main.Name.ToString())];

    /// <summary>Parses the shipped packages, one group per package (fresh each time: resolution consumes them).</summary>
    internal static List<PackageGroup> Groups()
    {
        var assembly = typeof(ShippedWit).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".wit", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return WitSources.ParseGroup([(SourcePrefix + name[ResourcePrefix.Length..], reader.ReadToEnd())]);
            })];
    }

    /// <summary>
    /// The shipped groups that provide packages <paramref name="groups"/> use but do not define, and what
    /// those in turn use: only what is needed enters the resolve.
    /// </summary>
    internal static List<PackageGroup> Missing(IReadOnlyCollection<PackageGroup> groups)
    {
        var defined = new HashSet<string>(groups.SelectMany(Packages).Select(p => p.Name.ToString()), StringComparer.Ordinal);
        var wanted = new Queue<string>(groups.SelectMany(Packages).SelectMany(p => p.ForeignDeps).Select(d => d.Name.ToString()));
        var shipped = Groups().ToDictionary(g => g.Main.Name.ToString(), StringComparer.Ordinal);
        var added = new List<PackageGroup>();
        while (wanted.TryDequeue(out var name))
        {
            if (defined.Contains(name) || !shipped.TryGetValue(name, out var group))
            {
                continue;
            }

            defined.Add(name);
            added.Add(group);
            foreach (var dep in Packages(group).SelectMany(p => p.ForeignDeps))
            {
                wanted.Enqueue(dep.Name.ToString());
            }
        }

        return added;
    }

    private static IEnumerable<UnresolvedPackage> Packages(PackageGroup group) => group.Nested.Append(group.Main);
}
