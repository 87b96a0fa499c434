namespace Wasmc.Wit;

/// <summary>
/// A reference to a WIT type as the resolver produces it: either a primitive or a
/// <see cref="TypeDefinition"/> in the resolve's type arena. Shared by the resolver, the
/// JSON writer, WAVE and the canonical ABI, so that all of them agree on one model.
/// This mirrors wasm-tools' <c>Type</c> / <c>TypeDefKind</c> split, which is also the shape of
/// <c>wasm-tools component wit --json</c>.
/// </summary>
public abstract class WitType
{
    private protected WitType()
    {
    }

    /// <summary>Follows type aliases (<c>type a = b;</c>) until a non-alias type is reached.</summary>
    public WitType Unalias()
    {
        WitType current = this;
        while (current is TypeDefinition { Kind: AliasKind alias })
        {
            current = alias.Target;
        }

        return current;
    }
}

public enum PrimitiveKind
{
    Bool,
    S8,
    U8,
    S16,
    U16,
    S32,
    U32,
    S64,
    U64,
    F32,
    F64,
    Char,
    String,
    ErrorContext,
}

public sealed class PrimitiveType : WitType
{
    private PrimitiveType(PrimitiveKind kind, string witName)
    {
        Kind = kind;
        WitName = witName;
    }

    public PrimitiveKind Kind { get; }

    /// <summary>The spelling in WIT and in the reference JSON (<c>u32</c>, <c>string</c>, <c>error-context</c>).</summary>
    public string WitName { get; }

    public static PrimitiveType Bool { get; } = new(PrimitiveKind.Bool, "bool");
    public static PrimitiveType S8 { get; } = new(PrimitiveKind.S8, "s8");
    public static PrimitiveType U8 { get; } = new(PrimitiveKind.U8, "u8");
    public static PrimitiveType S16 { get; } = new(PrimitiveKind.S16, "s16");
    public static PrimitiveType U16 { get; } = new(PrimitiveKind.U16, "u16");
    public static PrimitiveType S32 { get; } = new(PrimitiveKind.S32, "s32");
    public static PrimitiveType U32 { get; } = new(PrimitiveKind.U32, "u32");
    public static PrimitiveType S64 { get; } = new(PrimitiveKind.S64, "s64");
    public static PrimitiveType U64 { get; } = new(PrimitiveKind.U64, "u64");
    public static PrimitiveType F32 { get; } = new(PrimitiveKind.F32, "f32");
    public static PrimitiveType F64 { get; } = new(PrimitiveKind.F64, "f64");
    public static PrimitiveType Char { get; } = new(PrimitiveKind.Char, "char");
    public static PrimitiveType String { get; } = new(PrimitiveKind.String, "string");
    public static PrimitiveType ErrorContext { get; } = new(PrimitiveKind.ErrorContext, "error-context");

    public static IReadOnlyList<PrimitiveType> All { get; } =
        [Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String, ErrorContext];

    public static PrimitiveType? FromWitName(string name) => All.FirstOrDefault(p => p.WitName == name);

    public override string ToString() => WitName;
}

/// <summary>Who declared a type definition: an interface, a world, or nobody (anonymous types).</summary>
public abstract record TypeOwner
{
    public sealed record Interface(int InterfaceId) : TypeOwner;

    public sealed record World(int WorldId) : TypeOwner;

    public sealed record None : TypeOwner;
}

/// <summary>
/// An entry of the resolve's type arena. Named definitions (records, variants, aliases, ...)
/// and anonymous structural types (<c>list&lt;u8&gt;</c>, <c>option&lt;T&gt;</c>, handles) both live here,
/// exactly like the <c>types</c> array of the reference JSON.
/// </summary>
public sealed class TypeDefinition : WitType
{
    public TypeDefinition(int id, string? name, TypeKind kind, TypeOwner owner)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Owner = owner;
    }

    /// <summary>Index in the resolve's type arena (the number the reference JSON uses).</summary>
    public int Id { get; }

    public string? Name { get; }

    /// <summary>Settable because resolution fills a definition in after its id is handed out (forward references).</summary>
    public TypeKind Kind { get; set; }

    public TypeOwner Owner { get; }

    public Docs Docs { get; set; } = Docs.Empty;

    public Stability Stability { get; set; } = Stability.Unknown;

    public SourceSpan? Span { get; set; }

    public override string ToString() => Name ?? $"type#{Id}";
}

public abstract record TypeKind;

public sealed record Field(string Name, WitType Type, Docs Docs);

public sealed record Case(string Name, WitType? Type, Docs Docs);

public sealed record EnumCase(string Name, Docs Docs);

public sealed record Flag(string Name, Docs Docs);

public sealed record RecordKind(IReadOnlyList<Field> Fields) : TypeKind;

public sealed record VariantKind(IReadOnlyList<Case> Cases) : TypeKind;

public sealed record EnumKind(IReadOnlyList<EnumCase> Cases) : TypeKind;

public sealed record FlagsKind(IReadOnlyList<Flag> Flags) : TypeKind;

public sealed record TupleKind(IReadOnlyList<WitType> Types) : TypeKind;

/// <summary><c>list&lt;T&gt;</c>, or <c>list&lt;T, N&gt;</c> when <paramref name="FixedSize"/> is set.</summary>
public sealed record ListKind(WitType Element, int? FixedSize = null) : TypeKind;

public sealed record OptionKind(WitType Inner) : TypeKind;

/// <summary><c>map&lt;K, V&gt;</c>.</summary>
public sealed record MapKind(WitType Key, WitType Value) : TypeKind;

public sealed record ResultKind(WitType? Ok, WitType? Err) : TypeKind;

public sealed record FutureKind(WitType? Payload) : TypeKind;

public sealed record StreamKind(WitType? Payload) : TypeKind;

public sealed record ResourceKind : TypeKind;

/// <summary><c>own&lt;R&gt;</c> or <c>borrow&lt;R&gt;</c>; <see cref="Resource"/> is the resource's definition (possibly via aliases).</summary>
public sealed record HandleKind(WitType Resource, bool IsBorrow) : TypeKind;

/// <summary><c>type a = b;</c> and <c>use</c>d types: the reference JSON spells these <c>{"type": ...}</c>.</summary>
public sealed record AliasKind(WitType Target) : TypeKind;

/// <summary>Placeholder while a definition is being resolved; never present in a finished resolve.</summary>
public sealed record UnknownKind : TypeKind;

public sealed record Docs(string? Contents)
{
    public static Docs Empty { get; } = new((string?)null);
}

/// <summary>Feature-gate annotations: <c>@since</c>, <c>@unstable</c>, <c>@deprecated</c>.</summary>
public abstract record Stability
{
    public static Stability Unknown { get; } = new UnknownStability();

    public sealed record UnknownStability : Stability;

    public sealed record Stable(string Since, string? Deprecated) : Stability;

    public sealed record Unstable(string Feature, string? Deprecated) : Stability;
}

/// <summary>A location in a WIT source file, 1-based line and column.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column, int Length = 0)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A function parameter.</summary>
public sealed record Param(string Name, WitType Type);

public enum FunctionKind
{
    Freestanding,
    AsyncFreestanding,
    Method,
    AsyncMethod,
    Static,
    AsyncStatic,
    Constructor,
}

/// <summary>
/// A function of an interface or world. <see cref="Resource"/> is set for methods, static
/// functions and constructors. <see cref="Name"/> is the reference JSON's name
/// (<c>[method]r.m</c>, <c>[static]r.s</c>, <c>[constructor]r</c>, <c>[async]f</c>, ...).
/// </summary>
public sealed record Function(
    string Name,
    FunctionKind Kind,
    TypeDefinition? Resource,
    IReadOnlyList<Param> Params,
    WitType? Result,
    Docs Docs,
    Stability Stability)
{
    public SourceSpan? Span { get; init; }

    /// <summary>The name a user writes: <c>add</c>, or <c>m</c> for <c>[method]r.m</c>.</summary>
    public string ItemName
    {
        get
        {
            var bracket = Name.IndexOf(']', StringComparison.Ordinal);
            var rest = bracket >= 0 ? Name[(bracket + 1)..] : Name;
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            return dot >= 0 ? rest[(dot + 1)..] : rest;
        }
    }

    public bool IsAsync => Kind is FunctionKind.AsyncFreestanding or FunctionKind.AsyncMethod or FunctionKind.AsyncStatic;
}
