namespace Wasmc.Wit.Wave.Internal;

/// <summary>Token names match wasm-wave's <c>Token</c> Debug output, which appears in error texts.</summary>
internal enum WaveToken
{
    BraceOpen,
    BraceClose,
    ParenOpen,
    ParenClose,
    BracketOpen,
    BracketClose,
    Colon,
    Comma,
    Number,
    LabelOrKeyword,
    Char,
    String,
    MultilineString,
}

internal enum LexOutcome
{
    Token,
    Error,
    End,
}

internal readonly record struct Lexeme(LexOutcome Outcome, WaveToken Token, int Start, int End);

/// <summary>
/// The WAVE lexer (wasm-wave <c>lex.rs</c>): longest match over the token patterns, skipping
/// whitespace and <c>//</c> comments. Positions are UTF-16 indices into the source.
/// </summary>
/// <remarks>
/// wasm-wave uses a logos-generated automaton; where no pattern matches, the error span ends where
/// the automaton last committed input. <see cref="Fail"/> reproduces the observable commit points
/// for char and string literals (after the opening quote, after each complete string element, and
/// after the first of several repeated elements in a char literal).
/// </remarks>
internal sealed class WaveLexer
{
    private readonly string source;

    public WaveLexer(string source, int position = 0)
    {
        this.source = source;
        Position = position;
    }

    public int Position { get; private set; }

    public string Source => source;

    public WaveLexer Clone() => new(source, Position);

    public Lexeme Next()
    {
        SkipTrivia();
        var start = Position;
        if (start >= source.Length)
        {
            return new Lexeme(LexOutcome.End, default, start, start);
        }

        var lexeme = LexAt(start);
        Position = lexeme.End;
        return lexeme;
    }

    /// <summary>Lexes a function name: everything up to the argument list, as one token.</summary>
    public Lexeme NextFunctionName()
    {
        SkipTrivia();
        var start = Position;
        if (start >= source.Length)
        {
            return new Lexeme(LexOutcome.End, default, start, start);
        }

        var end = start;
        while (end < source.Length && IsFunctionNameChar(source[end]))
        {
            end++;
        }

        if (end == start)
        {
            Position = start + CharLength(start);
            return new Lexeme(LexOutcome.Error, default, start, Position);
        }

        Position = end;
        return new Lexeme(LexOutcome.Token, WaveToken.LabelOrKeyword, start, end);
    }

    private static bool IsFunctionNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '%' or ':' or '/' or '.' or '@' or '+' or '_' or '[' or ']';

    private void SkipTrivia()
    {
        while (Position < source.Length)
        {
            var c = source[Position];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                Position++;
            }
            else if (c == '/' && Position + 1 < source.Length && source[Position + 1] == '/')
            {
                while (Position < source.Length && source[Position] != '\n')
                {
                    Position++;
                }
            }
            else
            {
                break;
            }
        }
    }

    private Lexeme LexAt(int start)
    {
        var c = source[start];
        switch (c)
        {
            case '{': return Ok(WaveToken.BraceOpen, start, start + 1);
            case '}': return Ok(WaveToken.BraceClose, start, start + 1);
            case '(': return Ok(WaveToken.ParenOpen, start, start + 1);
            case ')': return Ok(WaveToken.ParenClose, start, start + 1);
            case '[': return Ok(WaveToken.BracketOpen, start, start + 1);
            case ']': return Ok(WaveToken.BracketClose, start, start + 1);
            case ':': return Ok(WaveToken.Colon, start, start + 1);
            case ',': return Ok(WaveToken.Comma, start, start + 1);
            case '\'': return LexChar(start);
            case '"': return LexString(start);
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            return LexNumber(start);
        }

        if (c == '%' || char.IsAsciiLetter(c))
        {
            var end = MatchLabel(start);
            return end > start ? Ok(WaveToken.LabelOrKeyword, start, end) : Fail(start, start + 1);
        }

        return Fail(start, start + CharLength(start));
    }

    private static Lexeme Ok(WaveToken token, int start, int end) => new(LexOutcome.Token, token, start, end);

    private static Lexeme Fail(int start, int committed) => new(LexOutcome.Error, default, start, committed);

    private int CharLength(int index) =>
        char.IsHighSurrogate(source[index]) && index + 1 < source.Length && char.IsLowSurrogate(source[index + 1]) ? 2 : 1;

    private char At(int index) => index < source.Length ? source[index] : '\0';

    private bool Has(int index) => index < source.Length;

    // `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`, longest match.
    private Lexeme LexNumber(int start)
    {
        var i = start;
        if (At(i) == '-')
        {
            if (string.CompareOrdinal(source, i, "-inf", 0, 4) == 0)
            {
                var digitsFollow = char.IsAsciiDigit(At(i + 1));
                if (!digitsFollow)
                {
                    return Ok(WaveToken.Number, start, i + 4);
                }
            }

            i++;
        }

        if (!Has(i) || !char.IsAsciiDigit(source[i]))
        {
            return Fail(start, start + 1);
        }

        if (source[i] == '0')
        {
            i++;
        }
        else
        {
            while (Has(i) && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (At(i) == '.' && char.IsAsciiDigit(At(i + 1)))
        {
            i += 2;
            while (Has(i) && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (At(i) is 'e' or 'E')
        {
            var j = i + 1;
            if (At(j) is '-' or '+')
            {
                j++;
            }

            if (char.IsAsciiDigit(At(j)))
            {
                while (Has(j) && char.IsAsciiDigit(source[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        return Ok(WaveToken.Number, start, i);
    }

    // `%?first_word(-word)*` with first_word = [a-z][a-z0-9]*|[A-Z][A-Z0-9]*, word = [a-z0-9]+|[A-Z0-9]+.
    private int MatchLabel(int start)
    {
        var i = start;
        if (At(i) == '%')
        {
            i++;
        }

        if (char.IsAsciiLetterLower(At(i)))
        {
            i++;
            while (char.IsAsciiLetterLower(At(i)) || char.IsAsciiDigit(At(i)))
            {
                i++;
            }
        }
        else if (char.IsAsciiLetterUpper(At(i)))
        {
            i++;
            while (char.IsAsciiLetterUpper(At(i)) || char.IsAsciiDigit(At(i)))
            {
                i++;
            }
        }
        else
        {
            return start;
        }

        while (At(i) == '-')
        {
            var j = i + 1;
            var lower = j;
            while (char.IsAsciiLetterLower(At(lower)) || char.IsAsciiDigit(At(lower)))
            {
                lower++;
            }

            var upper = j;
            while (char.IsAsciiLetterUpper(At(upper)) || char.IsAsciiDigit(At(upper)))
            {
                upper++;
            }

            var end = Math.Max(lower, upper);
            if (end == j)
            {
                break;
            }

            i = end;
        }

        return i;
    }

    // An escape at `index` (which holds '\'): returns its end, or -1. `committed` gets the automaton's
    // commit point inside `\u{...}` (after the first of several hex digits).
    // Inside strings wasm-wave's lexer takes any number of hex digits (the decoder then rejects more
    // than six); inside chars it stops at six.
    private int MatchEscape(int index, out int committed, int maxDigits = 6)
    {
        committed = -1;
        var next = At(index + 1);
        if (next is '\'' or '"' or 't' or 'n' or 'r' or '\\')
        {
            return index + 2;
        }

        if (next != 'u' || At(index + 2) != '{')
        {
            return -1;
        }

        var i = index + 3;
        var digits = 0;
        while (char.IsAsciiHexDigit(At(i)) && digits <= maxDigits)
        {
            i++;
            digits++;
        }

        if (digits >= 2)
        {
            committed = index + 4;
        }

        return digits >= 1 && digits <= maxDigits && At(i) == '}' ? i + 1 : -1;
    }

    // `'([^\\'\n]{1,4}|escape)'`, then exactly one char unless escaped.
    private Lexeme LexChar(int start)
    {
        var i = start + 1;
        if (At(i) == '\\')
        {
            var end = MatchEscape(i, out var committed);
            if (end < 0 || At(end) != '\'')
            {
                return Fail(start, committed > 0 && end < 0 ? committed : start + 1);
            }

            return Ok(WaveToken.Char, start, end + 1);
        }

        var count = 0;
        var firstEnd = -1;
        while (Has(i) && count < 4 && source[i] is not ('\\' or '\'' or '\n'))
        {
            i += CharLength(i);
            count++;
            if (count == 1)
            {
                firstEnd = i;
            }
        }

        if (count == 0 || At(i) != '\'')
        {
            return Fail(start, count >= 2 ? firstEnd : start + 1);
        }

        var token = Ok(WaveToken.Char, start, i + 1);
        return count == 1 ? token : token with { Outcome = LexOutcome.Error };
    }

    private Lexeme LexString(int start)
    {
        if (string.CompareOrdinal(source, start, "\"\"\"", 0, 3) == 0)
        {
            var close = source.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            return close < 0 ? Fail(start, start + 3) : Ok(WaveToken.MultilineString, start, close + 3);
        }

        var i = start + 1;
        while (true)
        {
            if (!Has(i) || source[i] == '\n')
            {
                return Fail(start, i);
            }

            if (source[i] == '"')
            {
                return Ok(WaveToken.String, start, i + 1);
            }

            if (source[i] == '\\')
            {
                var end = MatchEscape(i, out _, maxDigits: int.MaxValue - 1);
                if (end < 0)
                {
                    return Fail(start, i);
                }

                i = end;
            }
            else
            {
                i += CharLength(i);
            }
        }
    }
}
