using System.Globalization;

namespace Wasmc.Wit.Internal.Parsing;

/// <summary>One WIT source text with a line index, so that byte offsets become <c>file:line:col</c>.</summary>
internal sealed class SourceFile
{
    private readonly int[] _lineStarts;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Path { get; }

    public string Text { get; }

    public SourceSpan ToSourceSpan(int start, int end)
    {
        var line = Array.BinarySearch(_lineStarts, start);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourceSpan(Path, line + 1, start - _lineStarts[line] + 1, Math.Max(0, end - start));
    }
}

/// <summary>A range of characters in one source file.</summary>
internal readonly record struct Span(SourceFile? File, int Start, int End)
{
    public SourceSpan? ToSourceSpan() => File?.ToSourceSpan(Start, End);

    public WitException Error(string reason) => new(reason, ToSourceSpan());
}

internal enum TokenKind
{
    Comment,
    Equals,
    Comma,
    Colon,
    Period,
    Semicolon,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LessThan,
    GreaterThan,
    RArrow,
    Star,
    At,
    Slash,
    Plus,
    Minus,
    Use,
    Type,
    Func,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    F32,
    F64,
    Char,
    Record,
    Resource,
    Own,
    Borrow,
    Flags,
    Variant,
    Enum,
    Bool,
    String,
    Option,
    Result,
    Future,
    Stream,
    ErrorContext,
    List,
    Map,
    Underscore,
    As,
    From,
    Static,
    Interface,
    Tuple,
    Import,
    Export,
    World,
    Package,
    Constructor,
    Async,
    Include,
    With,
    Id,
    ExplicitId,
    Integer,
}

internal readonly record struct Token(TokenKind Kind, int Start, int End);

/// <summary>Splits WIT text into tokens (whitespace dropped, comments kept because they become docs).</summary>
internal static class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["use"] = TokenKind.Use,
        ["type"] = TokenKind.Type,
        ["func"] = TokenKind.Func,
        ["u8"] = TokenKind.U8,
        ["u16"] = TokenKind.U16,
        ["u32"] = TokenKind.U32,
        ["u64"] = TokenKind.U64,
        ["s8"] = TokenKind.S8,
        ["s16"] = TokenKind.S16,
        ["s32"] = TokenKind.S32,
        ["s64"] = TokenKind.S64,
        ["f32"] = TokenKind.F32,
        ["f64"] = TokenKind.F64,
        ["char"] = TokenKind.Char,
        ["resource"] = TokenKind.Resource,
        ["own"] = TokenKind.Own,
        ["borrow"] = TokenKind.Borrow,
        ["record"] = TokenKind.Record,
        ["flags"] = TokenKind.Flags,
        ["variant"] = TokenKind.Variant,
        ["enum"] = TokenKind.Enum,
        ["bool"] = TokenKind.Bool,
        ["string"] = TokenKind.String,
        ["option"] = TokenKind.Option,
        ["result"] = TokenKind.Result,
        ["future"] = TokenKind.Future,
        ["stream"] = TokenKind.Stream,
        ["error-context"] = TokenKind.ErrorContext,
        ["list"] = TokenKind.List,
        ["map"] = TokenKind.Map,
        ["_"] = TokenKind.Underscore,
        ["as"] = TokenKind.As,
        ["from"] = TokenKind.From,
        ["static"] = TokenKind.Static,
        ["interface"] = TokenKind.Interface,
        ["tuple"] = TokenKind.Tuple,
        ["world"] = TokenKind.World,
        ["import"] = TokenKind.Import,
        ["export"] = TokenKind.Export,
        ["package"] = TokenKind.Package,
        ["constructor"] = TokenKind.Constructor,
        ["include"] = TokenKind.Include,
        ["with"] = TokenKind.With,
        ["async"] = TokenKind.Async,
    };

    // Looks keywords up by a span of the source, so that identifiers are not copied just to be classified.
    private static readonly Dictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> KeywordsBySpan =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="name"/> must be written <c>%name</c> to be an identifier.</summary>
    public static bool IsKeyword(string name) => Keywords.ContainsKey(name);

    public static List<Token> Tokenize(SourceFile file)
    {
        var text = file.Text;
        DetectInvalidInput(file);
        var tokens = new List<Token>(text.Length / 4);
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (i < text.Length)
        {
            var start = i;
            var ch = text[i];
            if (ch is ' ' or '\t' or '\n' || (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                i++;
                continue;
            }

            TokenKind kind;
            switch (ch)
            {
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i += 2;
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    if (i < text.Length)
                    {
                        i++;
                    }

                    kind = TokenKind.Comment;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    i += 2;
                    var depth = 1;
                    while (depth > 0)
                    {
                        if (i >= text.Length)
                        {
                            throw new Span(file, start, start + 2).Error("unterminated block comment");
                        }

                        if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
                        {
                            depth++;
                            i += 2;
                        }
                        else if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
                        {
                            depth--;
                            i += 2;
                        }
                        else
                        {
                            i++;
                        }
                    }

                    kind = TokenKind.Comment;
                    break;
                case '/': i++; kind = TokenKind.Slash; break;
                case '=': i++; kind = TokenKind.Equals; break;
                case ',': i++; kind = TokenKind.Comma; break;
                case ':': i++; kind = TokenKind.Colon; break;
                case '.': i++; kind = TokenKind.Period; break;
                case ';': i++; kind = TokenKind.Semicolon; break;
                case '(': i++; kind = TokenKind.LeftParen; break;
                case ')': i++; kind = TokenKind.RightParen; break;
                case '{': i++; kind = TokenKind.LeftBrace; break;
                case '}': i++; kind = TokenKind.RightBrace; break;
                case '<': i++; kind = TokenKind.LessThan; break;
                case '>': i++; kind = TokenKind.GreaterThan; break;
                case '*': i++; kind = TokenKind.Star; break;
                case '@': i++; kind = TokenKind.At; break;
                case '+': i++; kind = TokenKind.Plus; break;
                case '-':
                    i++;
                    if (i < text.Length && text[i] == '>')
                    {
                        i++;
                        kind = TokenKind.RArrow;
                    }
                    else
                    {
                        kind = TokenKind.Minus;
                    }

                    break;
                case '%':
                    i++;
                    if (i < text.Length && IsKeylikeStart(text[i]))
                    {
                        i++;
                        while (i < text.Length && IsKeylikeContinue(text[i]))
                        {
                            i++;
                        }
                    }

                    kind = TokenKind.ExplicitId;
                    break;
                default:
                    if (IsKeylikeStart(ch))
                    {
                        i++;
                        while (i < text.Length && IsKeylikeContinue(text[i]))
                        {
                            i++;
                        }

                        kind = KeywordsBySpan.TryGetValue(text.AsSpan(start, i - start), out var keyword) ? keyword : TokenKind.Id;
                    }
                    else if (char.IsAsciiDigit(ch))
                    {
                        while (i < text.Length && char.IsAsciiDigit(text[i]))
                        {
                            i++;
                        }

                        kind = TokenKind.Integer;
                    }
                    else
                    {
                        throw new Span(file, start, start + 1).Error($"unexpected character {Describe(ch)}");
                    }

                    break;
            }

            tokens.Add(new Token(kind, start, i));
        }

        return tokens;
    }

    /// <summary>Checks an identifier's kebab-case rules; returns the reason it is invalid, or null.</summary>
    public static string? ValidateId(string id)
    {
        // Each '-'-separated part is all lower case or all upper case (digits anywhere), and the
        // first part starts with a letter: `foo-bar`, `FOO-bar2`, not `foo--bar` or `Foo`.
        var partStart = 0;
        bool? upper = null;
        for (var i = 0; i <= id.Length; i++)
        {
            if (i == id.Length || id[i] == '-')
            {
                if (i == partStart)
                {
                    return "identifiers must have characters between '-'s";
                }

                partStart = i + 1;
                upper = null;
                continue;
            }

            var c = id[i];
            if (i == 0 && !char.IsAsciiLetter(c))
            {
                return $"invalid character in identifier {Describe(c)}";
            }

            if (char.IsAsciiDigit(c))
            {
                continue;
            }

            var isUpper = char.IsAsciiLetterUpper(c);
            if (!isUpper && !char.IsAsciiLetterLower(c))
            {
                return $"invalid character in identifier {Describe(c)}";
            }

            if (upper is { } partIsUpper && partIsUpper != isUpper)
            {
                return $"invalid character in identifier {Describe(c)}";
            }

            upper = isUpper;
        }

        return null;
    }

    public static string DescribeToken(TokenKind kind) => kind switch
    {
        TokenKind.Comment => "a comment",
        TokenKind.Equals => "'='",
        TokenKind.Comma => "','",
        TokenKind.Colon => "':'",
        TokenKind.Period => "'.'",
        TokenKind.Semicolon => "';'",
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.LeftBrace => "'{'",
        TokenKind.RightBrace => "'}'",
        TokenKind.LessThan => "'<'",
        TokenKind.GreaterThan => "'>'",
        TokenKind.RArrow => "'->'",
        TokenKind.Star => "'*'",
        TokenKind.At => "'@'",
        TokenKind.Slash => "'/'",
        TokenKind.Plus => "'+'",
        TokenKind.Minus => "'-'",
        TokenKind.Id => "an identifier",
        TokenKind.ExplicitId => "an '%' identifier",
        TokenKind.Integer => "an integer",
        _ => $"keyword `{Keywords.First(k => k.Value == kind).Key}`",
    };

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? $"'\\u{{{((int)c).ToString("x", CultureInfo.InvariantCulture)}}}'"
        : $"'{c}'";

    private static bool IsKeylikeStart(char c) => char.IsLetter(c) || c == '_' || c == '-';

    private static bool IsKeylikeContinue(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || c == '-' ||
        char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

    private static void DetectInvalidInput(SourceFile file)
    {
        var text = file.Text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n' or '\r' or '\t':
                    continue;
                case '\u202a' or '\u202b' or '\u202c' or '\u202d' or '\u202e' or '\u2066' or '\u2067' or '\u2068' or '\u2069':
                    throw new Span(file, i, i + 1).Error($"input contains bidirectional override codepoint {Describe(c)}");
                case '\u0149' or '\u0673' or '\u0f77' or '\u0f79' or '\u17a3' or '\u17a4' or '\u17b4' or '\u17b5':
                    throw new Span(file, i, i + 1).Error($"codepoint {Describe(c)} is discouraged by Unicode");
                default:
                    if (char.IsControl(c))
                    {
                        throw new Span(file, i, i + 1).Error($"control code {Describe(c)}");
                    }

                    break;
            }
        }
    }
}
