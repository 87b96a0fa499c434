using Wasmc.Wit.Abi;
using Wasmc.Wit.Tests.Wave;

namespace Wasmc.Wit.Tests.Abi;

public sealed class CanonicalAbiTests
{
    private readonly TypeBuilder types = new();

    private static string Flat(WitType type) => string.Join(' ', CanonicalAbi.Flatten(type).Select(CanonicalAbi.Name));

    private TypeDefinition Record(params WitType[] fields) =>
        types.Named("r", new RecordKind([.. fields.Select((t, i) => new Field($"f{i}", t, Docs.Empty))]));

    private TypeDefinition Variant(params WitType?[] cases) =>
        types.Named("v", new VariantKind([.. cases.Select((t, i) => new Case($"c{i}", t, Docs.Empty))]));

    private TypeDefinition Flags(int count) =>
        types.Named("f", new FlagsKind([.. Enumerable.Range(0, count).Select(i => new Flag($"f{i}", Docs.Empty))]));

    private TypeDefinition Enum(int count) =>
        types.Named("e", new EnumKind([.. Enumerable.Range(0, count).Select(i => new EnumCase($"c{i}", Docs.Empty))]));

    [Theory]
    [InlineData("bool", 1, 1, "i32")]
    [InlineData("s8", 1, 1, "i32")]
    [InlineData("u8", 1, 1, "i32")]
    [InlineData("s16", 2, 2, "i32")]
    [InlineData("u16", 2, 2, "i32")]
    [InlineData("s32", 4, 4, "i32")]
    [InlineData("u32", 4, 4, "i32")]
    [InlineData("s64", 8, 8, "i64")]
    [InlineData("u64", 8, 8, "i64")]
    [InlineData("f32", 4, 4, "f32")]
    [InlineData("f64", 8, 8, "f64")]
    [InlineData("char", 4, 4, "i32")]
    [InlineData("string", 8, 4, "i32 i32")]
    [InlineData("error-context", 4, 4, "i32")]
    public void Primitives(string name, int size, int alignment, string flat)
    {
        var type = PrimitiveType.FromWitName(name)!;
        CanonicalAbi.Size(type).ShouldBe(size);
        CanonicalAbi.Alignment(type).ShouldBe(alignment);
        Flat(type).ShouldBe(flat);
    }

    [Fact]
    public void Lists_are_pointer_and_length_unless_fixed_size()
    {
        var list = types.Anonymous(new ListKind(PrimitiveType.U64));
        (CanonicalAbi.Size(list), CanonicalAbi.Alignment(list), Flat(list)).ShouldBe((8, 4, "i32 i32"));
        var fixedList = types.Anonymous(new ListKind(PrimitiveType.U16, 3));
        (CanonicalAbi.Size(fixedList), CanonicalAbi.Alignment(fixedList), Flat(fixedList)).ShouldBe((6, 2, "i32 i32 i32"));
        var map = types.Anonymous(new MapKind(PrimitiveType.String, PrimitiveType.U32));
        (CanonicalAbi.Size(map), Flat(map)).ShouldBe((8, "i32 i32"));
    }

    [Fact]
    public void Records_and_tuples_pad_fields_to_their_alignment()
    {
        var record = Record(PrimitiveType.U8, PrimitiveType.U32, PrimitiveType.U8);
        (CanonicalAbi.Size(record), CanonicalAbi.Alignment(record)).ShouldBe((12, 4));
        CanonicalAbi.FieldOffsets(record.Kind is RecordKind r ? r.Fields.Select(f => f.Type) : []).ShouldBe([0, 4, 8]);
        Flat(record).ShouldBe("i32 i32 i32");
        var tuple = types.Anonymous(new TupleKind([PrimitiveType.U8, PrimitiveType.U64]));
        (CanonicalAbi.Size(tuple), CanonicalAbi.Alignment(tuple), Flat(tuple)).ShouldBe((16, 8, "i32 i64"));
    }

    [Theory]
    [InlineData(1, "u8")]
    [InlineData(256, "u8")]
    [InlineData(257, "u16")]
    [InlineData(65536, "u16")]
    [InlineData(65537, "u32")]
    public void Discriminant_grows_with_the_number_of_cases(int cases, string expected) =>
        CanonicalAbi.DiscriminantType(cases).WitName.ShouldBe(expected);

    [Fact]
    public void Enums_are_their_discriminant()
    {
        var small = Enum(3);
        (CanonicalAbi.Size(small), CanonicalAbi.Alignment(small), Flat(small)).ShouldBe((1, 1, "i32"));
        var large = Enum(300);
        (CanonicalAbi.Size(large), CanonicalAbi.Alignment(large)).ShouldBe((2, 2));
    }

    [Fact]
    public void Options_and_results_are_despecialised_variants()
    {
        var optionU8 = types.Anonymous(new OptionKind(PrimitiveType.U8));
        (CanonicalAbi.Size(optionU8), CanonicalAbi.Alignment(optionU8), Flat(optionU8)).ShouldBe((2, 1, "i32 i32"));
        var optionString = types.Anonymous(new OptionKind(PrimitiveType.String));
        (CanonicalAbi.Size(optionString), Flat(optionString)).ShouldBe((12, "i32 i32 i32"));
        var optionU64 = types.Anonymous(new OptionKind(PrimitiveType.U64));
        (CanonicalAbi.Size(optionU64), CanonicalAbi.Alignment(optionU64), Flat(optionU64)).ShouldBe((16, 8, "i32 i64"));
        var empty = types.Anonymous(new ResultKind(null, null));
        (CanonicalAbi.Size(empty), CanonicalAbi.Alignment(empty), Flat(empty)).ShouldBe((1, 1, "i32"));
        CanonicalAbi.Despecialize(optionU8).Cases.ShouldBe([null, PrimitiveType.U8]);
        CanonicalAbi.Despecialize(types.Anonymous(new TupleKind([PrimitiveType.U8]))).Fields.ShouldBe([PrimitiveType.U8]);
    }

    [Fact]
    public void Divide_result_matches_the_shape_seen_working()
    {
        // result<f64, string>: u8 discriminant at 0, payload at 8, 16 bytes aligned to 8.
        var result = types.Anonymous(new ResultKind(PrimitiveType.F64, PrimitiveType.String));
        (CanonicalAbi.Size(result), CanonicalAbi.Alignment(result), CanonicalAbi.PayloadOffset(result)).ShouldBe((16, 8, 8));
        Flat(result).ShouldBe("i32 i64 i32");
    }

    [Theory]
    [InlineData(CoreType.I32, CoreType.I32, CoreType.I32)]
    [InlineData(CoreType.I32, CoreType.F32, CoreType.I32)]
    [InlineData(CoreType.F32, CoreType.I32, CoreType.I32)]
    [InlineData(CoreType.F32, CoreType.F32, CoreType.F32)]
    [InlineData(CoreType.F64, CoreType.F64, CoreType.F64)]
    [InlineData(CoreType.I32, CoreType.I64, CoreType.I64)]
    [InlineData(CoreType.F32, CoreType.F64, CoreType.I64)]
    [InlineData(CoreType.I32, CoreType.F64, CoreType.I64)]
    [InlineData(CoreType.F64, CoreType.I64, CoreType.I64)]
    public void Join(CoreType a, CoreType b, CoreType expected) => CanonicalAbi.Join(a, b).ShouldBe(expected);

    [Fact]
    public void Variant_payloads_are_joined_position_by_position()
    {
        Flat(Variant(PrimitiveType.F32, PrimitiveType.U32)).ShouldBe("i32 i32");
        Flat(Variant(PrimitiveType.F32, PrimitiveType.F64)).ShouldBe("i32 i64");
        Flat(Variant(PrimitiveType.F64, null, PrimitiveType.F64)).ShouldBe("i32 f64");
        Flat(Variant(PrimitiveType.U8, PrimitiveType.String, types.Anonymous(new TupleKind([PrimitiveType.F32, PrimitiveType.F32, PrimitiveType.F32]))))
            .ShouldBe("i32 i32 i32 f32");
        var variant = Variant(PrimitiveType.U8, PrimitiveType.U64, null);
        (CanonicalAbi.Size(variant), CanonicalAbi.Alignment(variant)).ShouldBe((16, 8));
    }

    [Theory]
    [InlineData(1, 1, 1, "i32")]
    [InlineData(8, 1, 1, "i32")]
    [InlineData(9, 2, 2, "i32")]
    [InlineData(16, 2, 2, "i32")]
    [InlineData(17, 4, 4, "i32")]
    [InlineData(32, 4, 4, "i32")]
    [InlineData(33, 8, 4, "i32 i32")]
    [InlineData(65, 12, 4, "i32 i32 i32")]
    public void Flags_use_the_smallest_integer_and_words_beyond_32(int count, int size, int alignment, string flat)
    {
        var flags = Flags(count);
        (CanonicalAbi.Size(flags), CanonicalAbi.Alignment(flags), Flat(flags)).ShouldBe((size, alignment, flat));
    }

    [Fact]
    public void Handles_futures_and_streams_are_i32_indices()
    {
        var resource = types.Named("file", new ResourceKind());
        foreach (var kind in new TypeKind[] { new HandleKind(resource, false), new HandleKind(resource, true), new FutureKind(PrimitiveType.U8), new StreamKind(null) })
        {
            var type = types.Anonymous(kind);
            (CanonicalAbi.Size(type), CanonicalAbi.Alignment(type), Flat(type)).ShouldBe((4, 4, "i32"));
        }
    }

    [Fact]
    public void Aliases_are_transparent()
    {
        var alias = types.Named("a", new AliasKind(types.Anonymous(new OptionKind(PrimitiveType.F64))));
        (CanonicalAbi.Size(alias), CanonicalAbi.Alignment(alias), Flat(alias)).ShouldBe((16, 8, "i32 f64"));
    }

    [Fact]
    public void Function_layouts_follow_flatten_functype()
    {
        var f64 = PrimitiveType.F64;
        var add = CanonicalAbi.FunctionLayout([f64, f64], f64, AbiContext.Lift);
        add.Signature.ToString().ShouldBe("(param f64 f64) (result f64)");
        add.ResultsInMemory.ShouldBeFalse();

        var result = types.Anonymous(new ResultKind(f64, PrimitiveType.String));
        var divideExport = CanonicalAbi.FunctionLayout([f64, f64], result, AbiContext.Lift);
        divideExport.Signature.ToString().ShouldBe("(param f64 f64) (result i32)");
        divideExport.ReturnArea.ShouldBe(new MemoryArea(16, 8));
        var divideImport = CanonicalAbi.FunctionLayout([f64, f64], result, AbiContext.Lower);
        divideImport.Signature.ToString().ShouldBe("(param f64 f64 i32)");

        var greet = CanonicalAbi.FunctionLayout([PrimitiveType.String], PrimitiveType.String, AbiContext.Lift);
        greet.Signature.ToString().ShouldBe("(param i32 i32) (result i32)");
        greet.ReturnArea.ShouldBe(new MemoryArea(8, 4));

        var nothing = CanonicalAbi.FunctionLayout([], null, AbiContext.Lower);
        nothing.Signature.ToString().ShouldBe("()");
    }

    [Fact]
    public void More_than_sixteen_flat_params_are_passed_through_memory()
    {
        var sixteen = Enumerable.Repeat<WitType>(PrimitiveType.U32, 16).ToList();
        CanonicalAbi.FunctionLayout(sixteen, null, AbiContext.Lift).ParamsInMemory.ShouldBeFalse();
        var seventeen = sixteen.Append(PrimitiveType.U8).ToList();
        var layout = CanonicalAbi.FunctionLayout(seventeen, null, AbiContext.Lower);
        layout.Signature.ToString().ShouldBe("(param i32)");
        layout.ParamArea.ShouldBe(new MemoryArea(68, 4));
        layout.FlatParams.Count.ShouldBe(17);
        var strings = Enumerable.Repeat<WitType>(PrimitiveType.String, 9).ToList();
        CanonicalAbi.FunctionLayout(strings, null, AbiContext.Lift).ParamArea.ShouldBe(new MemoryArea(72, 4));
    }

    [Fact]
    public void Async_functions_use_the_async_abi()
    {
        var five = Enumerable.Repeat<WitType>(PrimitiveType.U32, 5).ToList();
        var lift = CanonicalAbi.FunctionLayout(five, PrimitiveType.String, AbiContext.Lift, isAsync: true);
        lift.Signature.ToString().ShouldBe("(param i32 i32 i32 i32 i32) (result i32)");
        var lower = CanonicalAbi.FunctionLayout(five, PrimitiveType.String, AbiContext.Lower, isAsync: true);
        lower.Signature.ToString().ShouldBe("(param i32 i32) (result i32)");
        lower.ParamArea.ShouldBe(new MemoryArea(20, 4));
        lower.ReturnArea.ShouldBe(new MemoryArea(8, 4));
        var four = CanonicalAbi.FunctionLayout([PrimitiveType.U32], null, AbiContext.Lower, isAsync: true);
        four.Signature.ToString().ShouldBe("(param i32) (result i32)");
        CanonicalAbi.TaskReturnSignature(PrimitiveType.String).ToString().ShouldBe("(param i32 i32)");
        CanonicalAbi.TaskReturnSignature(null).ToString().ShouldBe("()");
    }

    [Fact]
    public void Pointers_are_found_through_nested_types()
    {
        CanonicalAbi.ContainsPointers(PrimitiveType.F64).ShouldBeFalse();
        CanonicalAbi.ContainsPointers(types.Anonymous(new ResultKind(PrimitiveType.F64, PrimitiveType.String))).ShouldBeTrue();
        CanonicalAbi.ContainsPointers(Record(PrimitiveType.U8, types.Anonymous(new ListKind(PrimitiveType.U8)))).ShouldBeTrue();
        CanonicalAbi.ContainsPointers(types.Anonymous(new ListKind(PrimitiveType.U8, 4))).ShouldBeFalse();
        CanonicalAbi.ContainsPointers(types.Anonymous(new HandleKind(types.Named("r", new ResourceKind()), false))).ShouldBeFalse();
    }
}
