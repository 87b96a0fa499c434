using System.Text.Json;
using Wasmc.Wit.Wave;

namespace Wasmc.Wit.Tests.Wave;

public sealed class WaveJsTests
{
    private readonly TypeBuilder types = new();

    private static string Json(WaveValue value, WitType type) => WaveJs.ToJson(value, type)?.ToJsonString() ?? "null";

    private WaveValue RoundTrip(string wave, WitType type)
    {
        var value = WaveParser.ParseValue(wave, type);
        using var document = JsonDocument.Parse(Json(value, type));
        var back = WaveJs.FromJson(document.RootElement, type);
        back.ShouldBe(value);
        return back;
    }

    [Fact]
    public void Records_use_camel_case_keys_and_64_bit_integers_are_strings()
    {
        var record = types.Named("stats", new RecordKind([
            new Field("max-len", PrimitiveType.U64, Docs.Empty),
            new Field("ratio", PrimitiveType.F32, Docs.Empty),
            new Field("name", PrimitiveType.String, Docs.Empty),
        ]));
        var value = WaveParser.ParseValue("{max-len: 18446744073709551615, ratio: 0.5, name: \"n\"}", record);
        Json(value, record).ShouldBe("{\"maxLen\":\"18446744073709551615\",\"ratio\":0.5,\"name\":\"n\"}");
        RoundTrip("{max-len: 1, ratio: inf, name: \"\"}", record);
    }

    [Fact]
    public void Variants_enums_results_and_flags()
    {
        var variant = types.Named("v", new VariantKind([new Case("a", PrimitiveType.U8, Docs.Empty), new Case("b-c", null, Docs.Empty)]));
        Json(WaveParser.ParseValue("a(1)", variant), variant).ShouldBe("{\"tag\":\"a\",\"val\":1}");
        Json(WaveParser.ParseValue("b-c", variant), variant).ShouldBe("{\"tag\":\"b-c\"}");
        var enumType = types.Named("e", new EnumKind([new EnumCase("big-endian", Docs.Empty)]));
        Json(WaveParser.ParseValue("big-endian", enumType), enumType).ShouldBe("\"big-endian\"");
        var result = types.Anonymous(new ResultKind(PrimitiveType.F64, PrimitiveType.String));
        Json(WaveParser.ParseValue("err(\"x\")", result), result).ShouldBe("{\"tag\":\"err\",\"val\":\"x\"}");
        var flags = types.Named("f", new FlagsKind([new Flag("can-read", Docs.Empty), new Flag("write", Docs.Empty)]));
        Json(WaveParser.ParseValue("{can-read}", flags), flags).ShouldBe("{\"canRead\":true,\"write\":false}");
        RoundTrip("b-c", variant);
        RoundTrip("ok(2.5)", result);
        RoundTrip("{write}", flags);
    }

    [Fact]
    public void Options_are_null_or_the_value_and_an_option_of_an_option_is_tagged_outside()
    {
        var option = types.Anonymous(new OptionKind(PrimitiveType.U8));
        Json(WaveParser.ParseValue("none", option), option).ShouldBe("null");
        Json(WaveParser.ParseValue("some(3)", option), option).ShouldBe("3");

        // jco 1.35 (verified on transpiled output): option<option<T>> is Option<T | undefined>.
        var nested = types.Anonymous(new OptionKind(option));
        Json(WaveParser.ParseValue("none", nested), nested).ShouldBe("{\"tag\":\"none\"}");
        Json(WaveParser.ParseValue("some(none)", nested), nested).ShouldBe("{\"tag\":\"some\",\"val\":null}");
        Json(WaveParser.ParseValue("some(some(4))", nested), nested).ShouldBe("{\"tag\":\"some\",\"val\":4}");
        RoundTrip("some(none)", nested);
        RoundTrip("some(some(4))", nested);
        RoundTrip("none", nested);

        // What jco returns for some(none): the val is undefined and JSON.stringify leaves it out.
        using var returned = System.Text.Json.JsonDocument.Parse("{\"tag\":\"some\"}");
        WaveJs.FromJson(returned.RootElement, nested).ShouldBe(WaveParser.ParseValue("some(none)", nested));
    }

    [Fact]
    public void Lists_tuples_chars_and_special_floats()
    {
        var tuple = types.Anonymous(new TupleKind([PrimitiveType.Char, types.Anonymous(new ListKind(PrimitiveType.F64))]));
        Json(WaveParser.ParseValue("('y', [nan, -inf, 1])", tuple), tuple).ShouldBe("[\"y\",[\"NaN\",\"-Infinity\",1]]");
        RoundTrip("('x', [])", tuple);
    }

    [Fact]
    public void A_thrown_component_error_is_the_err_of_a_top_level_result()
    {
        var result = types.Anonymous(new ResultKind(PrimitiveType.F64, PrimitiveType.String));
        using var payload = JsonDocument.Parse("\"division by zero\"");
        WaveJs.FromJsOutcome(null, payload.RootElement, result).ShouldBe(WaveResult.Err(WaveValue.String("division by zero")));
        using var returned = JsonDocument.Parse("2.5");
        WaveJs.FromJsOutcome(returned.RootElement, null, result).ShouldBe(WaveResult.Ok(WaveValue.F64(2.5)));
    }

    [Fact]
    public void Mismatched_json_names_the_path()
    {
        var list = types.Anonymous(new ListKind(PrimitiveType.U8));
        using var document = JsonDocument.Parse("[1, 300]");
        var error = Should.Throw<WaveException>(() => WaveJs.FromJson(document.RootElement, list));
        error.Message.ShouldBe("$[1]: expected an integer in range for u8, got 300");
    }
}
