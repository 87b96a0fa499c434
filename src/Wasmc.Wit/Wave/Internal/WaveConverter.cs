using System.Globalization;
using System.Text;

namespace Wasmc.Wit.Wave.Internal;

/// <summary>Types an untyped <see cref="Node"/> against a WIT type (wasm-wave <c>ast.rs</c> <c>to_wasm_value</c>).</summary>
internal sealed class WaveConverter(string source)
{
    public WaveValue Convert(Node node, WitType type)
    {
        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return ConvertPrimitive(node, primitive);
        }

        var definition = (TypeDefinition)resolved;
        return definition.Kind switch
        {
            ListKind list => ConvertList(node, list),
            MapKind map => ConvertMap(node, map),
            RecordKind record => ConvertRecord(node, record),
            TupleKind tuple => ConvertTuple(node, tuple),
            VariantKind variant => ConvertVariant(node, variant),
            EnumKind enumKind => ConvertEnum(node, enumKind),
            OptionKind option => ConvertOption(node, option),
            ResultKind result => ConvertResult(node, result),
            FlagsKind flags => ConvertFlags(node, flags),
            _ => throw ValueError(node, $"unsupported type {Describe(definition)}"),
        };
    }

    public IReadOnlyList<WaveValue> ConvertParams(UntypedCall call, IReadOnlyList<Param> parameters)
    {
        if (call.Params is not { } tuple)
        {
            if (parameters.Count > 0)
            {
                throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidParams,
                    $"no params provided, but {parameters.Count} required", call.NameStart, call.NameEnd);
            }

            return [];
        }

        var values = new List<WaveValue>();
        for (var i = 0; i < tuple.Children.Count; i++)
        {
            var child = tuple.Children[i];
            if (i >= parameters.Count)
            {
                throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidParams, "more param(s) than expected", child.Start, child.End);
            }

            values.Add(Convert(child, parameters[i].Type));
        }

        // Trailing option-typed params may be left out; they are `none`.
        for (var i = tuple.Children.Count; i < parameters.Count; i++)
        {
            if (!IsOption(parameters[i].Type))
            {
                throw WaveSyntaxParser.Error(source, WaveErrorKind.InvalidParams, "missing required param(s)", tuple.End - 1, tuple.End);
            }

            values.Add(WaveOption.None);
        }

        return values;
    }

    private static bool IsOption(WitType type) => type.Unalias() is TypeDefinition { Kind: OptionKind };

    private static bool IsOptionOrResult(WitType type) => type.Unalias() is TypeDefinition { Kind: OptionKind or ResultKind };

    private static string Describe(TypeDefinition definition) => definition.Kind switch
    {
        ResourceKind => "resource",
        HandleKind { IsBorrow: true } => "borrow",
        HandleKind => "own",
        FutureKind => "future",
        StreamKind => "stream",
        _ => definition.ToString(),
    };

    private WaveValue ConvertPrimitive(Node node, PrimitiveType type)
    {
        switch (type.Kind)
        {
            case PrimitiveKind.Bool:
                return node.Type switch
                {
                    NodeType.BoolTrue => WaveBool.True,
                    NodeType.BoolFalse => WaveBool.False,
                    _ => throw Error(node, WaveErrorKind.InvalidType),
                };
            case PrimitiveKind.F32:
            case PrimitiveKind.F64:
                return new WaveFloat(type, ParseFloat(node, type.Kind == PrimitiveKind.F32));
            case PrimitiveKind.Char:
                return new WaveChar(ParseChar(node));
            case PrimitiveKind.String:
                return new WaveString(ParseString(node));
            case PrimitiveKind.ErrorContext:
                throw ValueError(node, "unsupported type error-context");
            default:
                return new WaveInteger(type, ParseInteger(node, type));
        }
    }

    private Int128 ParseInteger(Node node, PrimitiveType type)
    {
        EnsureType(node, NodeType.Number);
        var text = node.Slice(source);
        var (min, max) = WaveInteger.Range(type);
        var digits = text.StartsWith('-') && min < 0 ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw Error(node, WaveErrorKind.InvalidValue);
        }

        return value;
    }

    private double ParseFloat(Node node, bool isF32)
    {
        EnsureType(node, NodeType.Number);
        var text = node.Slice(source);
        switch (text)
        {
            case "nan": return double.NaN;
            case "inf": return double.PositiveInfinity;
            case "-inf": return double.NegativeInfinity;
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (isF32)
        {
            // Parsed as f32 directly: going through f64 could round twice.
            return float.TryParse(text, style, CultureInfo.InvariantCulture, out var single) ? single : throw Error(node, WaveErrorKind.InvalidValue);
        }

        return double.TryParse(text, style, CultureInfo.InvariantCulture, out var value) ? value : throw Error(node, WaveErrorKind.InvalidValue);
    }

    private Rune ParseChar(Node node)
    {
        EnsureType(node, NodeType.Char);
        var inner = source[(node.Start + 1)..(node.End - 1)];
        Rune rune;
        int length;
        if (inner.StartsWith('\\'))
        {
            (rune, length) = WaveStrings.Unescape(inner, 0) ?? throw Error(node, WaveErrorKind.InvalidEscape);
        }
        else
        {
            Rune.DecodeFromUtf16(inner, out rune, out length);
        }

        return length == inner.Length ? rune : throw Error(node, WaveErrorKind.MultipleChars);
    }

    private string ParseString(Node node) => node.Type switch
    {
        NodeType.String => WaveStrings.DecodeSingleLine(source, node.Start + 1, node.End - 1),
        NodeType.MultilineString => WaveStrings.DecodeMultiline(source, node.Start + 3, node.End - 3),
        _ => throw Error(node, WaveErrorKind.InvalidType),
    };

    private WaveList ConvertList(Node node, ListKind list)
    {
        EnsureType(node, NodeType.List);
        var elements = node.Children.Select(child => Convert(child, list.Element)).ToList();
        if (list.FixedSize is { } size && elements.Count != size)
        {
            throw ValueError(node, $"expected {size} list elements; got {elements.Count}");
        }

        return new WaveList(elements);
    }

    // A map is a list of key/value tuples in the canonical ABI; WAVE writes it the same way.
    private WaveList ConvertMap(Node node, MapKind map)
    {
        EnsureType(node, NodeType.List);
        var entryType = new TypeDefinition(-1, null, new TupleKind([map.Key, map.Value]), new TypeOwner.None());
        return new WaveList(node.Children.Select(child => Convert(child, entryType)));
    }

    private WaveRecord ConvertRecord(Node node, RecordKind record)
    {
        EnsureType(node, NodeType.Record);
        var given = new Dictionary<string, Node>(StringComparer.Ordinal);
        for (var i = 0; i < node.Children.Count; i += 2)
        {
            given[node.Children[i].Label(source)] = node.Children[i + 1];
        }

        // wasm-wave ignores unknown fields; rejecting them catches typos in expected values.
        var unknown = given.Keys.FirstOrDefault(name => record.Fields.All(f => f.Name != name));
        if (unknown is not null)
        {
            throw ValueError(node, $"unknown field {WaveSyntaxParser.Quote(unknown)}");
        }

        var fields = new List<KeyValuePair<string, WaveValue>>();
        foreach (var field in record.Fields)
        {
            WaveValue value;
            if (given.TryGetValue(field.Name, out var fieldNode))
            {
                value = Convert(fieldNode, field.Type);
            }
            else if (IsOption(field.Type))
            {
                value = WaveOption.None;
            }
            else
            {
                throw ValueError(node, $"missing field {WaveSyntaxParser.Quote(field.Name)}");
            }

            fields.Add(new(field.Name, value));
        }

        return new WaveRecord(fields);
    }

    private WaveTuple ConvertTuple(Node node, TupleKind tuple)
    {
        EnsureType(node, NodeType.Tuple);
        if (tuple.Types.Count != node.Children.Count)
        {
            throw ValueError(node, $"expected {tuple.Types.Count} tuple elements; got {node.Children.Count}");
        }

        return new WaveTuple(tuple.Types.Zip(node.Children, (type, child) => Convert(child, type)));
    }

    private WaveVariant ConvertVariant(Node node, VariantKind variant)
    {
        var (label, payload) = node.Type switch
        {
            NodeType.Label => (node.Label(source), (Node?)null),
            NodeType.VariantWithPayload => (node.Children[0].Label(source), node.Children[1]),
            _ => throw Error(node, WaveErrorKind.InvalidType),
        };
        var variantCase = variant.Cases.FirstOrDefault(c => c.Name == label)
            ?? throw ValueError(node, $"unknown case {WaveSyntaxParser.Quote(label)}");
        return new WaveVariant(label, ConvertPayload(node, label, variantCase.Type, payload));
    }

    private WaveEnum ConvertEnum(Node node, EnumKind enumKind)
    {
        EnsureType(node, NodeType.Label);
        var label = node.Label(source);
        return enumKind.Cases.Any(c => c.Name == label)
            ? new WaveEnum(label)
            : throw ValueError(node, $"unknown case {WaveSyntaxParser.Quote(label)}");
    }

    private WaveOption ConvertOption(Node node, OptionKind option) => node.Type switch
    {
        NodeType.OptionSome => new WaveOption(ConvertPayload(node, "some", option.Inner, node.Children[0])),
        NodeType.OptionNone => WaveOption.None,
        // `some(x)` may be written as `x` unless that would be ambiguous.
        _ when !IsOptionOrResult(option.Inner) => new WaveOption(Convert(node, option.Inner)),
        _ => throw Error(node, WaveErrorKind.InvalidType),
    };

    private WaveResult ConvertResult(Node node, ResultKind result) => node.Type switch
    {
        NodeType.ResultOk => WaveResult.Ok(ConvertPayload(node, "ok", result.Ok, node.Children.FirstOrDefault())),
        NodeType.ResultErr => WaveResult.Err(ConvertPayload(node, "err", result.Err, node.Children.FirstOrDefault())),
        _ when result.Ok is { } ok && !IsOptionOrResult(ok) => WaveResult.Ok(Convert(node, ok)),
        _ => throw Error(node, WaveErrorKind.InvalidType),
    };

    private WaveFlags ConvertFlags(Node node, FlagsKind flags)
    {
        EnsureType(node, NodeType.Flags);
        var names = node.Children.Select(child => child.Label(source)).ToList();
        var unknown = names.FirstOrDefault(name => flags.Flags.All(f => f.Name != name));
        if (unknown is not null)
        {
            throw ValueError(node, $"unknown case {WaveSyntaxParser.Quote(unknown)}");
        }

        return new WaveFlags(flags.Flags.Select(f => f.Name).Where(names.Contains));
    }

    private WaveValue? ConvertPayload(Node node, string caseName, WitType? payloadType, Node? payload) =>
        (payloadType, payload) switch
        {
            ({ } type, { } child) => Convert(child, type),
            (null, null) => null,
            (not null, null) => throw ValueError(node, $"missing payload for {WaveSyntaxParser.Quote(caseName)} case"),
            (null, not null) => throw ValueError(node, $"unexpected payload for {WaveSyntaxParser.Quote(caseName)} case"),
        };

    private void EnsureType(Node node, NodeType type)
    {
        if (node.Type != type)
        {
            throw Error(node, WaveErrorKind.InvalidType);
        }
    }

    private WaveException Error(Node node, WaveErrorKind kind) =>
        WaveSyntaxParser.Error(source, kind, null, node.Start, node.End);

    private WaveException ValueError(Node node, string detail) =>
        WaveSyntaxParser.Error(source, WaveErrorKind.WasmValueError, detail, node.Start, node.End);
}
