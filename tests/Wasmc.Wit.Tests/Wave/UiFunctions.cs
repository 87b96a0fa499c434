using Wasmc.Wit.Wave;

namespace Wasmc.Wit.Tests.Wave;

/// <summary>The functions of the ui suite's <c>ui.wit</c> (interface <c>ui</c> of <c>ui:tests@0.1.0</c>).</summary>
internal sealed class UiFunctions
{
    private static readonly PackageName Package = new("ui", "tests", "0.1.0");

    private UiFunctions(IReadOnlyList<Function> functions, string source)
    {
        Functions = functions;
        Source = source;
    }

    public IReadOnlyList<Function> Functions { get; }

    /// <summary>Where the signatures came from: the WIT loader, or the hand-built copy.</summary>
    public string Source { get; }

    public IReadOnlyList<Param>? Lookup(string callName) =>
        Functions.FirstOrDefault(f => WaveFunctionName.Matches(callName, f.Name, "ui", Package))?.Params;

    /// <summary>Reads <c>ui.wit</c> with the WIT loader; falls back to <see cref="HandBuilt"/> while the loader is unfinished.</summary>
    public static UiFunctions Load(string directory)
    {
        try
        {
            var loaded = WitLoader.Load(Path.Combine(directory, "ui.wit"));
            var ui = loaded.Resolve.Interfaces.Single(i => i.Name == "ui");
            return new UiFunctions([.. ui.Functions.Values], "WitLoader");
        }
        catch (NotImplementedException)
        {
            return HandBuilt();
        }
    }

    public static UiFunctions HandBuilt()
    {
        var types = new TypeBuilder();
        var optionU8 = types.Anonymous(new OptionKind(PrimitiveType.U8));
        var emptyResult = types.Anonymous(new ResultKind(null, null));
        var basic = types.Named("basic", new RecordKind([Field("required", PrimitiveType.U8), Field("optional", optionU8)]));
        var optionalFields = types.Named("optional-fields", new RecordKind([Field("a", optionU8), Field("b", optionU8)]));
        var keywordFields = types.Named("keyword-fields", new RecordKind([
            Field("true", PrimitiveType.Bool), Field("false", PrimitiveType.Bool),
            Field("some", optionU8), Field("none", optionU8),
            Field("ok", emptyResult), Field("err", emptyResult),
            Field("inf", PrimitiveType.F32), Field("nan", PrimitiveType.F32),
        ]));
        var hand = types.Named("hand", new EnumKind([Case("left"), Case("right")]));
        var keywordCases = types.Named("keyword-cases", new EnumKind(
            [.. new[] { "true", "false", "some", "none", "ok", "err", "inf", "nan" }.Select(Case)]));
        var permissions = types.Named("permissions", new FlagsKind([new Flag("read", Docs.Empty), new Flag("write", Docs.Empty)]));

        Function F(string name, params Param[] parameters) =>
            new(name, FunctionKind.Freestanding, null, parameters, null, Docs.Empty, Stability.Unknown);
        Param P(string name, WitType type) => new(name, type);

        return new UiFunctions(
        [
            F("nullary"),
            F("f32", P("val", PrimitiveType.F32)),
            F("list-f32", P("vals", types.Anonymous(new ListKind(PrimitiveType.F32)))),
            F("f64", P("val", PrimitiveType.F64)),
            F("list-f64", P("vals", types.Anonymous(new ListKind(PrimitiveType.F64)))),
            F("char", P("val", PrimitiveType.Char)),
            F("list-chars", P("vals", types.Anonymous(new ListKind(PrimitiveType.Char)))),
            F("string", P("val", PrimitiveType.String)),
            F("list-strings", P("vals", types.Anonymous(new ListKind(PrimitiveType.String)))),
            F("option-u8", P("opt", optionU8)),
            F("result-ok-u8", P("res", types.Anonymous(new ResultKind(PrimitiveType.U8, null)))),
            F("result-err-u8", P("res", types.Anonymous(new ResultKind(null, PrimitiveType.U8)))),
            F("result-both-u8", P("res", types.Anonymous(new ResultKind(PrimitiveType.U8, PrimitiveType.U8)))),
            F("result-no-payloads", P("res", emptyResult)),
            F("basic-record", P("rec", basic)),
            F("optional-fields-record", P("rec", optionalFields)),
            F("keyword-fields-record", P("rec", keywordFields)),
            F("hand-enum", P("enm", hand)),
            F("keyword-cases-enum", P("enm", keywordCases)),
            F("permission-flags", P("flgs", permissions)),
        ], "hand-built");
    }

    private static Field Field(string name, WitType type) => new(name, type, Docs.Empty);

    private static EnumCase Case(string name) => new(name, Docs.Empty);
}

/// <summary>Makes type definitions by hand for tests, numbering them like an arena.</summary>
internal sealed class TypeBuilder
{
    private int next;

    public TypeDefinition Named(string name, TypeKind kind) => new(next++, name, kind, new TypeOwner.Interface(0));

    public TypeDefinition Anonymous(TypeKind kind) => new(next++, null, kind, new TypeOwner.None());
}
