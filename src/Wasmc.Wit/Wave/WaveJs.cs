using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wasmc.Wit.Wave;

/// <summary>
/// The JSON form of component values as jco's JavaScript bindings see them, for a JS test harness:
/// numbers for 8- to 32-bit integers and floats (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> as
/// strings, which JSON cannot hold as numbers); 64-bit integers as decimal strings (BigInt in JS); chars and
/// strings as strings; lists and tuples as arrays; records as objects with camelCase keys; variants as
/// <c>{"tag": "case", "val": ...}</c> (no <c>val</c> without payload); enums as the case name; options as
/// the payload or <c>null</c>, except that an option whose payload is itself an option is tagged,
/// <c>{"tag": "some", "val": inner}</c> / <c>{"tag": "none"}</c> (checked against jco 1.35's generated bindings:
/// <c>option&lt;option&lt;string&gt;&gt;</c> is <c>Option&lt;string | undefined&gt;</c>);
/// results as <c>{"tag": "ok"|"err", "val"}</c> (jco throws a <c>ComponentError</c> whose <c>payload</c> is
/// the error for a function's top-level <c>err</c>: see <see cref="FromJsOutcome"/>); flags as an object of
/// booleans with camelCase keys. See docs/wave-and-abi.md.
/// </summary>
public static class WaveJs
{
    public static JsonNode? ToJson(WaveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case WaveBool b:
                return JsonValue.Create(b.Value);
            case WaveInteger i when i.Type.Kind is PrimitiveKind.S64 or PrimitiveKind.U64:
                return JsonValue.Create(i.Value.ToString(CultureInfo.InvariantCulture));
            case WaveInteger i:
                return JsonValue.Create((long)i.Value);
            case WaveFloat f when double.IsNaN(f.Value):
                return JsonValue.Create("NaN");
            case WaveFloat f when double.IsInfinity(f.Value):
                return JsonValue.Create(f.Value > 0 ? "Infinity" : "-Infinity");
            case WaveFloat f:
                return JsonValue.Create(f.Value);
            case WaveChar c:
                return JsonValue.Create(c.Value.ToString());
            case WaveString s:
                return JsonValue.Create(s.Value);
            case WaveList list:
                return new JsonArray([.. list.Elements.Select(ToJson)]);
            case WaveTuple tuple:
                return new JsonArray([.. tuple.Elements.Select(ToJson)]);
            case WaveRecord record:
                var fields = new JsonObject();
                foreach (var (name, fieldValue) in record.Fields)
                {
                    fields[CamelCase(name)] = ToJson(fieldValue);
                }

                return fields;
            case WaveVariant variant:
                return Tagged(variant.Case, variant.Payload);
            case WaveEnum e:
                return JsonValue.Create(e.Case);
            case WaveOption { Value: WaveOption inner }:
                // Without the type an outer none cannot be told apart; some(option) is tagged as jco does.
                return Tagged("some", inner);
            case WaveOption option:
                return option.Value is null ? null : ToJson(option.Value);
            case WaveResult result:
                return Tagged(result.IsOk ? "ok" : "err", result.Payload);
            case WaveFlags flags:
                // Without the type only the set flags are known; ToJson(value, type) lists all of them.
                var set = new JsonObject();
                foreach (var flag in flags.Flags)
                {
                    set[CamelCase(flag)] = true;
                }

                return set;
            default:
                throw new ArgumentException($"no JSON form for {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>Like <see cref="ToJson(WaveValue)"/>, with the type supplying the unset flags of flags values.</summary>
    public static JsonNode? ToJson(WaveValue value, WitType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var resolved = type.Unalias() as TypeDefinition;
        switch (value, resolved?.Kind)
        {
            case (WaveFlags flags, FlagsKind kind):
                var set = new JsonObject();
                foreach (var flag in kind.Flags)
                {
                    set[CamelCase(flag.Name)] = flags.Flags.Contains(flag.Name);
                }

                return set;
            case (WaveList list, ListKind kind):
                return new JsonArray([.. list.Elements.Select(e => ToJson(e, kind.Element))]);
            case (WaveTuple tuple, TupleKind kind):
                return new JsonArray([.. tuple.Elements.Zip(kind.Types, ToJson)]);
            case (WaveRecord record, RecordKind kind):
                var fields = new JsonObject();
                foreach (var (name, fieldValue) in record.Fields)
                {
                    fields[CamelCase(name)] = ToJson(fieldValue, kind.Fields.First(f => f.Name == name).Type);
                }

                return fields;
            case (WaveVariant variant, VariantKind kind):
                var payloadType = kind.Cases.First(c => c.Name == variant.Case).Type;
                return Tagged(variant.Case, variant.Payload, payloadType);
            case (WaveOption option, OptionKind kind) when IsOption(kind.Inner):
                return option.Value is null ? Tagged("none", null) : Tagged("some", option.Value, kind.Inner);
            case (WaveOption option, OptionKind kind):
                return option.Value is null ? null : ToJson(option.Value, kind.Inner);
            case (WaveResult result, ResultKind kind):
                return Tagged(result.IsOk ? "ok" : "err", result.Payload, result.IsOk ? kind.Ok : kind.Err);
            default:
                return ToJson(value);
        }
    }

    /// <summary>Reads the JSON form of a value of <paramref name="type"/>.</summary>
    /// <exception cref="WaveException">The JSON does not fit the type; the message names the JSON path.</exception>
    public static WaveValue FromJson(JsonElement json, WitType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return FromJson(json, type, "$");
    }

    /// <summary>
    /// The value a JS call produced: <paramref name="returned"/> when it returned, or, when it threw a
    /// <c>ComponentError</c>, <c>err(payload)</c> of the function's top-level result type.
    /// </summary>
    public static WaveValue? FromJsOutcome(JsonElement? returned, JsonElement? thrownPayload, WitType? resultType)
    {
        if (resultType is null)
        {
            return null;
        }

        if (thrownPayload is { } payload)
        {
            if (resultType.Unalias() is not TypeDefinition { Kind: ResultKind result })
            {
                throw new WaveException($"the call threw, but its result type {resultType} is not a result");
            }

            return WaveResult.Err(result.Err is null ? null : FromJson(payload, result.Err, "$.payload"));
        }

        var value = returned ?? default;
        if (resultType.Unalias() is TypeDefinition { Kind: ResultKind ok })
        {
            // A top-level ok is returned unwrapped.
            return WaveResult.Ok(ok.Ok is null ? null : FromJson(value, ok.Ok, "$"));
        }

        return FromJson(value, resultType, "$");
    }

    /// <summary>kebab-case to camelCase as jco names record fields and flags: <c>max-len</c> → <c>maxLen</c>.</summary>
    public static string CamelCase(string witName)
    {
        ArgumentNullException.ThrowIfNull(witName);
        var words = witName.Split('-');
        var builder = new StringBuilder(words[0]);
        foreach (var word in words.Skip(1).Where(w => w.Length > 0))
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }

        return builder.ToString();
    }

    private static bool IsOption(WitType type) => type.Unalias() is TypeDefinition { Kind: OptionKind };

    private static JsonObject Tagged(string tag, WaveValue? payload, WitType? payloadType = null)
    {
        var node = new JsonObject { ["tag"] = tag };
        if (payload is not null)
        {
            node["val"] = payloadType is null ? ToJson(payload) : ToJson(payload, payloadType);
        }

        return node;
    }

    private static WaveValue FromJson(JsonElement json, WitType type, string path)
    {
        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return Primitive(json, primitive, path);
        }

        var definition = (TypeDefinition)resolved;
        switch (definition.Kind)
        {
            case ListKind list:
                return new WaveList(Array(json, path).Select((e, i) => FromJson(e, list.Element, $"{path}[{i}]")));
            case TupleKind tuple:
                var items = Array(json, path);
                if (items.Count != tuple.Types.Count)
                {
                    throw Mismatch(path, $"a tuple of {tuple.Types.Count}", json);
                }

                return new WaveTuple(items.Select((e, i) => FromJson(e, tuple.Types[i], $"{path}[{i}]")));
            case RecordKind record:
                Expect(json, JsonValueKind.Object, "an object", path);
                return new WaveRecord(record.Fields.Select(f =>
                {
                    var key = CamelCase(f.Name);
                    return json.TryGetProperty(key, out var fieldJson)
                        ? new KeyValuePair<string, WaveValue>(f.Name, FromJson(fieldJson, f.Type, $"{path}.{key}"))
                        : f.Type.Unalias() is TypeDefinition { Kind: OptionKind }
                            ? new KeyValuePair<string, WaveValue>(f.Name, WaveOption.None)
                            : throw new WaveException($"{path}: missing field \"{key}\"");
                }));
            case VariantKind variant:
                var (tag, val) = Tag(json, path);
                var variantCase = variant.Cases.FirstOrDefault(c => c.Name == tag)
                    ?? throw new WaveException($"{path}: unknown case \"{tag}\"");
                return new WaveVariant(tag, Payload(val, variantCase.Type, tag, $"{path}.val"));
            case EnumKind enumKind:
                Expect(json, JsonValueKind.String, "a string", path);
                var name = json.GetString()!;
                return enumKind.Cases.Any(c => c.Name == name) ? new WaveEnum(name) : throw new WaveException($"{path}: unknown case \"{name}\"");
            case OptionKind option when IsOption(option.Inner):
                if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    return WaveOption.None;
                }

                // jco tags the outer option; its payload (the inner option) is plain, and a missing val is none.
                var (outerTag, outerVal) = Tag(json, path);
                return outerTag switch
                {
                    "none" => WaveOption.None,
                    "some" => new WaveOption(FromJson(outerVal ?? default, option.Inner, $"{path}.val")),
                    _ => throw new WaveException($"{path}: expected tag \"some\" or \"none\", got \"{outerTag}\""),
                };
            case OptionKind option:
                return json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                    ? WaveOption.None
                    : new WaveOption(FromJson(json, option.Inner, path));
            case ResultKind result:
                var (resultTag, resultVal) = Tag(json, path);
                return resultTag switch
                {
                    "ok" => WaveResult.Ok(Payload(resultVal, result.Ok, "ok", $"{path}.val")),
                    "err" => WaveResult.Err(Payload(resultVal, result.Err, "err", $"{path}.val")),
                    _ => throw new WaveException($"{path}: expected tag \"ok\" or \"err\", got \"{resultTag}\""),
                };
            case FlagsKind flags:
                Expect(json, JsonValueKind.Object, "an object of booleans", path);
                return new WaveFlags(flags.Flags
                    .Where(f => json.TryGetProperty(CamelCase(f.Name), out var set) && set.ValueKind == JsonValueKind.True)
                    .Select(f => f.Name));
            default:
                throw new WaveException($"{path}: values of {definition} have no JSON form");
        }
    }

    private static WaveValue? Payload(JsonElement? json, WitType? type, string caseName, string path) => (type, json) switch
    {
        (null, _) => null,
        ({ } t, { } j) => FromJson(j, t, path),
        (not null, null) => throw new WaveException($"{path}: missing payload for \"{caseName}\" case"),
    };

    private static WaveValue Primitive(JsonElement json, PrimitiveType type, string path)
    {
        switch (type.Kind)
        {
            case PrimitiveKind.Bool:
                return json.ValueKind switch
                {
                    JsonValueKind.True => WaveBool.True,
                    JsonValueKind.False => WaveBool.False,
                    _ => throw Mismatch(path, "a boolean", json),
                };
            case PrimitiveKind.F32 or PrimitiveKind.F64:
                double number = json.ValueKind switch
                {
                    JsonValueKind.Number => json.GetDouble(),
                    JsonValueKind.String => json.GetString() switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" => double.PositiveInfinity,
                        "-Infinity" => double.NegativeInfinity,
                        _ => throw Mismatch(path, "a number", json),
                    },
                    _ => throw Mismatch(path, "a number", json),
                };
                return new WaveFloat(type, number);
            case PrimitiveKind.Char:
                Expect(json, JsonValueKind.String, "a one-character string", path);
                var text = json.GetString()!;
                return Rune.DecodeFromUtf16(text, out var rune, out var length) == System.Buffers.OperationStatus.Done && length == text.Length
                    ? new WaveChar(rune)
                    : throw Mismatch(path, "a one-character string", json);
            case PrimitiveKind.String:
                Expect(json, JsonValueKind.String, "a string", path);
                return new WaveString(json.GetString()!);
            case PrimitiveKind.ErrorContext:
                throw new WaveException($"{path}: error-context values have no JSON form");
            default:
                var digits = json.ValueKind switch
                {
                    JsonValueKind.Number or JsonValueKind.String => json.ValueKind == JsonValueKind.String ? json.GetString()! : json.GetRawText(),
                    _ => throw Mismatch(path, $"an integer ({type})", json),
                };
                var (min, max) = WaveInteger.Range(type);
                return Int128.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                    ? new WaveInteger(type, value)
                    : throw Mismatch(path, $"an integer in range for {type}", json);
        }
    }

    private static (string Tag, JsonElement? Val) Tag(JsonElement json, string path)
    {
        Expect(json, JsonValueKind.Object, "an object {tag, val}", path);
        if (!json.TryGetProperty("tag", out var tag) || tag.ValueKind != JsonValueKind.String)
        {
            throw Mismatch(path, "an object {tag, val}", json);
        }

        return (tag.GetString()!, json.TryGetProperty("val", out var val) ? val : null);
    }

    private static List<JsonElement> Array(JsonElement json, string path)
    {
        Expect(json, JsonValueKind.Array, "an array", path);
        return [.. json.EnumerateArray()];
    }

    private static void Expect(JsonElement json, JsonValueKind kind, string description, string path)
    {
        if (json.ValueKind != kind)
        {
            throw Mismatch(path, description, json);
        }
    }

    private static WaveException Mismatch(string path, string expected, JsonElement json) =>
        new($"{path}: expected {expected}, got {(json.ValueKind == JsonValueKind.Undefined ? "nothing" : json.GetRawText())}");
}
