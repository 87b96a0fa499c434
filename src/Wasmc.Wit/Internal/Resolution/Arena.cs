using Wasmc.Wit.Internal.Parsing;

namespace Wasmc.Wit.Internal.Resolution;

// Mutable, index-based mirror of wasm-tools' `Resolve` arenas used while resolving. The public
// model (Resolve, WitInterface, TypeDefinition, ...) is built from it once everything is settled,
// because resolution renames, re-owns and re-numbers items the way the reference does.

/// <summary>A type reference: a primitive (negative value) or an index into the type arena.</summary>
internal readonly record struct Ty(int Value)
{
    public bool IsId => Value >= 0;

    public int Id => Value;

    public static Ty Of(int id) => new(id);

    public static Ty Prim(PrimitiveType type) => new(-1 - (int)type.Kind);

    public PrimitiveType Primitive => PrimitiveType.All[-1 - Value];

    public override string ToString() => IsId ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Primitive.WitName;
}

internal abstract record Kind;

internal sealed record AliasK(Ty Target) : Kind;

internal sealed record RecordK(List<(string Name, Ty Type, Docs Docs)> Fields) : Kind;

internal sealed record VariantK(List<(string Name, Ty? Type, Docs Docs)> Cases) : Kind;

internal sealed record EnumK(List<(string Name, Docs Docs)> Cases) : Kind;

internal sealed record FlagsK(List<(string Name, Docs Docs)> Flags) : Kind;

internal sealed record TupleK(List<Ty> Types) : Kind;

internal sealed record ListK(Ty Element) : Kind;

internal sealed record FixedListK(Ty Element, uint Size) : Kind;

internal sealed record MapK(Ty Key, Ty Value) : Kind;

internal sealed record OptionK(Ty Inner) : Kind;

internal sealed record ResultK(Ty? Ok, Ty? Err) : Kind;

internal sealed record FutureK(Ty? Payload) : Kind;

internal sealed record StreamK(Ty? Payload) : Kind;

internal sealed record ResourceK : Kind;

internal sealed record HandleK(int Resource, bool IsBorrow) : Kind;

internal sealed record UnknownK : Kind;

internal enum OwnerKind
{
    None,
    Interface,
    World,
}

internal readonly record struct Owner(OwnerKind Kind, int Id)
{
    public static Owner None => new(OwnerKind.None, 0);

    public static Owner OfInterface(int id) => new(OwnerKind.Interface, id);

    public static Owner OfWorld(int id) => new(OwnerKind.World, id);
}

internal sealed class TypeDef
{
    public string? Name { get; set; }

    public required Kind Kind { get; set; }

    public Owner Owner { get; set; }

    public Docs Docs { get; set; } = Docs.Empty;

    public Stability Stability { get; set; } = Stability.Unknown;

    public Span Span { get; set; }

    public TypeDef Clone() => (TypeDef)MemberwiseClone();
}

internal sealed class Func
{
    public required string Name { get; set; }

    public FunctionKind Kind { get; set; }

    public int? Resource { get; set; }

    public List<(string Name, Ty Type)> Params { get; set; } = [];

    public Ty? Result { get; set; }

    public Docs Docs { get; set; } = Docs.Empty;

    public Stability Stability { get; set; } = Stability.Unknown;

    public Span Span { get; set; }

    public Func Clone()
    {
        var copy = (Func)MemberwiseClone();
        copy.Params = [.. Params];
        return copy;
    }
}

internal sealed class Iface
{
    public string? Name { get; set; }

    public OrderedDictionary<string, int> Types { get; set; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, Func> Functions { get; set; } = new(StringComparer.Ordinal);

    public Docs Docs { get; set; } = Docs.Empty;

    public Stability Stability { get; set; } = Stability.Unknown;

    public int? Package { get; set; }

    public Span Span { get; set; }

    public List<Span> FuncSpans { get; set; } = [];

    public Iface Clone()
    {
        var copy = (Iface)MemberwiseClone();
        copy.Types = new OrderedDictionary<string, int>(Types, StringComparer.Ordinal);
        copy.Functions = new OrderedDictionary<string, Func>(StringComparer.Ordinal);
        foreach (var (name, f) in Functions)
        {
            copy.Functions.Add(name, f.Clone());
        }

        return copy;
    }
}

internal abstract record Key;

internal sealed record NameKey(string Name) : Key;

internal sealed record IfaceKey(int Id) : Key;

internal abstract record Item;

internal sealed record IfaceItem(int Id, Stability Stability) : Item;

internal sealed record FuncItem(Func Func) : Item;

internal sealed record TypeItem(int Id) : Item;

internal sealed class World
{
    public required string Name { get; set; }

    public OrderedDictionary<Key, Item> Imports { get; set; } = [];

    public OrderedDictionary<Key, Item> Exports { get; set; } = [];

    public int? Package { get; set; }

    public Docs Docs { get; set; } = Docs.Empty;

    public Stability Stability { get; set; } = Stability.Unknown;

    public Span Span { get; set; }

    public List<(Stability Stability, int World)> Includes { get; } = [];

    public List<List<(string Name, string As)>> IncludeNames { get; } = [];

    public List<Span> IncludeSpans { get; } = [];

    public List<Span> ImportSpans { get; set; } = [];

    public List<Span> ExportSpans { get; set; } = [];
}

internal readonly record struct ItemRef(bool IsWorld, int Id);

/// <summary>One package resolved against itself only; foreign items are placeholders at the front of each arena.</summary>
internal sealed class UnresolvedPackage
{
    public required PackageName Name { get; init; }

    public required SemVer? Version { get; init; }

    public required Span NameSpan { get; init; }

    public Docs Docs { get; init; } = Docs.Empty;

    public List<TypeDef> Types { get; init; } = [];

    public List<Iface> Interfaces { get; init; } = [];

    public List<World> Worlds { get; init; } = [];

    /// <summary>Foreign packages used, in first-use order, with the items used from each.</summary>
    public List<(PackageName Name, SemVer? Version, Span Span, OrderedDictionary<string, (ItemRef Item, List<Stability> Stabilities)> Items)> ForeignDeps { get; init; } = [];

    public List<(int Type, Span Span)> RequiredResourceTypes { get; init; } = [];

    public List<string> SourcePaths { get; init; } = [];
}
