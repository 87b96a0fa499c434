namespace Wasmc.Wit;

/// <summary>
/// A fully resolved set of WIT packages, the equivalent of wasm-tools' <c>Resolve</c>: arenas of
/// packages, interfaces, worlds and types that refer to each other by index. The indices are the
/// numbers that <see cref="WitJson"/> writes, so they follow wasm-tools' allocation order exactly.
/// </summary>
public sealed class Resolve
{
    internal List<WitPackage> PackageList { get; } = [];

    internal List<WitInterface> InterfaceList { get; } = [];

    internal List<WitWorld> WorldList { get; } = [];

    internal List<TypeDefinition> TypeList { get; } = [];

    /// <summary>Packages in dependency order: every package comes after the packages it uses.</summary>
    public IReadOnlyList<WitPackage> Packages => PackageList;

    public IReadOnlyList<WitInterface> Interfaces => InterfaceList;

    public IReadOnlyList<WitWorld> Worlds => WorldList;

    /// <summary>The type arena: named definitions and anonymous structural types alike.</summary>
    public IReadOnlyList<TypeDefinition> Types => TypeList;
}

/// <summary>A package name such as <c>wasi:http@0.2.0</c>.</summary>
public sealed record PackageName(string Namespace, string Name, string? Version)
{
    /// <summary><c>ns:name</c> without the version.</summary>
    public string NameWithoutVersion => $"{Namespace}:{Name}";

    public override string ToString() => Version is null ? NameWithoutVersion : $"{NameWithoutVersion}@{Version}";
}

/// <summary>One WIT package of a <see cref="Resolve"/>.</summary>
public sealed class WitPackage
{
    internal WitPackage(int id, PackageName name)
    {
        Id = id;
        Name = name;
    }

    public int Id { get; }

    public PackageName Name { get; }

    /// <summary>The package's interfaces in declaration order, name to interface id.</summary>
    public IReadOnlyDictionary<string, int> Interfaces => InterfaceMap;

    /// <summary>The package's worlds in declaration order, name to world id.</summary>
    public IReadOnlyDictionary<string, int> Worlds => WorldMap;

    public Docs Docs { get; internal set; } = Docs.Empty;

    /// <summary>The files (or the folder) this package was read from; empty for text given in memory.</summary>
    public IReadOnlyList<string> SourcePaths { get; internal set; } = [];

    internal OrderedDictionary<string, int> InterfaceMap { get; } = new(StringComparer.Ordinal);

    internal OrderedDictionary<string, int> WorldMap { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Name.ToString();
}

/// <summary>A WIT interface: named in a package, or anonymous (<c>import x: interface { ... }</c> in a world).</summary>
public sealed class WitInterface
{
    internal WitInterface(int id, string? name, int? packageId)
    {
        Id = id;
        Name = name;
        PackageId = packageId;
    }

    public int Id { get; }

    public string? Name { get; }

    /// <summary>Types declared or <c>use</c>d by the interface, in declaration order.</summary>
    public IReadOnlyDictionary<string, TypeDefinition> Types => TypeMap;

    /// <summary>Functions in declaration order, keyed by their full name (<c>[method]r.m</c>).</summary>
    public IReadOnlyDictionary<string, Function> Functions => FunctionMap;

    public int? PackageId { get; internal set; }

    public Docs Docs { get; internal set; } = Docs.Empty;

    public Stability Stability { get; internal set; } = Stability.Unknown;

    public SourceSpan? Span { get; internal set; }

    internal OrderedDictionary<string, TypeDefinition> TypeMap { get; } = new(StringComparer.Ordinal);

    internal OrderedDictionary<string, Function> FunctionMap { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Name ?? $"interface#{Id}";
}

/// <summary>A WIT world with its elaborated imports and exports (includes and implicit imports applied).</summary>
public sealed class WitWorld
{
    internal WitWorld(int id, string name, int? packageId)
    {
        Id = id;
        Name = name;
        PackageId = packageId;
    }

    public int Id { get; }

    public string Name { get; }

    public IReadOnlyList<KeyValuePair<WorldKey, WorldItem>> Imports => ImportList;

    public IReadOnlyList<KeyValuePair<WorldKey, WorldItem>> Exports => ExportList;

    public int? PackageId { get; internal set; }

    public Docs Docs { get; internal set; } = Docs.Empty;

    public Stability Stability { get; internal set; } = Stability.Unknown;

    public SourceSpan? Span { get; internal set; }

    internal List<KeyValuePair<WorldKey, WorldItem>> ImportList { get; } = [];

    internal List<KeyValuePair<WorldKey, WorldItem>> ExportList { get; } = [];

    public override string ToString() => Name;
}

/// <summary>The key of a world import or export, as in wasm-tools: a plain name or an interface.</summary>
public abstract record WorldKey
{
    /// <summary><c>import foo: func();</c>, <c>import x: interface { }</c>, types and resources.</summary>
    public sealed record Name(string Value) : WorldKey;

    /// <summary><c>import wasi:io/streams;</c> or <c>import some-iface;</c>.</summary>
    public sealed record Interface(int InterfaceId) : WorldKey;
}

/// <summary>What a world imports or exports.</summary>
public abstract record WorldItem
{
    public sealed record InterfaceItem(int InterfaceId, Stability Stability) : WorldItem;

    public sealed record FunctionItem(Function Function) : WorldItem;

    public sealed record TypeItem(TypeDefinition Type) : WorldItem;
}

/// <summary>The result of loading WIT: the whole resolve and the id of the main package in it.</summary>
public sealed record LoadedPackage(Resolve Resolve, int PackageId)
{
    public WitPackage Package => Resolve.Packages[PackageId];
}
