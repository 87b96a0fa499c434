using Wasmc.Wit;

namespace Wasmc.Bindings;

/// <summary>
/// What a type holds, looking through records, variants, options, results, tuples, lists and aliases. These
/// facts decide how generators spell a type: a parameter with strings or lists can be borrowed, a value with
/// an own handle must be moved, a value without pointers or handles can be copied, floats rule out <c>Eq</c>.
/// </summary>
/// <param name="HasList">A string or a list somewhere inside: the value owns memory.</param>
/// <param name="HasOwnHandle">An <c>own&lt;r&gt;</c> (or a resource used by name) somewhere inside.</param>
/// <param name="HasBorrowHandle">A <c>borrow&lt;r&gt;</c> somewhere inside.</param>
/// <param name="HasFloat">An <c>f32</c> or <c>f64</c> somewhere inside.</param>
public sealed record TypeInfo(bool HasList, bool HasOwnHandle, bool HasBorrowHandle, bool HasFloat)
{
    /// <summary>Nothing inside but plain values: no memory, no handles.</summary>
    public bool IsPlainData => !HasList && !HasOwnHandle && !HasBorrowHandle;

    /// <summary>Any handle inside.</summary>
    public bool HasHandle => HasOwnHandle || HasBorrowHandle;

    internal static TypeInfo None { get; } = new(false, false, false, false);

    internal TypeInfo Or(TypeInfo other) =>
        new(HasList || other.HasList, HasOwnHandle || other.HasOwnHandle, HasBorrowHandle || other.HasBorrowHandle, HasFloat || other.HasFloat);
}

/// <summary>Computes and remembers <see cref="TypeInfo"/> per type definition.</summary>
internal sealed class TypeFacts
{
    private readonly Dictionary<TypeDefinition, TypeInfo> _known = [];

    public TypeInfo Of(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            PrimitiveType { Kind: PrimitiveKind.String } => TypeInfo.None with { HasList = true },
            PrimitiveType { Kind: PrimitiveKind.F32 or PrimitiveKind.F64 } => TypeInfo.None with { HasFloat = true },
            PrimitiveType => TypeInfo.None,
            TypeDefinition definition => Of(definition),
            _ => TypeInfo.None,
        };
    }

    private TypeInfo Of(TypeDefinition definition)
    {
        if (_known.TryGetValue(definition, out var known))
        {
            return known;
        }

        // Recursive types cannot be written in WIT, but a placeholder keeps a malformed model from looping.
        _known[definition] = TypeInfo.None;
        var info = definition.Kind switch
        {
            ListKind list => Of(list.Element) with { HasList = true },
            MapKind map => Of(map.Key).Or(Of(map.Value)) with { HasList = true },
            HandleKind { IsBorrow: true } => TypeInfo.None with { HasBorrowHandle = true },
            HandleKind or ResourceKind => TypeInfo.None with { HasOwnHandle = true },
            _ => BindingsWorld.Children(definition).Aggregate(TypeInfo.None, (sum, child) => sum.Or(Of(child))),
        };
        _known[definition] = info;
        return info;
    }
}
