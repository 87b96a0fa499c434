namespace Wasmc.Wit.Wave.Internal;

internal enum NodeType
{
    BoolTrue,
    BoolFalse,
    Number,
    Char,
    String,
    MultilineString,
    Tuple,
    List,
    Record,
    Label,
    VariantWithPayload,
    OptionSome,
    OptionNone,
    ResultOk,
    ResultErr,
    Flags,
}

/// <summary>An untyped WAVE syntax node; spans include delimiters. Records hold label/value pairs.</summary>
internal sealed record Node(NodeType Type, int Start, int End, IReadOnlyList<Node> Children)
{
    public static Node Leaf(NodeType type, int start, int end) => new(type, start, end, []);

    public string Slice(string source) => source[Start..End];

    /// <summary>A label without its <c>%</c> prefix.</summary>
    public string Label(string source)
    {
        var text = Slice(source);
        return text.StartsWith('%') ? text[1..] : text;
    }
}

internal sealed record UntypedCall(int NameStart, int NameEnd, Node? Params);

/// <summary>The untyped WAVE parser (wasm-wave <c>parser.rs</c>), producing <see cref="Node"/> trees.</summary>
internal sealed class WaveSyntaxParser
{
    private const int MaxDepth = 100;

    private readonly string source;
    private readonly WaveLexer lexer;
    private WaveToken current;
    private int currentStart;
    private int currentEnd;
    private int depth;

    public WaveSyntaxParser(string source, WaveLexer? lexer = null)
    {
        this.source = source;
        this.lexer = lexer ?? new WaveLexer(source);
    }

    public static Node ParseValue(string source)
    {
        var parser = new WaveSyntaxParser(source);
        var node = parser.ParseNode();
        parser.Finish();
        return node;
    }

    public static UntypedCall ParseCall(string source)
    {
        var nameLexer = new WaveLexer(source);
        var name = nameLexer.NextFunctionName();
        switch (name.Outcome)
        {
            case LexOutcome.End:
                throw Error(source, WaveErrorKind.UnexpectedEnd, null, name.Start, name.End);
            case LexOutcome.Error:
                throw Error(source, WaveErrorKind.InvalidToken, null, name.Start, name.End);
        }

        var parser = new WaveSyntaxParser(source, nameLexer);
        parser.currentStart = name.Start;
        parser.currentEnd = name.End;
        parser.Advance();
        parser.ExpectToken(WaveToken.ParenOpen);
        Node? parameters = null;
        if (parser.NextIs(WaveToken.ParenClose))
        {
            parser.Advance();
        }
        else
        {
            parameters = parser.ParseTuple();
        }

        parser.Finish();
        return new UntypedCall(name.Start, name.End, parameters);
    }

    public static WaveException Error(string source, WaveErrorKind kind, string? detail, int start, int end) =>
        new(kind, detail, source, start, end);

    private void Finish()
    {
        var next = lexer.Clone().Next();
        if (next.Outcome != LexOutcome.End)
        {
            throw Error(source, WaveErrorKind.TrailingCharacters, null, next.Start, next.End);
        }
    }

    private Node ParseNode()
    {
        if (depth >= MaxDepth)
        {
            throw Error(source, WaveErrorKind.NestingTooDeep, null, currentStart, currentEnd);
        }

        depth++;
        try
        {
            return ParseNodeInner();
        }
        finally
        {
            depth--;
        }
    }

    private Node ParseNodeInner()
    {
        switch (Advance())
        {
            case WaveToken.Number: return Leaf(NodeType.Number);
            case WaveToken.Char: return Leaf(NodeType.Char);
            case WaveToken.String: return Leaf(NodeType.String);
            case WaveToken.MultilineString: return Leaf(NodeType.MultilineString);
            case WaveToken.ParenOpen: return ParseTuple();
            case WaveToken.BracketOpen: return ParseList();
            case WaveToken.BraceOpen: return ParseRecordOrFlags();
            case WaveToken.LabelOrKeyword:
                return source[currentStart..currentEnd] switch
                {
                    "true" => Leaf(NodeType.BoolTrue),
                    "false" => Leaf(NodeType.BoolFalse),
                    "some" => ParseOption(isSome: true),
                    "none" => ParseOption(isSome: false),
                    "ok" => ParseResult(NodeType.ResultOk),
                    "err" => ParseResult(NodeType.ResultErr),
                    "inf" or "nan" => Leaf(NodeType.Number),
                    _ => ParseLabelMaybePayload(),
                };
            default:
                throw UnexpectedToken();
        }
    }

    private Node ParseTuple()
    {
        var start = currentStart;
        var children = ParseCommaSeparated(WaveToken.ParenClose);
        if (children.Count == 0)
        {
            throw Error(source, WaveErrorKind.EmptyTuple, null, start, currentEnd);
        }

        return new Node(NodeType.Tuple, start, currentEnd, children);
    }

    private Node ParseList()
    {
        var start = currentStart;
        var children = ParseCommaSeparated(WaveToken.BracketClose);
        return new Node(NodeType.List, start, currentEnd, children);
    }

    private Node ParseRecordOrFlags()
    {
        var start = currentStart;
        Advance();
        switch (current)
        {
            case WaveToken.Colon:
                Advance();
                ExpectToken(WaveToken.BraceClose);
                return new Node(NodeType.Record, start, currentEnd, []);
            case WaveToken.BraceClose:
                return new Node(NodeType.Flags, start, currentEnd, []);
        }

        return NextIs(WaveToken.Colon) ? FinishRecord(start) : FinishFlags(start);
    }

    private Node FinishRecord(int start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var children = new List<Node>();
        while (true)
        {
            var label = ParseLabel();
            var field = label.Label(source);
            if (!seen.Add(field))
            {
                throw Error(source, WaveErrorKind.DuplicateField, Quote(field), label.Start, label.End);
            }

            Advance();
            ExpectToken(WaveToken.Colon);
            var value = ParseNode();
            children.Add(label);
            children.Add(value);
            if (Advance() == WaveToken.Comma)
            {
                Advance();
            }

            if (current == WaveToken.BraceClose)
            {
                break;
            }
        }

        return new Node(NodeType.Record, start, currentEnd, children);
    }

    private Node FinishFlags(int start)
    {
        var flags = new SortedDictionary<string, Node>(StringComparer.Ordinal);
        while (true)
        {
            var label = ParseLabel();
            var flag = label.Label(source);
            if (!flags.TryAdd(flag, label))
            {
                throw Error(source, WaveErrorKind.DuplicateFlag, Quote(flag), label.Start, label.End);
            }

            if (Advance() == WaveToken.Comma)
            {
                Advance();
            }

            if (current == WaveToken.BraceClose)
            {
                break;
            }
        }

        return new Node(NodeType.Flags, start, currentEnd, [.. flags.Values]);
    }

    private Node ParseLabelMaybePayload()
    {
        var start = currentStart;
        var label = ParseLabel();
        if (!NextIs(WaveToken.ParenOpen))
        {
            return label;
        }

        Advance();
        var payload = ParseNode();
        Advance();
        ExpectToken(WaveToken.ParenClose);
        return new Node(NodeType.VariantWithPayload, start, currentEnd, [label, payload]);
    }

    private Node ParseOption(bool isSome)
    {
        var start = currentStart;
        if (!isSome)
        {
            return new Node(NodeType.OptionNone, start, currentEnd, []);
        }

        Advance();
        ExpectToken(WaveToken.ParenOpen);
        var payload = ParseNode();
        Advance();
        ExpectToken(WaveToken.ParenClose);
        return new Node(NodeType.OptionSome, start, currentEnd, [payload]);
    }

    private Node ParseResult(NodeType type)
    {
        var start = currentStart;
        if (!NextIs(WaveToken.ParenOpen))
        {
            return new Node(type, start, currentEnd, []);
        }

        Advance();
        ExpectToken(WaveToken.ParenOpen);
        var payload = ParseNode();
        Advance();
        ExpectToken(WaveToken.ParenClose);
        return new Node(type, start, currentEnd, [payload]);
    }

    private Node ParseLabel()
    {
        ExpectToken(WaveToken.LabelOrKeyword);
        return Leaf(NodeType.Label);
    }

    private List<Node> ParseCommaSeparated(WaveToken endToken)
    {
        var nodes = new List<Node>();
        if (NextIs(endToken))
        {
            Advance();
            return nodes;
        }

        while (true)
        {
            nodes.Add(ParseNode());
            if (Advance() == WaveToken.Comma)
            {
                if (NextIs(endToken))
                {
                    Advance();
                    break;
                }
            }
            else
            {
                ExpectToken(endToken);
                break;
            }
        }

        return nodes;
    }

    private WaveToken Advance()
    {
        var lexeme = lexer.Next();
        switch (lexeme.Outcome)
        {
            case LexOutcome.Error:
                throw Error(source, WaveErrorKind.InvalidToken, null, lexeme.Start, lexeme.End);
            case LexOutcome.End:
                throw Error(source, WaveErrorKind.UnexpectedEnd, null, lexeme.Start, lexeme.End);
        }

        current = lexeme.Token;
        currentStart = lexeme.Start;
        currentEnd = lexeme.End;
        return current;
    }

    private bool NextIs(WaveToken token)
    {
        var next = lexer.Clone().Next();
        return next.Outcome == LexOutcome.Token && next.Token == token;
    }

    private void ExpectToken(WaveToken token)
    {
        if (current != token)
        {
            throw UnexpectedToken();
        }
    }

    private WaveException UnexpectedToken() =>
        Error(source, WaveErrorKind.UnexpectedToken, current.ToString(), currentStart, currentEnd);

    private Node Leaf(NodeType type) => Node.Leaf(type, currentStart, currentEnd);

    internal static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
