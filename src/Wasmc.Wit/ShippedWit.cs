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
    public static IReadOnlyList<string> PackageNames => [.. Index.Value.Keys];

    /// <summary>The shipped files: the name a message shows, and the text.</summary>
    private static readonly Lazy<List<(string File, string Text)>> Sources = new(ReadSources);

    /// <summary>
    /// Each shipped package's name, its file and the packages it uses, parsed once per process: a load whose WIT uses
    /// no shipped package parses none, and one that does parses only what it needs (a no-op build loads every
    /// component's WIT, and parsing all of WASI for each was most of its time).
    /// </summary>
    private static readonly Lazy<SortedDictionary<string, (int Source, string[] Uses)>> Index = new(BuildIndex);

    /// <summary>
    /// The shipped groups that provide packages <paramref name="groups"/> use but do not define, and what
    /// those in turn use: only what is needed enters the resolve.
    /// </summary>
    internal static List<PackageGroup> Missing(IReadOnlyCollection<PackageGroup> groups)
    {
        var defined = new HashSet<string>(groups.SelectMany(Packages).Select(p => p.Name.ToString()), StringComparer.Ordinal);
        var wanted = new Queue<string>(groups.SelectMany(Packages).SelectMany(p => p.ForeignDeps).Select(d => d.Name.ToString()).Where(name => !defined.Contains(name)));
        var added = new List<PackageGroup>();
        while (wanted.TryDequeue(out var name))
        {
            if (defined.Contains(name) || !Index.Value.TryGetValue(name, out var entry))
            {
                continue;
            }

            defined.Add(name);
            added.Add(Parse(Sources.Value[entry.Source]));
            foreach (var used in entry.Uses)
            {
                wanted.Enqueue(used);
            }
        }

        return added;
    }

    private static List<(string File, string Text)> ReadSources()
    {
        var assembly = typeof(ShippedWit).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".wit", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (SourcePrefix + name[ResourcePrefix.Length..], reader.ReadToEnd());
            })];
    }

    private static SortedDictionary<string, (int Source, string[] Uses)> BuildIndex()
    {
        var index = new SortedDictionary<string, (int Source, string[] Uses)>(StringComparer.Ordinal);
        var sources = Sources.Value;
        for (var i = 0; i < sources.Count; i++)
        {
            var group = Parse(sources[i]);
            index[group.Main.Name.ToString()] = (i, [.. Packages(group).SelectMany(p => p.ForeignDeps).Select(d => d.Name.ToString()).Distinct(StringComparer.Ordinal)]);
        }

        return index;
    }

    private static PackageGroup Parse((string File, string Text) source) => WitSources.ParseGroup([source]);

    private static IEnumerable<UnresolvedPackage> Packages(PackageGroup group) => group.Nested.Append(group.Main);
}
