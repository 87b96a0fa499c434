using System.Text;
using Wasmc.Wit;
using Wasmc.Wit.Wave;
using Wasmtime.Components;

namespace Wasmc.Core.Components;

/// <summary>
/// Converts between WAVE values (typed by the WIT) and Wasmtime's <see cref="ComponentValue"/>. The WIT
/// type drives both directions: Wasmtime's values carry no type names (a record's type, a flags' full
/// set), and WAVE needs them to print and compare.
/// </summary>
internal static class ComponentValues
{
    /// <summary>What the Wasmtime .NET API cannot pass in a signature, described; or null.</summary>
    public static string? Unsupported(Function function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.Params.Select(p => p.Type).Append(function.Result)
            .Select(type => type is null ? null : Unsupported(type, 0))
            .FirstOrDefault(found => found is not null);
    }

    public static ComponentValue ToComponent(WaveValue value, WitType type)
    {
        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return Primitive(value, primitive);
        }

        var kind = ((TypeDefinition)resolved).Kind;
        return (kind, value) switch
        {
            (RecordKind record, WaveRecord fields) => ComponentValue.Record(
                [.. record.Fields.Select(f => new KeyValuePair<string, ComponentValue>(f.Name, ToComponent(fields[f.Name], f.Type)))]),
            (VariantKind variant, WaveVariant chosen) => ComponentValue.Variant(chosen.Case, Payload(chosen.Payload, variant.Cases.First(c => c.Name == chosen.Case).Type)),
            (EnumKind, WaveEnum chosen) => ComponentValue.Enum(chosen.Case),
            (FlagsKind, WaveFlags flags) => ComponentValue.Flags([.. flags.Flags]),
            (TupleKind tuple, WaveTuple items) => ComponentValue.Tuple([.. items.Elements.Select((item, i) => ToComponent(item, tuple.Types[i]))]),
            (ListKind list, WaveList items) => ComponentValue.List([.. items.Elements.Select(item => ToComponent(item, list.Element))]),
            (OptionKind option, WaveOption { Value: { } inner }) => ComponentValue.Some(ToComponent(inner, option.Inner)),
            (OptionKind, WaveOption) => ComponentValue.None(),
            (ResultKind result, WaveResult { IsOk: true } ok) => ComponentValue.Ok(Payload(ok.Payload, result.Ok)!),
            (ResultKind result, WaveResult err) => ComponentValue.Err(Payload(err.Payload, result.Err)!),
            _ => throw new NotSupportedException($"cannot pass a {Describe(kind)} to Wasmtime ({value})"),
        };
    }

    public static WaveValue FromComponent(ComponentValue value, WitType type)
    {
        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return Primitive(value, primitive);
        }

        var kind = ((TypeDefinition)resolved).Kind;
        return kind switch
        {
            RecordKind record => new WaveRecord(record.Fields.Select(f =>
                new KeyValuePair<string, WaveValue>(f.Name, FromComponent(value.Field(f.Name), f.Type)))),
            VariantKind variant => Variant(value, variant),
            EnumKind => new WaveEnum(value.AsEnum()),
            FlagsKind flags => new WaveFlags(flags.Flags.Select(f => f.Name).Where(value.AsFlags().Contains)),
            TupleKind tuple => new WaveTuple(value.AsTuple().Select((item, i) => FromComponent(item, tuple.Types[i]))),
            ListKind list => new WaveList(value.AsList().Select(item => FromComponent(item, list.Element))),
            OptionKind option => value.IsSome ? new WaveOption(FromComponent(value.Payload!, option.Inner)) : WaveOption.None,
            ResultKind result => value.IsOk
                ? WaveResult.Ok(FromPayload(value.Payload, result.Ok))
                : WaveResult.Err(FromPayload(value.Payload, result.Err)),
            _ => throw new NotSupportedException($"cannot read a {Describe(kind)} from Wasmtime"),
        };
    }

    private static ComponentValue Primitive(WaveValue value, PrimitiveType type) => (type.Kind, value) switch
    {
        (PrimitiveKind.Bool, WaveBool b) => ComponentValue.Bool(b.Value),
        (PrimitiveKind.S8, WaveInteger i) => ComponentValue.S8((sbyte)i.Value),
        (PrimitiveKind.U8, WaveInteger i) => ComponentValue.U8((byte)i.Value),
        (PrimitiveKind.S16, WaveInteger i) => ComponentValue.S16((short)i.Value),
        (PrimitiveKind.U16, WaveInteger i) => ComponentValue.U16((ushort)i.Value),
        (PrimitiveKind.S32, WaveInteger i) => ComponentValue.S32((int)i.Value),
        (PrimitiveKind.U32, WaveInteger i) => ComponentValue.U32((uint)i.Value),
        (PrimitiveKind.S64, WaveInteger i) => ComponentValue.S64((long)i.Value),
        (PrimitiveKind.U64, WaveInteger i) => ComponentValue.U64((ulong)i.Value),
        (PrimitiveKind.F32, WaveFloat f) => ComponentValue.F32((float)f.Value),
        (PrimitiveKind.F64, WaveFloat f) => ComponentValue.F64(f.Value),
        (PrimitiveKind.Char, WaveChar c) => ComponentValue.Char(c.Value),
        (PrimitiveKind.String, WaveString s) => ComponentValue.String(s.Value),
        _ => throw new NotSupportedException($"cannot pass {value} as a {type.WitName} to Wasmtime"),
    };

    private static WaveValue Primitive(ComponentValue value, PrimitiveType type) => type.Kind switch
    {
        PrimitiveKind.Bool => WaveValue.Bool(value.AsBool()),
        PrimitiveKind.S8 => WaveValue.S8(value.AsS8()),
        PrimitiveKind.U8 => WaveValue.U8(value.AsU8()),
        PrimitiveKind.S16 => WaveValue.S16(value.AsS16()),
        PrimitiveKind.U16 => WaveValue.U16(value.AsU16()),
        PrimitiveKind.S32 => WaveValue.S32(value.AsS32()),
        PrimitiveKind.U32 => WaveValue.U32(value.AsU32()),
        PrimitiveKind.S64 => WaveValue.S64(value.AsS64()),
        PrimitiveKind.U64 => WaveValue.U64(value.AsU64()),
        PrimitiveKind.F32 => WaveValue.F32(value.AsF32()),
        PrimitiveKind.F64 => WaveValue.F64(value.AsF64()),
        PrimitiveKind.Char => WaveValue.Char(value.AsRune()),
        PrimitiveKind.String => WaveValue.String(value.AsString()),
        _ => throw new NotSupportedException($"cannot read a {type.WitName} from Wasmtime"),
    };

    private static ComponentValue? Payload(WaveValue? payload, WitType? type) =>
        payload is null || type is null ? null : ToComponent(payload, type);

    private static WaveValue? FromPayload(ComponentValue? payload, WitType? type) =>
        payload is null || type is null ? null : FromComponent(payload, type);

    private static WaveVariant Variant(ComponentValue value, VariantKind variant)
    {
        var name = value.AsVariant();
        var chosen = variant.Cases.FirstOrDefault(c => c.Name == name)
            ?? throw new InvalidOperationException($"Wasmtime returned variant case '{name}', which the WIT does not declare");
        return new WaveVariant(name, FromPayload(value.Payload, chosen.Type));
    }

    private static string? Unsupported(WitType type, int depth)
    {
        if (depth > 64 || type.Unalias() is not TypeDefinition definition)
        {
            return null;
        }

        return definition.Kind switch
        {
            ResourceKind or HandleKind => "a resource",
            MapKind => "a map",
            FutureKind => "a future",
            StreamKind => "a stream",
            ListKind list => Unsupported(list.Element, depth + 1),
            OptionKind option => Unsupported(option.Inner, depth + 1),
            TupleKind tuple => tuple.Types.Select(t => Unsupported(t, depth + 1)).FirstOrDefault(u => u is not null),
            RecordKind record => record.Fields.Select(f => Unsupported(f.Type, depth + 1)).FirstOrDefault(u => u is not null),
            VariantKind variant => variant.Cases.Where(c => c.Type is not null).Select(c => Unsupported(c.Type!, depth + 1)).FirstOrDefault(u => u is not null),
            ResultKind result => (result.Ok is null ? null : Unsupported(result.Ok, depth + 1)) ?? (result.Err is null ? null : Unsupported(result.Err, depth + 1)),
            _ => null,
        };
    }

    private static string Describe(TypeKind kind) => kind.GetType().Name.Replace("Kind", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Decodes a guest's output bytes; invalid UTF-8 becomes U+FFFD, as a terminal would show it.</summary>
    internal static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
