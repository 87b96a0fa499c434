namespace Wasmc.Wit.Wave;

/// <summary>The kinds of WAVE errors; the same set and texts as wasm-wave's <c>ParserErrorKind</c>.</summary>
public enum WaveErrorKind
{
    EmptyTuple,
    MultipleChars,
    InvalidEscape,
    InvalidMultilineString,
    InvalidParams,
    InvalidToken,
    InvalidType,
    InvalidValue,
    TrailingCharacters,
    UnexpectedEnd,
    UnexpectedToken,
    DuplicateField,
    DuplicateFlag,
    WasmValueError,
    NestingTooDeep,

    /// <summary>Not in wasm-wave (its harness panics instead): the call names no known function.</summary>
    UnknownFunction,
}

/// <summary>
/// A WAVE text could not be parsed or does not fit its type. <see cref="Exception.Message"/> is
/// <c>line:col: description</c>; <see cref="ReferenceText"/> is the line wasm-wave prints for the same
/// error (<c>description at start..end</c>, UTF-8 byte offsets), which the conformance suite compares.
/// </summary>
public sealed class WaveException : Exception
{
    internal WaveException(WaveErrorKind kind, string? detail, string source, int start, int end)
        : base(Format(kind, detail, source, start))
    {
        Kind = kind;
        Detail = detail;
        (Line, Column) = LineAndColumn(source, start);
        ByteStart = ByteOffset(source, start);
        ByteEnd = ByteOffset(source, end);
    }

    public WaveException()
        : this("invalid WAVE value")
    {
    }

    public WaveException(string message)
        : base(message)
    {
    }

    public WaveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WaveErrorKind Kind { get; }

    /// <summary>What exactly went wrong, e.g. <c>missing field "required"</c>; null when the kind says it all.</summary>
    public string? Detail { get; }

    /// <summary>1-based line of the error's start in the parsed text.</summary>
    public int Line { get; }

    /// <summary>1-based column (in characters) of the error's start.</summary>
    public int Column { get; }

    public int ByteStart { get; }

    public int ByteEnd { get; }

    /// <summary>The error exactly as wasm-wave displays it: <c>invalid token at 5..6</c>.</summary>
    public string ReferenceText => Detail is null
        ? $"{Describe(Kind)} at {ByteStart}..{ByteEnd}"
        : $"{Describe(Kind)}: {Detail} at {ByteStart}..{ByteEnd}";

    public static string Describe(WaveErrorKind kind) => kind switch
    {
        WaveErrorKind.EmptyTuple => "empty tuple",
        WaveErrorKind.MultipleChars => "multiple characters in char value",
        WaveErrorKind.InvalidEscape => "invalid character escape",
        WaveErrorKind.InvalidMultilineString => "invalid multiline string",
        WaveErrorKind.InvalidParams => "invalid params",
        WaveErrorKind.InvalidToken => "invalid token",
        WaveErrorKind.InvalidType => "invalid value type",
        WaveErrorKind.InvalidValue => "invalid value",
        WaveErrorKind.TrailingCharacters => "trailing characters after value",
        WaveErrorKind.UnexpectedEnd => "unexpected end of input",
        WaveErrorKind.UnexpectedToken => "unexpected token",
        WaveErrorKind.DuplicateField => "duplicate field",
        WaveErrorKind.DuplicateFlag => "duplicate flag",
        WaveErrorKind.WasmValueError => "error converting Wasm value",
        WaveErrorKind.NestingTooDeep => "value nesting too deep",
        WaveErrorKind.UnknownFunction => "unknown function",
        _ => kind.ToString(),
    };

    private static string Format(WaveErrorKind kind, string? detail, string source, int start)
    {
        var (line, column) = LineAndColumn(source, start);
        return detail is null ? $"{line}:{column}: {Describe(kind)}" : $"{line}:{column}: {Describe(kind)}: {detail}";
    }

    private static (int Line, int Column) LineAndColumn(string source, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(index, source.Length); i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(source[i]))
            {
                column++;
            }
        }

        return (line, column);
    }

    private static int ByteOffset(string source, int index) =>
        System.Text.Encoding.UTF8.GetByteCount(source.AsSpan(0, Math.Clamp(index, 0, source.Length)));
}
