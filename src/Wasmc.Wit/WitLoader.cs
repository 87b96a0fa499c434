using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Wasmc.Wit.Internal;
using Wasmc.Wit.Internal.Parsing;
using Wasmc.Wit.Internal.Resolution;

namespace Wasmc.Wit;

/// <summary>Which <c>@unstable(feature = ...)</c> gates are switched on while resolving.</summary>
public sealed record WitLoadOptions
{
    public static WitLoadOptions Default { get; } = new();

    /// <summary>Features whose <c>@unstable</c> items are kept; items gated on other features are left out.</summary>
    public IReadOnlySet<string> Features { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Keep every <c>@unstable</c> item.</summary>
    public bool AllFeatures { get; init; }

    /// <summary>Resolve WASI packages missing from <c>deps/</c> against the copy shipped with wasmc (<see cref="ShippedWit"/>).</summary>
    public bool UseShippedWasi { get; init; } = true;
}

/// <summary>Entry points for reading WIT from disk or from text.</summary>
public static class WitLoader
{
    /// <summary>How many resolved packages a process keeps (a long-lived host, such as a test run, loads many).</summary>
    private const int MaxResolved = 256;

    private static readonly ConcurrentDictionary<string, LoadedPackage> Resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// Loads a <c>.wit</c> file, or a folder of <c>.wit</c> files with an optional <c>deps/</c>
    /// folder (<c>deps/&lt;name&gt;/</c> folders and <c>deps/&lt;name&gt;.wit</c> files).
    /// </summary>
    /// <exception cref="WitException">The WIT is invalid; the message carries <c>file:line:col</c>.</exception>
    public static LoadedPackage Load(string path) => Load(path, WitLoadOptions.Default);

    public static LoadedPackage Load(string path, WitLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        List<List<(string Path, string Text)>> sources;
        if (Directory.Exists(path))
        {
            sources = [WitSources.ReadDirectory(path), .. WitSources.ReadDepsDirectory(Path.Combine(path, "deps"))];
        }
        else if (File.Exists(path) && Path.GetExtension(path) is ".wasm" or ".wat")
        {
            throw new WitException($"binary WIT packages are not supported yet: {path}; use the .wit sources instead");
        }
        else if (File.Exists(path))
        {
            sources = [WitSources.ReadFile(path)];
        }
        else
        {
            throw new WitException($"no such file or directory: {path}");
        }

        // A build reads each component's WIT several times (workspace check, pre-build check, the plugin's bindings):
        // the same files with the same text give the same package, resolved once per process.
        var key = CacheKey(options, sources);
        if (Resolved.TryGetValue(key, out var known))
        {
            return known;
        }

        var builder = new ResolveBuilder(options.Features, options.AllFeatures);
        var groups = sources.Select(WitSources.ParseGroup).ToList();
        var main = builder.AddGroups(groups[0], WithShipped(options, groups).Skip(1).ToList());
        var loaded = new LoadedPackage(Materializer.Build(builder), main);
        if (Resolved.Count >= MaxResolved)
        {
            Resolved.Clear();
        }

        Resolved[key] = loaded;
        return loaded;
    }

    private static string CacheKey(WitLoadOptions options, List<List<(string Path, string Text)>> sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(BitConverter.GetBytes(text.Length));
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }

        Add($"{options.AllFeatures}|{options.UseShippedWasi}|{string.Join(',', options.Features.Order(StringComparer.Ordinal))}");
        foreach (var group in sources)
        {
            Add($"group {group.Count}");
            foreach (var (file, text) in group)
            {
                Add(file);
                Add(text);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Parses and resolves WIT source text with no dependencies other than nested packages.</summary>
    public static LoadedPackage LoadText(string text, string fileName = "<input>") => LoadText(text, fileName, WitLoadOptions.Default);

    public static LoadedPackage LoadText(string text, string fileName, WitLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResolveBuilder(options.Features, options.AllFeatures);
        var group = WitSources.ParseGroup([(fileName, text)]);
        var main = builder.AddGroups(group, WithShipped(options, [group]).Skip(1).ToList());
        return new LoadedPackage(Materializer.Build(builder), main);
    }

    /// <summary>
    /// Picks a world like wasm-tools' <c>select_world</c>: by plain name in the package
    /// (<c>"calculator"</c>), by qualified name (<c>"ns:pkg/world"</c>), or the only world when null.
    /// </summary>
    public static WitWorld SelectWorld(Resolve resolve, int packageId, string? worldName)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var main = resolve.Packages[packageId];
        if (worldName is null)
        {
            return main.Worlds.Count switch
            {
                0 => throw new WitException($"The main package `{main.Name}` contains no worlds"),
                1 => resolve.Worlds[main.Worlds.Values.First()],
                _ => throw new WitException(
                    $"There are multiple worlds in `{main.Name}`; one must be explicitly chosen:" +
                    string.Concat(main.Worlds.Keys.Select(w => $"\n  {main.Name.NameWithoutVersion}/{w}"))),
            };
        }

        var colon = worldName.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return main.Worlds.TryGetValue(worldName, out var id)
                ? resolve.Worlds[id]
                : throw new WitException($"World `{worldName}` not found in package `{main.Name}`");
        }

        var slash = worldName.IndexOf('/', StringComparison.Ordinal);
        if (slash < colon)
        {
            throw new WitException($"failed to parse world specifier `{worldName}`");
        }

        var ns = worldName[..colon];
        var packageName = worldName[(colon + 1)..slash];
        var rest = worldName[(slash + 1)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var version = at >= 0 ? rest[(at + 1)..] : null;
        var name = at >= 0 ? rest[..at] : rest;
        var candidates = resolve.Packages
            .Where(p => p.Name.Namespace == ns && p.Name.Name == packageName && (version is null ? true : p.Name.Version == version))
            .ToList();
        var exact = candidates.FirstOrDefault(p => p.Name.Version == version);
        var package = exact ?? (version is null && candidates.Count == 1 ? candidates[0] : null);
        if (package is null)
        {
            throw candidates.Count > 1
                ? new WitException($"package name `{ns}:{packageName}` is available at versions {string.Join(" and ", candidates.Select(c => c.Name.Version))} but which is not specified")
                : new WitException($"unknown package `{ns}:{packageName}{(version is null ? string.Empty : "@" + version)}`");
        }

        return package.Worlds.TryGetValue(name, out var worldId)
            ? resolve.Worlds[worldId]
            : throw new WitException($"World `{name}` not found in package `{package.Name}`");
    }

    /// <summary>The interface's name as used in component imports/exports, e.g. <c>calculator:math/calculator@1.0.0</c>.</summary>
    public static string InterfaceQualifiedName(Resolve resolve, int interfaceId)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var iface = resolve.Interfaces[interfaceId];
        if (iface.Name is null || iface.PackageId is not { } packageId)
        {
            throw new ArgumentException($"interface {interfaceId} is anonymous and has no qualified name", nameof(interfaceId));
        }

        var name = resolve.Packages[packageId].Name;
        return $"{name.Namespace}:{name.Name}/{iface.Name}{(name.Version is null ? string.Empty : "@" + name.Version)}";
    }

    /// <summary>The text a world key stands for: a plain name, or the interface's qualified name.</summary>
    public static string WorldKeyName(Resolve resolve, WorldKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key switch
        {
            WorldKey.Name n => n.Value,
            WorldKey.Interface i => InterfaceQualifiedName(resolve, i.InterfaceId),
            _ => throw new ArgumentException("unknown world key", nameof(key)),
        };
    }

    /// <summary><paramref name="groups"/>, then the shipped WASI packages they need and do not define themselves.</summary>
    private static List<PackageGroup> WithShipped(WitLoadOptions options, List<PackageGroup> groups) =>
        options.UseShippedWasi ? [.. groups, .. ShippedWit.Missing(groups)] : groups;

    internal static SourceFile SourceFor(string path, string text) => new(path, text);
}
