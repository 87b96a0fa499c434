namespace Wasmc.Wit.Internal.Parsing;

// The syntax tree of one WIT file, shaped like wasm-tools' `ast.rs` so that resolution
// can follow the reference algorithm step by step (the reference's arena order depends on it).

internal sealed record Id(string Name, Span Span);

internal sealed record DocComments(List<string> Lines, Span Span)
{
    public static DocComments None { get; } = new([], default);
}

internal abstract record Attribute(Span Span);

internal sealed record SinceAttribute(Span Span, SemVer Version) : Attribute(Span);

internal sealed record UnstableAttribute(Span Span, Id Feature) : Attribute(Span);

internal sealed record DeprecatedAttribute(Span Span, SemVer Version) : Attribute(Span);

internal sealed record PackageNameSyntax(DocComments Docs, Span Span, Id Namespace, Id Name, SemVer? Version)
{
    public PackageName ToPackageName() => new(Namespace.Name, Name.Name, Version?.ToString());
}

internal sealed class PackageFileSyntax
{
    public PackageNameSyntax? PackageId { get; init; }

    public List<TopLevelItem> Items { get; init; } = [];
}

internal abstract record TopLevelItem;

internal sealed record InterfaceSyntax(DocComments Docs, List<Attribute> Attributes, Id Name, List<InterfaceItem> Items) : TopLevelItem;

internal sealed record WorldSyntax(DocComments Docs, List<Attribute> Attributes, Id Name, List<WorldItemSyntax> Items) : TopLevelItem;

internal sealed record TopLevelUse(Span Span, List<Attribute> Attributes, UsePath Item, Id? As) : TopLevelItem;

internal sealed record NestedPackage(PackageFileSyntax Package) : TopLevelItem;

internal abstract record UsePath
{
    public abstract Id NameId { get; }
}

internal sealed record LocalUsePath(Id Id) : UsePath
{
    public override Id NameId => Id;
}

internal sealed record PackageUsePath(PackageNameSyntax Package, Id Name) : UsePath
{
    public override Id NameId => Name;
}

internal sealed record UseName(Id Name, Id? As);

internal abstract record InterfaceItem;

internal abstract record WorldItemSyntax;

internal sealed record UseSyntax(List<Attribute> Attributes, UsePath From, List<UseName> Names);

internal sealed record InterfaceUse(UseSyntax Use) : InterfaceItem;

internal sealed record InterfaceTypeDef(TypeDefSyntax Def) : InterfaceItem;

internal sealed record InterfaceFunc(NamedFunc Func) : InterfaceItem;

internal sealed record TypeDefSyntax(DocComments Docs, List<Attribute> Attributes, Id Name, TypeSyntax Type);

internal sealed record NamedFunc(DocComments Docs, List<Attribute> Attributes, Id Name, FuncSyntax Func);

internal sealed record FuncSyntax(Span Span, bool IsAsync, List<(Id Name, TypeSyntax Type)> Params, TypeSyntax? Result);

internal sealed record WorldImport(DocComments Docs, List<Attribute> Attributes, ExternKind Kind) : WorldItemSyntax;

internal sealed record WorldExport(DocComments Docs, List<Attribute> Attributes, ExternKind Kind) : WorldItemSyntax;

internal sealed record WorldUse(UseSyntax Use) : WorldItemSyntax;

internal sealed record WorldTypeDef(TypeDefSyntax Def) : WorldItemSyntax;

internal sealed record WorldInclude(UsePath From, List<Attribute> Attributes, List<(Id Name, Id As)> Names) : WorldItemSyntax;

internal abstract record ExternKind
{
    public abstract Span Span { get; }
}

internal sealed record ExternInterface(Id Name, List<InterfaceItem> Items) : ExternKind
{
    public override Span Span => Name.Span;
}

internal sealed record ExternPath(UsePath Path) : ExternKind
{
    public override Span Span => Path.NameId.Span;
}

internal sealed record ExternFunc(Id Name, FuncSyntax Func) : ExternKind
{
    public override Span Span => Name.Span;
}

internal enum ResourceFuncKind
{
    Method,
    Static,
    Constructor,
}

internal sealed record ResourceFunc(ResourceFuncKind Kind, NamedFunc Func);

internal abstract record TypeSyntax(Span Span);

internal sealed record PrimitiveSyntax(Span Span, PrimitiveType Type) : TypeSyntax(Span);

internal sealed record NameSyntax(Id Name) : TypeSyntax(Name.Span);

internal sealed record ListSyntax(Span Span, TypeSyntax Element) : TypeSyntax(Span);

internal sealed record FixedListSyntax(Span Span, TypeSyntax Element, uint Size) : TypeSyntax(Span);

internal sealed record MapSyntax(Span Span, TypeSyntax Key, TypeSyntax Value) : TypeSyntax(Span);

internal sealed record HandleSyntax(Id Resource, bool IsBorrow) : TypeSyntax(Resource.Span);

internal sealed record ResourceSyntax(Span Span, List<ResourceFunc> Funcs) : TypeSyntax(Span);

internal sealed record FieldSyntax(DocComments Docs, Id Name, TypeSyntax Type);

internal sealed record RecordSyntax(Span Span, List<FieldSyntax> Fields) : TypeSyntax(Span);

internal sealed record NamedCaseSyntax(DocComments Docs, Id Name);

internal sealed record FlagsSyntax(Span Span, List<NamedCaseSyntax> Flags) : TypeSyntax(Span);

internal sealed record CaseSyntax(DocComments Docs, Id Name, TypeSyntax? Type);

internal sealed record VariantSyntax(Span Span, List<CaseSyntax> Cases) : TypeSyntax(Span);

internal sealed record TupleSyntax(Span Span, List<TypeSyntax> Types) : TypeSyntax(Span);

internal sealed record EnumSyntax(Span Span, List<NamedCaseSyntax> Cases) : TypeSyntax(Span);

internal sealed record OptionSyntax(Span Span, TypeSyntax Inner) : TypeSyntax(Span);

internal sealed record ResultSyntax(Span Span, TypeSyntax? Ok, TypeSyntax? Err) : TypeSyntax(Span);

internal sealed record FutureSyntax(Span Span, TypeSyntax? Payload) : TypeSyntax(Span);

internal sealed record StreamSyntax(Span Span, TypeSyntax? Payload) : TypeSyntax(Span);
