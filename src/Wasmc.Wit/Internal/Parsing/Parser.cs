namespace Wasmc.Wit.Internal.Parsing;

/// <summary>Recursive-descent parser for one WIT file (grammar of wasm-tools' <c>ast.rs</c>).</summary>
internal sealed class Parser
{
    private readonly SourceFile _file;
    private readonly List<Token> _tokens;
    private const int MaxTypeDepth = 100;
    private int _pos;
    private int _typeDepth;

    private Parser(SourceFile file)
    {
        _file = file;
        _tokens = Lexer.Tokenize(file);
    }

    public static PackageFileSyntax ParseFile(SourceFile file) => new Parser(file).ParsePackageFile();

    private PackageFileSyntax ParsePackageFile()
    {
        // `package a:b;` is the file's header, but `package a:b { ... }` is a nested package item.
        var saved = _pos;
        var docs = ParseDocs();
        PackageNameSyntax? packageId = null;
        if (Eat(TokenKind.Package))
        {
            var name = ParsePackageName(docs);
            if (Eat(TokenKind.Semicolon))
            {
                packageId = name;
            }
            else
            {
                _pos = saved;
            }
        }
        else
        {
            _pos = saved;
        }

        return new PackageFileSyntax { PackageId = packageId, Items = ParseDeclList(endsWithBrace: false) };
    }

    private List<TopLevelItem> ParseDeclList(bool endsWithBrace)
    {
        var items = new List<TopLevelItem>();
        var docs = ParseDocs();
        while (true)
        {
            if (endsWithBrace)
            {
                if (Eat(TokenKind.RightBrace))
                {
                    break;
                }
            }
            else if (Peek() is null)
            {
                break;
            }

            items.Add(ParseTopLevelItem(docs));
            docs = ParseDocs();
        }

        return items;
    }

    private TopLevelItem ParseTopLevelItem(DocComments docs)
    {
        var attributes = ParseAttributes();
        switch (Peek()?.Kind)
        {
            case TokenKind.Interface:
                Expect(TokenKind.Interface);
                var name = ParseId();
                return new InterfaceSyntax(docs, attributes, name, ParseInterfaceItems());
            case TokenKind.World:
                Expect(TokenKind.World);
                var worldName = ParseId();
                return new WorldSyntax(docs, attributes, worldName, ParseWorldItems());
            case TokenKind.Use:
                var useSpan = Expect(TokenKind.Use);
                var path = ParseUsePath();
                var alias = Eat(TokenKind.As) ? ParseId() : null;
                Expect(TokenKind.Semicolon);
                return new TopLevelUse(useSpan, attributes, path, alias);
            case TokenKind.Package:
                var span = Expect(TokenKind.Package);
                if (attributes.Count > 0)
                {
                    throw span.Error("cannot place attributes on nested packages");
                }

                var packageId = ParsePackageName(docs);
                Expect(TokenKind.LeftBrace);
                var items = ParseDeclList(endsWithBrace: true);
                return new NestedPackage(new PackageFileSyntax { PackageId = packageId, Items = items });
            default:
                throw ErrorExpected("`world`, `interface` or `use`");
        }
    }

    private PackageNameSyntax ParsePackageName(DocComments docs)
    {
        var ns = ParseId();
        Expect(TokenKind.Colon);
        var name = ParseId();
        var (versionSpan, version) = ParseOptionalVersion();
        var end = version is null ? name.Span.End : versionSpan.End;
        return new PackageNameSyntax(docs, new Span(_file, ns.Span.Start, end), ns, name, version);
    }

    private (Span Span, SemVer? Version) ParseOptionalVersion() => Eat(TokenKind.At) ? ParseVersion() : (default, null);

    private (Span Span, SemVer? Version) ParseVersion()
    {
        var start = Expect(TokenKind.Integer).Start;
        Expect(TokenKind.Period);
        Expect(TokenKind.Integer);
        Expect(TokenKind.Period);
        var end = Expect(TokenKind.Integer).End;
        EatVersionIds(TokenKind.Minus, ref end);
        EatVersionIds(TokenKind.Plus, ref end);
        var span = new Span(_file, start, end);
        var version = SemVer.TryParse(_file.Text[start..end], out var error) ?? throw span.Error(error!);
        return (span, version);
    }

    private void EatVersionIds(TokenKind prefix, ref int end)
    {
        if (!Eat(prefix))
        {
            return;
        }

        // A `.` only continues the version if an identifier, number or `-` follows it;
        // otherwise it is WIT syntax as in `use a:b/c@1.0.0-rc.{x}`.
        end = _tokens[_pos - 1].End;
        while (true)
        {
            if (PeekRaw(0) is { Kind: TokenKind.Id or TokenKind.Integer or TokenKind.Minus } t && t.Start == end)
            {
                end = t.End;
                _pos++;
            }
            else if (PeekRaw(0) is { Kind: TokenKind.Period } period && period.Start == end &&
                     PeekRaw(1) is { Kind: TokenKind.Id or TokenKind.Integer or TokenKind.Minus } next && next.Start == period.End)
            {
                end = next.End;
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private UsePath ParseUsePath()
    {
        var id = ParseId();
        if (!Eat(TokenKind.Colon))
        {
            return new LocalUsePath(id);
        }

        var packageName = ParseId();
        Expect(TokenKind.Slash);
        var name = ParseId();
        var (_, version) = ParseOptionalVersion();
        var package = new PackageNameSyntax(DocComments.None, new Span(_file, id.Span.Start, packageName.Span.End), id, packageName, version);
        return new PackageUsePath(package, name);
    }

    private List<InterfaceItem> ParseInterfaceItems()
    {
        Expect(TokenKind.LeftBrace);
        var items = new List<InterfaceItem>();
        while (true)
        {
            var docs = ParseDocs();
            if (Eat(TokenKind.RightBrace))
            {
                break;
            }

            var attributes = ParseAttributes();
            items.Add(Peek()?.Kind switch
            {
                TokenKind.Id or TokenKind.ExplicitId => new InterfaceFunc(ParseNamedFunc(docs, attributes)),
                TokenKind.Use => new InterfaceUse(ParseUse(attributes)),
                _ => TryParseTypeDefinition(docs, attributes) is { } definition
                    ? new InterfaceTypeDef(definition)
                    : throw ErrorExpected("`type`, `resource` or `func`"),
            });
        }

        return items;
    }

    private List<WorldItemSyntax> ParseWorldItems()
    {
        Expect(TokenKind.LeftBrace);
        var items = new List<WorldItemSyntax>();
        while (true)
        {
            var docs = ParseDocs();
            if (Eat(TokenKind.RightBrace))
            {
                break;
            }

            var attributes = ParseAttributes();
            items.Add(Peek()?.Kind switch
            {
                TokenKind.Import => ParseImport(docs, attributes),
                TokenKind.Export => ParseExport(docs, attributes),
                TokenKind.Use => new WorldUse(ParseUse(attributes)),
                TokenKind.Include => ParseInclude(attributes),
                _ => TryParseTypeDefinition(docs, attributes) is { } definition
                    ? new WorldTypeDef(definition)
                    : throw ErrorExpected("`import`, `export`, `include`, `use`, or type definition"),
            });
        }

        return items;
    }

    /// <summary>Type definitions are items of interfaces and worlds alike; null when the next token starts none.</summary>
    private TypeDefSyntax? TryParseTypeDefinition(DocComments docs, List<Attribute> attributes) => Peek()?.Kind switch
    {
        TokenKind.Type => ParseTypeAlias(docs, attributes),
        TokenKind.Flags => ParseFlags(docs, attributes),
        TokenKind.Enum => ParseEnum(docs, attributes),
        TokenKind.Variant => ParseVariant(docs, attributes),
        TokenKind.Resource => ParseResource(docs, attributes),
        TokenKind.Record => ParseRecord(docs, attributes),
        _ => null,
    };

    private WorldImport ParseImport(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Import);
        return new WorldImport(docs, attributes, ParseExternKind());
    }

    private WorldExport ParseExport(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Export);
        return new WorldExport(docs, attributes, ParseExternKind());
    }

    private ExternKind ParseExternKind()
    {
        var saved = _pos;
        var id = ParseId();
        if (Eat(TokenKind.Colon))
        {
            if (Peek()?.Kind is TokenKind.Func or TokenKind.Async)
            {
                var func = ParseFunc();
                Expect(TokenKind.Semicolon);
                return new ExternFunc(id, func);
            }

            if (Eat(TokenKind.Interface))
            {
                return new ExternInterface(id, ParseInterfaceItems());
            }
        }

        _pos = saved;
        var path = ParseUsePath();
        Expect(TokenKind.Semicolon);
        return new ExternPath(path);
    }

    private WorldInclude ParseInclude(List<Attribute> attributes)
    {
        Expect(TokenKind.Include);
        var from = ParseUsePath();
        var names = new List<(Id, Id)>();
        if (Eat(TokenKind.With))
        {
            names = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, _ =>
            {
                var name = ParseId();
                Expect(TokenKind.As);
                return (name, ParseId());
            });
        }
        else
        {
            Expect(TokenKind.Semicolon);
        }

        return new WorldInclude(from, attributes, names);
    }

    private UseSyntax ParseUse(List<Attribute> attributes)
    {
        Expect(TokenKind.Use);
        var from = ParseUsePath();
        Expect(TokenKind.Period);
        Expect(TokenKind.LeftBrace);
        var names = new List<UseName>();
        while (!Eat(TokenKind.RightBrace))
        {
            var name = ParseId();
            var alias = Eat(TokenKind.As) ? ParseId() : null;
            names.Add(new UseName(name, alias));
            if (!Eat(TokenKind.Comma))
            {
                Expect(TokenKind.RightBrace);
                break;
            }
        }

        Expect(TokenKind.Semicolon);
        return new UseSyntax(attributes, from, names);
    }

    private TypeDefSyntax ParseTypeAlias(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Type);
        var name = ParseId();
        Expect(TokenKind.Equals);
        var type = ParseType();
        Expect(TokenKind.Semicolon);
        return new TypeDefSyntax(docs, attributes, name, type);
    }

    private TypeDefSyntax ParseFlags(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Flags);
        var name = ParseId();
        var flags = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, d => new NamedCaseSyntax(d, ParseId()));
        return new TypeDefSyntax(docs, attributes, name, new FlagsSyntax(name.Span, flags));
    }

    private TypeDefSyntax ParseEnum(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Enum);
        var name = ParseId();
        var cases = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, d => new NamedCaseSyntax(d, ParseId()));
        return new TypeDefSyntax(docs, attributes, name, new EnumSyntax(name.Span, cases));
    }

    private TypeDefSyntax ParseRecord(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Record);
        var name = ParseId();
        var fields = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, d =>
        {
            var fieldName = ParseId();
            Expect(TokenKind.Colon);
            return new FieldSyntax(d, fieldName, ParseType());
        });
        return new TypeDefSyntax(docs, attributes, name, new RecordSyntax(name.Span, fields));
    }

    private TypeDefSyntax ParseVariant(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Variant);
        var name = ParseId();
        var cases = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, d =>
        {
            var caseName = ParseId();
            TypeSyntax? type = null;
            if (Eat(TokenKind.LeftParen))
            {
                type = ParseType();
                Expect(TokenKind.RightParen);
            }

            return new CaseSyntax(d, caseName, type);
        });
        return new TypeDefSyntax(docs, attributes, name, new VariantSyntax(name.Span, cases));
    }

    private TypeDefSyntax ParseResource(DocComments docs, List<Attribute> attributes)
    {
        Expect(TokenKind.Resource);
        var name = ParseId();
        var funcs = new List<ResourceFunc>();
        if (Eat(TokenKind.LeftBrace))
        {
            while (!Eat(TokenKind.RightBrace))
            {
                var funcDocs = ParseDocs();
                var funcAttributes = ParseAttributes();
                funcs.Add(ParseResourceFunc(funcDocs, funcAttributes));
            }
        }
        else
        {
            Expect(TokenKind.Semicolon);
        }

        return new TypeDefSyntax(docs, attributes, name, new ResourceSyntax(name.Span, funcs));
    }

    private ResourceFunc ParseResourceFunc(DocComments docs, List<Attribute> attributes)
    {
        switch (Peek()?.Kind)
        {
            case TokenKind.Constructor:
                var span = Expect(TokenKind.Constructor);
                Expect(TokenKind.LeftParen);
                var parameters = ParseParams();
                var result = Eat(TokenKind.RArrow) ? ParseType() : null;
                Expect(TokenKind.Semicolon);
                return new ResourceFunc(
                    ResourceFuncKind.Constructor,
                    new NamedFunc(docs, attributes, new Id("constructor", span), new FuncSyntax(span, false, parameters, result)));
            case TokenKind.Id or TokenKind.ExplicitId:
                var name = ParseId();
                Expect(TokenKind.Colon);
                var kind = Eat(TokenKind.Static) ? ResourceFuncKind.Static : ResourceFuncKind.Method;
                var func = ParseFunc();
                Expect(TokenKind.Semicolon);
                return new ResourceFunc(kind, new NamedFunc(docs, attributes, name, func));
            default:
                throw ErrorExpected("`constructor` or identifier");
        }
    }

    private NamedFunc ParseNamedFunc(DocComments docs, List<Attribute> attributes)
    {
        var name = ParseId();
        Expect(TokenKind.Colon);
        var func = ParseFunc();
        Expect(TokenKind.Semicolon);
        return new NamedFunc(docs, attributes, name, func);
    }

    private FuncSyntax ParseFunc()
    {
        var isAsync = Eat(TokenKind.Async);
        var span = Expect(TokenKind.Func);
        Expect(TokenKind.LeftParen);
        var parameters = ParseParams();
        var result = Eat(TokenKind.RArrow) ? ParseType() : null;
        return new FuncSyntax(span, isAsync, parameters, result);
    }

    private List<(Id Name, TypeSyntax Type)> ParseParams() => ParseListTrailer(TokenKind.RightParen, _ =>
    {
        var name = ParseId();
        Expect(TokenKind.Colon);
        return (name, ParseType());
    });

    private TypeSyntax ParseType()
    {
        // Same limit as wasm-tools, so deeply nested input fails cleanly instead of overflowing the stack.
        if (++_typeDepth > MaxTypeDepth)
        {
            throw ErrorExpectedDepth();
        }

        try
        {
            return ParseTypeInner();
        }
        finally
        {
            _typeDepth--;
        }
    }

    private WitException ErrorExpectedDepth()
    {
        var saved = _pos;
        var token = Next();
        _pos = saved;
        return token is { } t ? SpanOf(t).Error("type nesting too deep") : new WitException("type nesting too deep");
    }

    private TypeSyntax ParseTypeInner()
    {
        var token = Next();
        if (token is null)
        {
            throw ErrorExpectedAt("a type", null);
        }

        var t = token.Value;
        var span = SpanOf(t);
        switch (t.Kind)
        {
            case TokenKind.U8: return new PrimitiveSyntax(span, PrimitiveType.U8);
            case TokenKind.U16: return new PrimitiveSyntax(span, PrimitiveType.U16);
            case TokenKind.U32: return new PrimitiveSyntax(span, PrimitiveType.U32);
            case TokenKind.U64: return new PrimitiveSyntax(span, PrimitiveType.U64);
            case TokenKind.S8: return new PrimitiveSyntax(span, PrimitiveType.S8);
            case TokenKind.S16: return new PrimitiveSyntax(span, PrimitiveType.S16);
            case TokenKind.S32: return new PrimitiveSyntax(span, PrimitiveType.S32);
            case TokenKind.S64: return new PrimitiveSyntax(span, PrimitiveType.S64);
            case TokenKind.F32: return new PrimitiveSyntax(span, PrimitiveType.F32);
            case TokenKind.F64: return new PrimitiveSyntax(span, PrimitiveType.F64);
            case TokenKind.Char: return new PrimitiveSyntax(span, PrimitiveType.Char);
            case TokenKind.Bool: return new PrimitiveSyntax(span, PrimitiveType.Bool);
            case TokenKind.String: return new PrimitiveSyntax(span, PrimitiveType.String);
            case TokenKind.ErrorContext: return new PrimitiveSyntax(span, PrimitiveType.ErrorContext);
            case TokenKind.Tuple:
                return new TupleSyntax(span, ParseList(TokenKind.LessThan, TokenKind.GreaterThan, _ => ParseType()));
            case TokenKind.List:
                {
                    Expect(TokenKind.LessThan);
                    var element = ParseType();
                    uint? size = null;
                    if (Eat(TokenKind.Comma))
                    {
                        var number = Next();
                        if (number is { Kind: TokenKind.Integer } n &&
                            uint.TryParse(_file.Text.AsSpan(n.Start, n.End - n.Start), out var parsed))
                        {
                            size = parsed;
                        }
                        else
                        {
                            throw ErrorExpectedAt("fixed-length", number);
                        }
                    }

                    Expect(TokenKind.GreaterThan);
                    return size is { } s ? new FixedListSyntax(span, element, s) : new ListSyntax(span, element);
                }

            case TokenKind.Map:
                {
                    Expect(TokenKind.LessThan);
                    var key = ParseType();
                    Expect(TokenKind.Comma);
                    var value = ParseType();
                    Expect(TokenKind.GreaterThan);
                    return new MapSyntax(span, key, value);
                }

            case TokenKind.Option:
                {
                    Expect(TokenKind.LessThan);
                    var inner = ParseType();
                    Expect(TokenKind.GreaterThan);
                    return new OptionSyntax(span, inner);
                }

            case TokenKind.Result:
                {
                    TypeSyntax? ok = null, err = null;
                    if (Eat(TokenKind.LessThan))
                    {
                        if (Eat(TokenKind.Underscore))
                        {
                            Expect(TokenKind.Comma);
                            err = ParseType();
                        }
                        else
                        {
                            ok = ParseType();
                            if (Eat(TokenKind.Comma))
                            {
                                err = ParseType();
                            }
                        }

                        Expect(TokenKind.GreaterThan);
                    }

                    return new ResultSyntax(span, ok, err);
                }

            case TokenKind.Future or TokenKind.Stream:
                {
                    TypeSyntax? payload = null;
                    if (Eat(TokenKind.LessThan))
                    {
                        payload = ParseType();
                        Expect(TokenKind.GreaterThan);
                    }

                    return t.Kind == TokenKind.Future ? new FutureSyntax(span, payload) : new StreamSyntax(span, payload);
                }

            case TokenKind.Own or TokenKind.Borrow:
                {
                    Expect(TokenKind.LessThan);
                    var resource = ParseId();
                    Expect(TokenKind.GreaterThan);
                    return new HandleSyntax(resource, t.Kind == TokenKind.Borrow);
                }

            case TokenKind.Id or TokenKind.ExplicitId:
                _pos--;
                return new NameSyntax(ParseId());
            default:
                throw ErrorExpectedAt("a type", t);
        }
    }

    private List<T> ParseList<T>(TokenKind start, TokenKind end, Func<DocComments, T> parse)
    {
        Expect(start);
        return ParseListTrailer(end, parse);
    }

    private List<T> ParseListTrailer<T>(TokenKind end, Func<DocComments, T> parse)
    {
        var items = new List<T>();
        while (true)
        {
            var docs = ParseDocs();
            if (Eat(end))
            {
                break;
            }

            items.Add(parse(docs));
            if (!Eat(TokenKind.Comma))
            {
                Expect(end);
                break;
            }
        }

        return items;
    }

    private List<Attribute> ParseAttributes()
    {
        var attributes = new List<Attribute>();
        while (Eat(TokenKind.At))
        {
            var id = ParseId();
            switch (id.Name)
            {
                case "since":
                    Expect(TokenKind.LeftParen);
                    EatId("version");
                    Expect(TokenKind.Equals);
                    var (_, since) = ParseVersion();
                    Expect(TokenKind.RightParen);
                    attributes.Add(new SinceAttribute(id.Span, since!));
                    break;
                case "unstable":
                    Expect(TokenKind.LeftParen);
                    EatId("feature");
                    Expect(TokenKind.Equals);
                    var feature = ParseId();
                    Expect(TokenKind.RightParen);
                    attributes.Add(new UnstableAttribute(id.Span, feature));
                    break;
                case "deprecated":
                    Expect(TokenKind.LeftParen);
                    EatId("version");
                    Expect(TokenKind.Equals);
                    var (_, deprecated) = ParseVersion();
                    Expect(TokenKind.RightParen);
                    attributes.Add(new DeprecatedAttribute(id.Span, deprecated!));
                    break;
                default:
                    throw id.Span.Error($"unknown attribute `{id.Name}`");
            }
        }

        return attributes;
    }

    private void EatId(string expected)
    {
        var id = ParseId();
        if (id.Name != expected)
        {
            throw id.Span.Error($"expected `{expected}`, found `{id.Name}`");
        }
    }

    private Id ParseId()
    {
        var token = Next();
        switch (token)
        {
            case { Kind: TokenKind.Id } t:
                {
                    var name = _file.Text[t.Start..t.End];
                    var invalid = Lexer.ValidateId(name);
                    return invalid is null ? new Id(name, SpanOf(t)) : throw SpanOf(t).Error(invalid);
                }

            case { Kind: TokenKind.ExplicitId } t:
                {
                    var name = _file.Text[(t.Start + 1)..t.End];
                    var invalid = Lexer.ValidateId(name);
                    return invalid is null ? new Id(name, SpanOf(t)) : throw SpanOf(t).Error(invalid);
                }

            default:
                throw ErrorExpectedAt("an identifier or string", token);
        }
    }

    private DocComments ParseDocs()
    {
        var lines = new List<string>();
        int start = -1, end = -1;
        while (_pos < _tokens.Count && _tokens[_pos].Kind == TokenKind.Comment)
        {
            var t = _tokens[_pos++];
            if (start < 0)
            {
                start = t.Start;
            }

            end = t.End;
            lines.Add(_file.Text[t.Start..t.End]);
        }

        return lines.Count == 0 ? DocComments.None : new DocComments(lines, new Span(_file, start, end));
    }

    private Span SpanOf(Token token) => new(_file, token.Start, token.End);

    private Token? PeekRaw(int offset) => _pos + offset < _tokens.Count ? _tokens[_pos + offset] : null;

    private Token? Peek()
    {
        for (var i = _pos; i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind != TokenKind.Comment)
            {
                return _tokens[i];
            }
        }

        return null;
    }

    private Token? Next()
    {
        while (_pos < _tokens.Count)
        {
            var t = _tokens[_pos++];
            if (t.Kind != TokenKind.Comment)
            {
                return t;
            }
        }

        return null;
    }

    private bool Eat(TokenKind kind)
    {
        var saved = _pos;
        if (Next() is { } t && t.Kind == kind)
        {
            return true;
        }

        _pos = saved;
        return false;
    }

    private Span Expect(TokenKind kind)
    {
        var token = Next();
        if (token is { } t && t.Kind == kind)
        {
            return SpanOf(t);
        }

        throw ErrorExpectedAt(Lexer.DescribeToken(kind), token);
    }

    private WitException ErrorExpected(string expected)
    {
        var saved = _pos;
        var token = Next();
        _pos = saved;
        return ErrorExpectedAt(expected, token);
    }

    private WitException ErrorExpectedAt(string expected, Token? found) => found is { } t
        ? SpanOf(t).Error($"expected {expected}, found {Lexer.DescribeToken(t.Kind)}")
        : new Span(_file, _file.Text.Length, _file.Text.Length).Error($"expected {expected}, found eof");
}
