using Wasmc.Wit;
using Wasmc.Wit.Abi;

namespace Wasmc.Bindings;

/// <summary>Size, alignment and flat core values of one type in the canonical ABI (wasm32, UTF-8).</summary>
/// <param name="Size">Bytes in linear memory.</param>
/// <param name="Alignment">Alignment in linear memory.</param>
/// <param name="Flat">The flat core values, in order (a variant's payload slots are already joined).</param>
public sealed record TypeLayout(int Size, int Alignment, IReadOnlyList<CoreType> Flat);

/// <summary>A record, tuple or parameter list in memory: one offset per field.</summary>
/// <param name="Offsets">Byte offset of each field.</param>
/// <param name="Size">Total size, padded to <paramref name="Alignment"/>.</param>
/// <param name="Alignment">The largest field alignment (1 when empty).</param>
/// <param name="FlatCount">Flat core values of all fields together.</param>
public sealed record RecordLayout(IReadOnlyList<int> Offsets, int Size, int Alignment, int FlatCount);

/// <summary>A variant, enum, option or result in memory and flattened.</summary>
/// <param name="DiscriminantSize">1, 2 or 4 bytes (up to 256, 65536, or more cases).</param>
/// <param name="PayloadOffset">Where every case's payload starts.</param>
/// <param name="Size">Total size, padded to <paramref name="Alignment"/>.</param>
/// <param name="Alignment">The discriminant's or the largest payload's alignment.</param>
/// <param name="FlatCount">The discriminant plus the joined payload slots.</param>
/// <param name="CaseFlatCounts">Flat values of each case's own payload (0 without one); the rest of the slots are padding.</param>
public sealed record VariantLayout(int DiscriminantSize, int PayloadOffset, int Size, int Alignment, int FlatCount, IReadOnlyList<int> CaseFlatCounts);

/// <summary>Flags in memory: one byte up to 8 flags, two up to 16, then 32-bit words.</summary>
/// <param name="Count">Number of flags.</param>
/// <param name="Size">Bytes in memory.</param>
/// <param name="Alignment">Alignment in memory.</param>
/// <param name="Words">Flat i32 values (1 up to 32 flags, one per 32 beyond, 0 without flags).</param>
public sealed record FlagsLayout(int Count, int Size, int Alignment, int Words)
{
    /// <summary>The smallest unsigned integer width holding every flag: 8, 16, 32, 64 or 128 bits.</summary>
    public int IntegerBits => Count switch
    {
        <= 8 => 8,
        <= 16 => 16,
        <= 32 => 32,
        <= 64 => 64,
        _ => 128,
    };
}

/// <summary>
/// Canonical ABI layouts for generators, over <see cref="CanonicalAbi"/>: every offset, size and slot count the
/// generated glue needs is computed here once, so the Rust, C and Go bindings write the same numbers.
/// </summary>
public static class AbiLayouts
{
    /// <summary>The layout of any type.</summary>
    public static TypeLayout Of(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new TypeLayout(CanonicalAbi.Size(type), CanonicalAbi.Alignment(type), CanonicalAbi.Flatten(type));
    }

    /// <summary>Fields laid out one after another, each at its alignment (records, tuples, spilled parameters).</summary>
    public static RecordLayout Record(IReadOnlyList<WitType> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var area = CanonicalAbi.TupleArea(fields);
        return new RecordLayout(CanonicalAbi.FieldOffsets(fields), area.Size, area.Alignment, CanonicalAbi.Flatten(fields).Count);
    }

    /// <summary>The layout of a variant-like definition (variant, enum, option, result).</summary>
    /// <exception cref="ArgumentException">The definition is not variant-like.</exception>
    public static VariantLayout Variant(TypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var cases = CanonicalAbi.Despecialize(definition).Cases
            ?? throw new ArgumentException($"{definition} is not a variant, enum, option or result", nameof(definition));
        var discriminant = CanonicalAbi.Size(CanonicalAbi.DiscriminantType(cases.Count));
        return new VariantLayout(
            discriminant,
            CanonicalAbi.PayloadOffset(definition),
            CanonicalAbi.Size(definition),
            CanonicalAbi.Alignment(definition),
            CanonicalAbi.Flatten(definition).Count,
            [.. cases.Select(c => c is null ? 0 : CanonicalAbi.Flatten(c).Count)]);
    }

    /// <summary>The layout of a flags type with <paramref name="count"/> flags.</summary>
    public static FlagsLayout Flags(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var words = count == 0 ? 0 : (count + 31) / 32;
        return count switch
        {
            0 => new FlagsLayout(0, 0, 1, 0),
            <= 8 => new FlagsLayout(count, 1, 1, 1),
            <= 16 => new FlagsLayout(count, 2, 2, 1),
            _ => new FlagsLayout(count, 4 * words, 4, words),
        };
    }
}
