namespace Wasmc.Wit.Abi;

/// <summary>The core WebAssembly value types the canonical ABI flattens component values to.</summary>
public enum CoreType
{
    I32,
    I64,
    F32,
    F64,
}

/// <summary>Whether a function is lifted (a component export backed by a core function) or lowered (an import).</summary>
public enum AbiContext
{
    Lift,
    Lower,
}

/// <summary>A core function type, <c>(i32, i32) -> i32</c>.</summary>
public sealed record CoreSignature(IReadOnlyList<CoreType> Params, IReadOnlyList<CoreType> Results)
{
    public static CoreSignature Of(IEnumerable<CoreType> parameters, IEnumerable<CoreType> results) => new([.. parameters], [.. results]);

    public bool Equals(CoreSignature? other) =>
        other is not null && Params.SequenceEqual(other.Params) && Results.SequenceEqual(other.Results);

    public override int GetHashCode() => HashCode.Combine(Params.Count, Results.Count);

    /// <summary>WAT-like text: <c>(param i32 i32) (result i32)</c> with empty parts left out.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Params.Count > 0)
        {
            parts.Add($"(param {string.Join(' ', Params.Select(CanonicalAbi.Name))})");
        }

        if (Results.Count > 0)
        {
            parts.Add($"(result {string.Join(' ', Results.Select(CanonicalAbi.Name))})");
        }

        return parts.Count == 0 ? "()" : string.Join(' ', parts);
    }
}

/// <summary>A block of linear memory the ABI uses (a spilled parameter tuple or a return area).</summary>
public sealed record MemoryArea(int Size, int Alignment);

/// <summary>The flat core signature of a WIT function and how its values travel.</summary>
public sealed record FunctionLayout(
    CoreSignature Signature,
    IReadOnlyList<CoreType> FlatParams,
    IReadOnlyList<CoreType> FlatResults,
    MemoryArea? ParamArea,
    MemoryArea? ReturnArea)
{
    /// <summary>The parameters do not fit in <see cref="CanonicalAbi.MaxFlatParams"/> and are passed through a pointer.</summary>
    public bool ParamsInMemory => ParamArea is not null;

    /// <summary>The results do not fit in <see cref="CanonicalAbi.MaxFlatResults"/>: a return pointer is returned (lift) or passed (lower).</summary>
    public bool ResultsInMemory => ReturnArea is not null;
}

/// <summary>
/// The Component Model canonical ABI (<c>design/mvp/CanonicalABI.md</c>) for wasm32 with UTF-8 strings:
/// sizes, alignments, despecialisation, flattening and function signatures.
/// </summary>
public static class CanonicalAbi
{
    public const int MaxFlatParams = 16;
    public const int MaxFlatResults = 1;
    public const int MaxFlatAsyncParams = 4;

    /// <summary>Size of a pointer (and of a list/string length) on wasm32.</summary>
    public const int PointerSize = 4;

    public static string Name(CoreType type) => type switch
    {
        CoreType.I32 => "i32",
        CoreType.I64 => "i64",
        CoreType.F32 => "f32",
        CoreType.F64 => "f64",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static int Alignment(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                return PrimitiveSize(primitive);
            case TypeDefinition definition:
                switch (definition.Kind)
                {
                    case ListKind { FixedSize: not null } list:
                        return Alignment(list.Element);
                    case ListKind or MapKind:
                        return PointerSize;
                    case FlagsKind flags:
                        return FlagsAlignment(flags.Flags.Count);
                    case HandleKind or ResourceKind or FutureKind or StreamKind:
                        return 4;
                }

                var shape = Despecialize(definition);
                return shape.Fields is { } fields
                    ? fields.Select(Alignment).DefaultIfEmpty(1).Max()
                    : Math.Max(PrimitiveSize(DiscriminantType(shape.Cases!.Count)), MaxCaseAlignment(shape.Cases!));
            default:
                throw new ArgumentException($"unknown type {type}", nameof(type));
        }
    }

    public static int Size(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                return primitive.Kind is PrimitiveKind.String ? 2 * PointerSize : PrimitiveSize(primitive);
            case TypeDefinition definition:
                switch (definition.Kind)
                {
                    case ListKind { FixedSize: { } length } list:
                        return length * Size(list.Element);
                    case ListKind or MapKind:
                        return 2 * PointerSize;
                    case FlagsKind flags:
                        return FlagsSize(flags.Flags.Count);
                    case HandleKind or ResourceKind or FutureKind or StreamKind:
                        return 4;
                }

                var shape = Despecialize(definition);
                if (shape.Fields is { } fields)
                {
                    return RecordSize(fields);
                }

                var cases = shape.Cases!;
                var size = PrimitiveSize(DiscriminantType(cases.Count));
                size = AlignTo(size, MaxCaseAlignment(cases));
                size += cases.Select(c => c is null ? 0 : Size(c)).DefaultIfEmpty(0).Max();
                return AlignTo(size, Alignment(definition));
            default:
                throw new ArgumentException($"unknown type {type}", nameof(type));
        }
    }

    /// <summary>Byte offsets of the fields of a record-like sequence of types (records, tuples, parameter lists).</summary>
    public static IReadOnlyList<int> FieldOffsets(IEnumerable<WitType> fields)
    {
        var offsets = new List<int>();
        var offset = 0;
        foreach (var field in fields)
        {
            offset = AlignTo(offset, Alignment(field));
            offsets.Add(offset);
            offset += Size(field);
        }

        return offsets;
    }

    /// <summary>Offset of a variant's payload: after the discriminant, aligned to the largest case alignment.</summary>
    public static int PayloadOffset(WitType variantLike)
    {
        var shape = Despecialize((TypeDefinition)variantLike.Unalias());
        var cases = shape.Cases ?? throw new ArgumentException($"{variantLike} is not variant-like", nameof(variantLike));
        return AlignTo(PrimitiveSize(DiscriminantType(cases.Count)), MaxCaseAlignment(cases));
    }

    /// <summary>Size and alignment of a sequence of values laid out like a record (spilled parameters or results).</summary>
    public static MemoryArea TupleArea(IReadOnlyList<WitType> types) =>
        new(RecordSize(types), types.Select(Alignment).DefaultIfEmpty(1).Max());

    /// <summary>The integer type of a variant's discriminant: u8 up to 256 cases, u16 up to 65536, else u32.</summary>
    public static PrimitiveType DiscriminantType(int caseCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(caseCount, 1);
        return caseCount switch
        {
            <= 1 << 8 => PrimitiveType.U8,
            <= 1 << 16 => PrimitiveType.U16,
            _ => PrimitiveType.U32,
        };
    }

    /// <summary>
    /// The record or variant a specialised type stands for: tuple → record of its elements; enum →
    /// variant without payloads; option → variant <c>none</c> | <c>some(T)</c>; result → variant
    /// <c>ok(T?)</c> | <c>err(E?)</c>. Exactly one of the returned lists is set.
    /// </summary>
    public static (IReadOnlyList<WitType>? Fields, IReadOnlyList<WitType?>? Cases) Despecialize(TypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Kind switch
        {
            RecordKind record => ([.. record.Fields.Select(f => f.Type)], null),
            TupleKind tuple => (tuple.Types, null),
            VariantKind variant => (null, [.. variant.Cases.Select(c => c.Type)]),
            EnumKind enumKind => (null, [.. enumKind.Cases.Select(_ => (WitType?)null)]),
            OptionKind option => (null, [null, option.Inner]),
            ResultKind result => (null, [result.Ok, result.Err]),
            AliasKind alias when alias.Target.Unalias() is TypeDefinition target => Despecialize(target),
            _ => throw new ArgumentException($"{definition} ({definition.Kind.GetType().Name}) is neither record- nor variant-like", nameof(definition)),
        };
    }

    /// <summary>The flat core types of one value.</summary>
    public static IReadOnlyList<CoreType> Flatten(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var flat = new List<CoreType>();
        FlattenInto(type, flat);
        return flat;
    }

    public static IReadOnlyList<CoreType> Flatten(IEnumerable<WitType> types)
    {
        var flat = new List<CoreType>();
        foreach (var type in types)
        {
            FlattenInto(type, flat);
        }

        return flat;
    }

    /// <summary>The core type that can carry both: equal types stay, i32 and f32 share i32, everything else is i64.</summary>
    public static CoreType Join(CoreType a, CoreType b) => (a, b) switch
    {
        _ when a == b => a,
        (CoreType.I32, CoreType.F32) or (CoreType.F32, CoreType.I32) => CoreType.I32,
        _ => CoreType.I64,
    };

    /// <summary>
    /// The core signature of a function (<c>flatten_functype</c>). Synchronous: more than 16 flat params
    /// become one pointer; more than one flat result becomes a returned pointer (lift) or an extra
    /// return-pointer parameter (lower). Async lift returns the callback code (i32); async lower takes at
    /// most 4 flat params and returns the subtask status (i32), with an extra result pointer when there
    /// are results.
    /// </summary>
    public static FunctionLayout FunctionLayout(Function function, AbiContext context)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FunctionLayout([.. function.Params.Select(p => p.Type)], function.Result, context, function.IsAsync);
    }

    public static FunctionLayout FunctionLayout(IReadOnlyList<WitType> parameters, WitType? result, AbiContext context, bool isAsync = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var results = result is null ? Array.Empty<WitType>() : [result];
        var flatParams = Flatten(parameters);
        var flatResults = Flatten(results);
        var coreParams = flatParams.ToList();
        var coreResults = flatResults.ToList();
        MemoryArea? paramArea = null;
        MemoryArea? returnArea = null;
        var paramLimit = isAsync && context == AbiContext.Lower ? MaxFlatAsyncParams : MaxFlatParams;
        if (flatParams.Count > paramLimit)
        {
            coreParams = [CoreType.I32];
            paramArea = TupleArea(parameters);
        }

        if (!isAsync)
        {
            if (flatResults.Count > MaxFlatResults)
            {
                returnArea = TupleArea(results);
                if (context == AbiContext.Lift)
                {
                    coreResults = [CoreType.I32];
                }
                else
                {
                    coreParams.Add(CoreType.I32);
                    coreResults = [];
                }
            }
        }
        else if (context == AbiContext.Lift)
        {
            // Callback form: the result goes through task.return; the core function returns a callback code.
            coreResults = [CoreType.I32];
        }
        else
        {
            if (flatResults.Count > 0)
            {
                coreParams.Add(CoreType.I32);
                returnArea = TupleArea(results);
            }

            coreResults = [CoreType.I32];
        }

        return new FunctionLayout(CoreSignature.Of(coreParams, coreResults), flatParams, flatResults, paramArea, returnArea);
    }

    /// <summary>The parameters of <c>task.return</c> for an async function's result (a pointer past 16 flat values).</summary>
    public static CoreSignature TaskReturnSignature(WitType? result)
    {
        var flat = result is null ? [] : Flatten(result);
        return CoreSignature.Of(flat.Count > MaxFlatParams ? [CoreType.I32] : flat, []);
    }

    /// <summary>True when a value of the type owns memory that must be freed after the call (strings, lists).</summary>
    public static bool ContainsPointers(WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ContainsPointers(type, []);
    }

    private static bool ContainsPointers(WitType type, HashSet<TypeDefinition> visiting)
    {
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                return primitive.Kind == PrimitiveKind.String;
            case TypeDefinition definition when visiting.Add(definition):
                return definition.Kind switch
                {
                    ListKind { FixedSize: not null } list => ContainsPointers(list.Element, visiting),
                    ListKind or MapKind => true,
                    RecordKind record => record.Fields.Any(f => ContainsPointers(f.Type, visiting)),
                    TupleKind tuple => tuple.Types.Any(t => ContainsPointers(t, visiting)),
                    VariantKind variant => variant.Cases.Any(c => c.Type is not null && ContainsPointers(c.Type, visiting)),
                    OptionKind option => ContainsPointers(option.Inner, visiting),
                    ResultKind result => (result.Ok is not null && ContainsPointers(result.Ok, visiting))
                        || (result.Err is not null && ContainsPointers(result.Err, visiting)),
                    _ => false,
                };
            default:
                return false;
        }
    }

    internal static int AlignTo(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private static int RecordSize(IReadOnlyList<WitType> fields)
    {
        var size = 0;
        var alignment = 1;
        foreach (var field in fields)
        {
            var fieldAlignment = Alignment(field);
            alignment = Math.Max(alignment, fieldAlignment);
            size = AlignTo(size, fieldAlignment) + Size(field);
        }

        return AlignTo(size, alignment);
    }

    private static int MaxCaseAlignment(IReadOnlyList<WitType?> cases) =>
        cases.Where(c => c is not null).Select(c => Alignment(c!)).DefaultIfEmpty(1).Max();

    private static int PrimitiveSize(PrimitiveType primitive) => primitive.Kind switch
    {
        PrimitiveKind.Bool or PrimitiveKind.S8 or PrimitiveKind.U8 => 1,
        PrimitiveKind.S16 or PrimitiveKind.U16 => 2,
        PrimitiveKind.S32 or PrimitiveKind.U32 or PrimitiveKind.F32 or PrimitiveKind.Char or PrimitiveKind.ErrorContext => 4,
        PrimitiveKind.S64 or PrimitiveKind.U64 or PrimitiveKind.F64 => 8,
        PrimitiveKind.String => PointerSize,
        _ => throw new ArgumentOutOfRangeException(nameof(primitive)),
    };

    // Up to 32 flags: the smallest of u8/u16/u32 that holds them (the current spec's limit).
    // Beyond 32: one u32 per 32 flags, as the earlier spec and wit-bindgen lay them out.
    private static int FlagsSize(int count) => count switch
    {
        0 => 0,
        <= 8 => 1,
        <= 16 => 2,
        _ => 4 * FlagWords(count),
    };

    private static int FlagsAlignment(int count) => count switch
    {
        <= 8 => 1,
        <= 16 => 2,
        _ => 4,
    };

    private static int FlagWords(int count) => (count + 31) / 32;

    private static void FlattenInto(WitType type, List<CoreType> flat)
    {
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                switch (primitive.Kind)
                {
                    case PrimitiveKind.S64 or PrimitiveKind.U64:
                        flat.Add(CoreType.I64);
                        break;
                    case PrimitiveKind.F32:
                        flat.Add(CoreType.F32);
                        break;
                    case PrimitiveKind.F64:
                        flat.Add(CoreType.F64);
                        break;
                    case PrimitiveKind.String:
                        flat.Add(CoreType.I32);
                        flat.Add(CoreType.I32);
                        break;
                    default:
                        flat.Add(CoreType.I32);
                        break;
                }

                return;
            case TypeDefinition definition:
                switch (definition.Kind)
                {
                    case ListKind { FixedSize: { } length } list:
                        var element = Flatten(list.Element);
                        for (var i = 0; i < length; i++)
                        {
                            flat.AddRange(element);
                        }

                        return;
                    case ListKind or MapKind:
                        flat.Add(CoreType.I32);
                        flat.Add(CoreType.I32);
                        return;
                    case FlagsKind flags:
                        for (var i = 0; i < Math.Max(1, FlagWords(flags.Flags.Count)) && flags.Flags.Count > 0; i++)
                        {
                            flat.Add(CoreType.I32);
                        }

                        return;
                    case HandleKind or ResourceKind or FutureKind or StreamKind:
                        flat.Add(CoreType.I32);
                        return;
                }

                var shape = Despecialize(definition);
                if (shape.Fields is { } fields)
                {
                    foreach (var field in fields)
                    {
                        FlattenInto(field, flat);
                    }

                    return;
                }

                var joined = new List<CoreType>();
                foreach (var payload in shape.Cases!)
                {
                    if (payload is null)
                    {
                        continue;
                    }

                    var caseFlat = Flatten(payload);
                    for (var i = 0; i < caseFlat.Count; i++)
                    {
                        if (i < joined.Count)
                        {
                            joined[i] = Join(joined[i], caseFlat[i]);
                        }
                        else
                        {
                            joined.Add(caseFlat[i]);
                        }
                    }
                }

                FlattenInto(DiscriminantType(shape.Cases!.Count), flat);
                flat.AddRange(joined);
                return;
        }
    }
}
