using System.Text;
using Wasmc.Wit.Wave;

namespace Wasmc.Wit.Tests.Wave;

public sealed class WaveParserTests
{
    private readonly TypeBuilder types = new();

    private TypeDefinition Record(params (string Name, WitType Type)[] fields) =>
        types.Named("point", new RecordKind([.. fields.Select(f => new Field(f.Name, f.Type, Docs.Empty))]));

    private TypeDefinition Variant(params (string Name, WitType? Type)[] cases) =>
        types.Named("shape", new VariantKind([.. cases.Select(c => new Case(c.Name, c.Type, Docs.Empty))]));

    [Theory]
    [InlineData("s8", "-128")]
    [InlineData("s8", "127")]
    [InlineData("u8", "255")]
    [InlineData("s16", "-32768")]
    [InlineData("u16", "65535")]
    [InlineData("s32", "-2147483648")]
    [InlineData("u32", "4294967295")]
    [InlineData("s64", "-9223372036854775808")]
    [InlineData("u64", "18446744073709551615")]
    [InlineData("bool", "true")]
    [InlineData("bool", "false")]
    [InlineData("char", "'x'")]
    [InlineData("string", "\"a\\tb\"")]
    [InlineData("f64", "-3.5")]
    [InlineData("f64", "inf")]
    [InlineData("f32", "nan")]
    public void Primitives_round_trip(string type, string text)
    {
        var value = WaveParser.ParseValue(text, PrimitiveType.FromWitName(type)!);
        WavePrinter.Print(value).ShouldBe(text);
    }

    [Theory]
    [InlineData("u8", "256")]
    [InlineData("u8", "-1")]
    [InlineData("u8", "-0")]
    [InlineData("s8", "-129")]
    [InlineData("u32", "1.5")]
    [InlineData("u64", "1e3")]
    [InlineData("u64", "18446744073709551616")]
    public void Out_of_range_or_fractional_integers_are_invalid_values(string type, string text)
    {
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue(text, PrimitiveType.FromWitName(type)!));
        error.Kind.ShouldBe(WaveErrorKind.InvalidValue);
    }

    [Theory]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(-0.0, "-0")]
    [InlineData(123.456, "123.456")]
    [InlineData(5.0, "5")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void F64_prints_like_rust_display(double value, string expected) =>
        WavePrinter.FormatFloat(value, isF32: false).ShouldBe(expected);

    [Fact]
    public void F32_prints_shortest_digits_of_the_single()
    {
        WavePrinter.FormatFloat(0.1f, isF32: true).ShouldBe("0.1");
        WavePrinter.FormatFloat(float.MaxValue, isF32: true).ShouldBe("340282350000000000000000000000000000000");
        WavePrinter.Print(WaveParser.ParseValue("16777217", PrimitiveType.F32)).ShouldBe("16777216");
    }

    [Fact]
    public void Records_reorder_fields_and_default_missing_options()
    {
        var point = Record(("x", PrimitiveType.F64), ("y", PrimitiveType.F64), ("label", types.Anonymous(new OptionKind(PrimitiveType.String))));
        var value = WaveParser.ParseValue("{y: 2.0, x: 1.5}", point);
        var record = value.ShouldBeOfType<WaveRecord>();
        record.Fields.Select(f => f.Key).ShouldBe(["x", "y", "label"]);
        record["label"].ShouldBe(WaveOption.None);
        WavePrinter.Print(value).ShouldBe("{x: 1.5, y: 2}");
        WavePrinter.Print(WaveParser.ParseValue("{x: 0, y: 0, label: \"o\"}", point)).ShouldBe("{x: 0, y: 0, label: some(\"o\")}");
    }

    [Fact]
    public void Unknown_record_fields_are_rejected()
    {
        var point = Record(("x", PrimitiveType.F64));
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue("{x: 1, z: 2}", point));
        error.ReferenceText.ShouldBe("error converting Wasm value: unknown field \"z\" at 0..12");
    }

    [Fact]
    public void Variants_tuples_lists_and_keyword_cases()
    {
        var shape = Variant(("circle", PrimitiveType.F64), ("none", null), ("square", types.Anonymous(new TupleKind([PrimitiveType.U8, PrimitiveType.Char]))));
        var list = types.Anonymous(new ListKind(shape));
        var value = WaveParser.ParseValue("[circle(1), %none, square((2, 'x'))]", list);
        var elements = value.ShouldBeOfType<WaveList>().Elements;
        elements[0].ShouldBe(new WaveVariant("circle", WaveValue.F64(1)));
        elements[1].ShouldBe(new WaveVariant("none"));
        WavePrinter.Print(value).ShouldBe("[circle(1), %none, square((2, 'x'))]");
    }

    [Fact]
    public void Tuples_must_have_the_declared_arity()
    {
        var pair = types.Anonymous(new TupleKind([PrimitiveType.U8, PrimitiveType.U8]));
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue("(1, 2, 3)", pair));
        error.Detail.ShouldBe("expected 2 tuple elements; got 3");
    }

    [Fact]
    public void Fixed_size_lists_check_their_length()
    {
        var triple = types.Anonymous(new ListKind(PrimitiveType.U8, 3));
        WaveParser.ParseValue("[1, 2, 3]", triple).ShouldBeOfType<WaveList>().Elements.Count.ShouldBe(3);
        Should.Throw<WaveException>(() => WaveParser.ParseValue("[1, 2]", triple)).Kind.ShouldBe(WaveErrorKind.WasmValueError);
    }

    [Fact]
    public void Options_and_results_flatten_their_payload_when_unambiguous()
    {
        var option = types.Anonymous(new OptionKind(PrimitiveType.U8));
        WaveParser.ParseValue("7", option).ShouldBe(new WaveOption(WaveValue.U8(7)));
        var result = types.Anonymous(new ResultKind(PrimitiveType.String, PrimitiveType.U8));
        WaveParser.ParseValue("\"ok\"", result).ShouldBe(WaveResult.Ok(WaveValue.String("ok")));
        WaveParser.ParseValue("err(3)", result).ShouldBe(WaveResult.Err(WaveValue.U8(3)));
        var nested = types.Anonymous(new OptionKind(option));
        Should.Throw<WaveException>(() => WaveParser.ParseValue("7", nested)).Kind.ShouldBe(WaveErrorKind.InvalidType);
        WavePrinter.Print(WaveParser.ParseValue("some(none)", nested)).ShouldBe("some(none)");
    }

    [Fact]
    public void Flags_come_back_in_declaration_order()
    {
        var flags = types.Named("perm", new FlagsKind([new Flag("read", Docs.Empty), new Flag("write", Docs.Empty), new Flag("exec", Docs.Empty)]));
        var value = WaveParser.ParseValue("{exec, read}", flags);
        value.ShouldBeOfType<WaveFlags>().Flags.ShouldBe(["read", "exec"]);
        WavePrinter.Print(value).ShouldBe("{read, exec}");
    }

    [Fact]
    public void Aliases_are_followed()
    {
        var alias = types.Named("count", new AliasKind(PrimitiveType.U32));
        WaveParser.ParseValue("42", alias).ShouldBe(WaveValue.U32(42));
    }

    [Fact]
    public void Resources_have_no_wave_form()
    {
        var resource = types.Named("file", new ResourceKind());
        var handle = types.Anonymous(new HandleKind(resource, IsBorrow: false));
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue("1", handle));
        error.Kind.ShouldBe(WaveErrorKind.WasmValueError);
        error.Detail.ShouldBe("unsupported type own");
    }

    [Fact]
    public void Errors_carry_line_and_column()
    {
        var point = Record(("x", PrimitiveType.F64));
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue("{\n  x: 1,\n  x: 2,\n}", point));
        error.Kind.ShouldBe(WaveErrorKind.DuplicateField);
        (error.Line, error.Column).ShouldBe((3, 3));
        error.Message.ShouldBe("3:3: duplicate field: \"x\"");
        error.ReferenceText.ShouldBe("duplicate field: \"x\" at 12..13");
    }

    [Fact]
    public void Byte_offsets_count_utf8_bytes()
    {
        var error = Should.Throw<WaveException>(() => WaveParser.ParseValue("\"☃\" x", PrimitiveType.String));
        error.Kind.ShouldBe(WaveErrorKind.TrailingCharacters);
        error.ReferenceText.ShouldBe("trailing characters after value at 6..7");
        error.Column.ShouldBe(5);
    }

    [Fact]
    public void Calls_parse_name_and_typed_arguments()
    {
        var add = new Function("add", FunctionKind.Freestanding, null,
            [new Param("a", PrimitiveType.F64), new Param("b", PrimitiveType.F64)], PrimitiveType.F64, Docs.Empty, Stability.Unknown);
        var call = WaveParser.ParseCall("add(5.0, 3.0)", add);
        call.Name.ShouldBe("add");
        call.Arguments.ShouldBe([WaveValue.F64(5), WaveValue.F64(3)]);
        WavePrinter.PrintCall(call.Name, add.Params, call.Arguments).ShouldBe("add(a: 5, b: 3)");

        var qualified = WaveParser.ParseCall("calculator:math/calculator@1.0.0.add(1, 2)", add, "calculator", new PackageName("calculator", "math", "1.0.0"));
        qualified.Arguments.Count.ShouldBe(2);
        Should.Throw<WaveException>(() => WaveParser.ParseCall("sub(1, 2)", add)).Kind.ShouldBe(WaveErrorKind.UnknownFunction);
        WaveParser.ParseCallName("  sub (1)").ShouldBe("sub");
    }

    [Fact]
    public void Trailing_option_arguments_may_be_left_out()
    {
        var parameters = new[] { new Param("a", PrimitiveType.U8), new Param("b", types.Anonymous(new OptionKind(PrimitiveType.U8))) };
        WaveParser.ParseCall("f(1)", parameters).Arguments.ShouldBe([WaveValue.U8(1), WaveOption.None]);
        var error = Should.Throw<WaveException>(() => WaveParser.ParseCall("f()", parameters));
        error.ReferenceText.ShouldBe("invalid params: no params provided, but 2 required at 0..1");
    }

    [Fact]
    public void Deep_nesting_is_rejected()
    {
        var text = string.Concat(Enumerable.Repeat("[", 101)) + string.Concat(Enumerable.Repeat("]", 101));
        WitType type = PrimitiveType.U8;
        for (var i = 0; i < 101; i++)
        {
            type = types.Anonymous(new ListKind(type));
        }

        Should.Throw<WaveException>(() => WaveParser.ParseValue(text, type)).Kind.ShouldBe(WaveErrorKind.NestingTooDeep);
    }

    [Fact]
    public void Strings_escape_controls_and_keep_printable_unicode()
    {
        WavePrinter.Print(WaveValue.String("a\u0001☃\u200b")).ShouldBe("\"a\\u{1}☃\\u{200b}\"");
        WavePrinter.Print(WaveValue.Char(new Rune('\''))).ShouldBe("'\\''");
    }

    [Fact]
    public void Equality_is_structural_with_optional_float_tolerance()
    {
        var point = Record(("x", PrimitiveType.F64), ("y", PrimitiveType.F64));
        var a = WaveParser.ParseValue("{x: 0.1, y: nan}", point);
        var b = WaveParser.ParseValue("{x: 0.1, y: nan}", point);
        a.ShouldBe(b);
        var c = WaveParser.ParseValue("{x: 0.10000001, y: nan}", point);
        WaveEquality.AreEqual(a, c).ShouldBeFalse();
        WaveEquality.AreEqual(a, c, new FloatTolerance(Absolute: 1e-6, Relative: 0)).ShouldBeTrue();
        WaveEquality.AreEqual(WaveValue.F64(1000), WaveValue.F64(1001), new FloatTolerance(0, 1e-2)).ShouldBeTrue();
        WaveEquality.AreEqual(WaveValue.F64(double.PositiveInfinity), WaveValue.F64(double.MaxValue), new FloatTolerance(1, 1)).ShouldBeFalse();
        WaveValue.U8(1).ShouldNotBe(WaveValue.U16(1));
        new WaveFlags(["a", "b"]).ShouldBe(new WaveFlags(["b", "a"]));
    }
}
