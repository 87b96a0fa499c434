using System.Globalization;
using System.Text;

namespace Wasmc.Toml;

/// <summary>
/// Hand-written recursive-descent TOML 1.0 parser over a string. One instance parses one document.
/// Redefinition rules live in the table kinds: a header may complete an <see cref="TomlTableKind.Implicit"/> table only,
/// dotted keys may extend only tables they created in the same section, inline tables and static arrays are closed.
/// </summary>
internal sealed class TomlParser
{
    // Guards the recursion of arrays and inline tables against hostile input.
    private const int MaxNesting = 256;

    // Booleans are boxed once: a document holds many and they never change.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly string _text;
    private readonly string _file;
    private readonly TomlTable _root;
    private readonly StringBuilder _buffer = new();

    // Reused by every key: callers are done with the parts before the next key is read (a value is parsed
    // only after its key's table has been found and the last part copied).
    private readonly List<KeyPart> _keyParts = [];

    // Bare keys repeat a lot (every [[package]] of a Cargo.lock has "name", "version", ...): one string each.
    private readonly HashSet<string> _bareKeys = new(StringComparer.Ordinal);
    private TomlTable _current;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _section;
    private int _sectionCount;
    private int _nesting;

    public TomlParser(string text, string file)
    {
        _text = text;
        _file = file;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }

        _root = new TomlTable(new TomlPosition(file, 1, 1), TomlTableKind.Root);
        _current = _root;
    }

    private readonly record struct KeyPart(string Name, TomlPosition Position);

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _pos < _text.Length ? _text[_pos] : '\0';

    private TomlPosition Here => new(_file, _line, _pos - _lineStart + 1);

    public TomlTable ParseDocument()
    {
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return _root;
            }

            var what = "the value";
            switch (Peek)
            {
                case '#' or '\n' or '\r':
                    break;
                case '[':
                    ParseHeader();
                    what = "the table header";
                    break;
                default:
                    ParseKeyValue(_current);
                    break;
            }

            SkipWhitespace();
            if (Peek == '#')
            {
                SkipComment();
            }

            ExpectLineEnd(what);
        }
    }

    // ---------------------------------------------------------------- structure

    private void ParseHeader()
    {
        var headerPosition = Here;
        _pos++;
        var isArray = Peek == '[';
        if (isArray)
        {
            _pos++;
        }

        SkipWhitespace();
        var parts = ParseKey();
        SkipWhitespace();
        if (Peek != ']' || (isArray && (_pos + 1 >= _text.Length || _text[_pos + 1] != ']')))
        {
            throw Error(Here, $"expected '{(isArray ? "]]" : "]")}' to close the header [{(isArray ? "[" : "")}{FormatKey(parts, parts.Count)}, found {Describe(_pos)}");
        }

        _pos += isArray ? 2 : 1;
        _section = ++_sectionCount;

        var table = _root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            table = DescendForHeader(table, parts, i);
        }

        var last = parts[^1];
        table.TryGetValue(last.Name, out var existing);
        if (isArray)
        {
            TomlArray array;
            if (existing is null)
            {
                array = new TomlArray(headerPosition, isArrayOfTables: true);
                table.Add(last.Name, last.Position, array);
            }
            else if (existing is TomlArray { IsArrayOfTables: true } arrayOfTables)
            {
                array = arrayOfTables;
            }
            else
            {
                var path = FormatKey(parts, parts.Count);
                throw Error(last.Position, $"cannot define array of tables [[{path}]]: '{path}' is already {DescribeNode(existing)} (defined at {At(table.KeyPosition(last.Name))})");
            }

            var element = new TomlTable(headerPosition, TomlTableKind.ArrayElement);
            array.Add(element);
            _current = element;
            return;
        }

        if (existing is null)
        {
            var created = new TomlTable(headerPosition, TomlTableKind.Header);
            table.Add(last.Name, last.Position, created);
            _current = created;
        }
        else if (existing is TomlTable { Kind: TomlTableKind.Implicit } implicitTable)
        {
            implicitTable.Kind = TomlTableKind.Header;
            implicitTable.Position = headerPosition;
            _current = implicitTable;
        }
        else if (existing is TomlTable defined)
        {
            throw Error(last.Position, $"table [{FormatKey(parts, parts.Count)}] is already defined (at {At(defined.Position)})");
        }
        else
        {
            var path = FormatKey(parts, parts.Count);
            throw Error(last.Position, $"cannot define table [{path}]: '{path}' is already {DescribeNode(existing)} (defined at {At(table.KeyPosition(last.Name))})");
        }
    }

    private TomlTable DescendForHeader(TomlTable table, List<KeyPart> parts, int index)
    {
        var part = parts[index];
        if (!table.TryGetValue(part.Name, out var node))
        {
            var created = new TomlTable(part.Position, TomlTableKind.Implicit);
            table.Add(part.Name, part.Position, created);
            return created;
        }

        var path = FormatKey(parts, index + 1);
        return node switch
        {
            TomlTable { Kind: TomlTableKind.Inline } inline =>
                throw Error(part.Position, $"cannot extend inline table '{path}' (defined at {At(inline.Position)}): inline tables are closed once written"),
            TomlTable child => child,
            TomlArray { IsArrayOfTables: true } array => (TomlTable)array[^1],
            TomlArray array =>
                throw Error(part.Position, $"cannot extend '{path}': it is a static array (defined at {At(array.Position)})"),
            _ => throw Error(part.Position, $"cannot use '{path}' as a table: it is already {DescribeNode(node)} (defined at {At(table.KeyPosition(part.Name))})"),
        };
    }

    private void ParseKeyValue(TomlTable table)
    {
        var parts = ParseKey();
        SkipWhitespace();
        if (Peek != '=')
        {
            throw Error(Here, $"expected '=' after key '{FormatKey(parts, parts.Count)}', found {Describe(_pos)}");
        }

        _pos++;
        SkipWhitespace();

        var target = table;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            target = DescendForDottedKey(target, parts, i);
        }

        var last = parts[^1];
        if (target.ContainsKey(last.Name))
        {
            var first = target.KeyPosition(last.Name);
            throw Error(last.Position, $"duplicate key '{FormatKey(parts, parts.Count)}' (first defined at {At(first)})");
        }

        // Checked before the value is parsed so that the error points at the key.
        var value = ParseValue();
        target.Add(last.Name, last.Position, value);
    }

    private TomlTable DescendForDottedKey(TomlTable table, List<KeyPart> parts, int index)
    {
        var part = parts[index];
        if (!table.TryGetValue(part.Name, out var node))
        {
            var created = new TomlTable(part.Position, TomlTableKind.Dotted) { Section = _section };
            table.Add(part.Name, part.Position, created);
            return created;
        }

        var path = FormatKey(parts, index + 1);
        switch (node)
        {
            case TomlTable { Kind: TomlTableKind.Dotted } dotted when dotted.Section == _section:
                return dotted;
            case TomlTable { Kind: TomlTableKind.Implicit } implicitTable:
                implicitTable.Kind = TomlTableKind.Dotted;
                implicitTable.Section = _section;
                return implicitTable;
            case TomlTable { Kind: TomlTableKind.Inline } inline:
                throw Error(part.Position, $"cannot add keys to inline table '{path}' (defined at {At(inline.Position)}): inline tables are closed once written");
            case TomlTable defined:
                throw Error(part.Position, $"cannot add keys to table '{path}' with dotted keys: it is defined at {At(defined.Position)}");
            case TomlArray array:
                throw Error(part.Position, $"cannot add keys to '{path}' with dotted keys: it is an array (defined at {At(array.Position)})");
            default:
                throw Error(part.Position, $"cannot use '{path}' as a table: it is already {DescribeNode(node)} (defined at {At(table.KeyPosition(part.Name))})");
        }
    }

    private List<KeyPart> ParseKey()
    {
        var parts = _keyParts;
        parts.Clear();
        while (true)
        {
            var position = Here;
            var c = Peek;
            string name;
            if (c == '"')
            {
                if (StartsWith("\"\"\""))
                {
                    throw Error(position, "a multi-line string cannot be a key");
                }

                name = ParseBasicString();
            }
            else if (c == '\'')
            {
                if (StartsWith("'''"))
                {
                    throw Error(position, "a multi-line string cannot be a key");
                }

                name = ParseLiteralString();
            }
            else if (IsBareKeyChar(c) && !AtEnd)
            {
                var start = _pos;
                while (_pos < _text.Length && IsBareKeyChar(_text[_pos]))
                {
                    _pos++;
                }

                name = InternBareKey(_text.AsSpan(start, _pos - start));
            }
            else
            {
                throw Error(position, $"expected a key, found {Describe(_pos)}");
            }

            parts.Add(new KeyPart(name, position));
            SkipWhitespace();
            if (Peek != '.')
            {
                return parts;
            }

            _pos++;
            SkipWhitespace();
        }
    }

    private string InternBareKey(ReadOnlySpan<char> key)
    {
        var lookup = _bareKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(key, out var name))
        {
            name = key.ToString();
            _bareKeys.Add(name);
        }

        return name;
    }

    // ---------------------------------------------------------------- values

    private TomlNode ParseValue()
    {
        var position = Here;
        switch (Peek)
        {
            case '"':
                return new TomlValue(position, TomlValueKind.String, StartsWith("\"\"\"") ? ParseMultiLineBasicString() : ParseBasicString());
            case '\'':
                return new TomlValue(position, TomlValueKind.String, StartsWith("'''") ? ParseMultiLineLiteralString() : ParseLiteralString());
            case 't' when StartsWith("true"):
                _pos += 4;
                return new TomlValue(position, TomlValueKind.Boolean, BoxedTrue);
            case 'f' when StartsWith("false"):
                _pos += 5;
                return new TomlValue(position, TomlValueKind.Boolean, BoxedFalse);
            case '[':
                return ParseArray();
            case '{':
                return ParseInlineTable();
            case (>= '0' and <= '9') or '+' or '-' or 'i' or 'n':
                return ParseNumberOrDateTime();
            default:
                throw Error(position, $"expected a value, found {DescribeWord(_pos)}");
        }
    }

    private TomlArray ParseArray()
    {
        var array = new TomlArray(Here);
        EnterNesting();
        _pos++;
        while (true)
        {
            SkipWhitespaceNewlinesAndComments();
            if (AtEnd)
            {
                throw Error(Here, $"unterminated array (opened at {At(array.Position)})");
            }

            if (Peek == ']')
            {
                _pos++;
                break;
            }

            array.Add(ParseValue());
            SkipWhitespaceNewlinesAndComments();
            if (Peek == ',')
            {
                _pos++;
            }
            else if (Peek == ']')
            {
                _pos++;
                break;
            }
            else
            {
                throw Error(Here, $"expected ',' or ']' in the array opened at {At(array.Position)}, found {Describe(_pos)}");
            }
        }

        _nesting--;
        return array;
    }

    private TomlTable ParseInlineTable()
    {
        var table = new TomlTable(Here, TomlTableKind.Inline);
        EnterNesting();
        _pos++;
        var outerSection = _section;
        _section = ++_sectionCount;
        SkipWhitespace();
        if (Peek == '}')
        {
            _pos++;
        }
        else
        {
            while (true)
            {
                CheckInlineTableContinues(table);
                ParseKeyValue(table);
                SkipWhitespace();
                if (Peek == ',')
                {
                    _pos++;
                    SkipWhitespace();
                    if (Peek == '}')
                    {
                        throw Error(Here, "a trailing comma is not allowed in an inline table (TOML 1.0)");
                    }

                    continue;
                }

                if (Peek == '}')
                {
                    _pos++;
                    break;
                }

                CheckInlineTableContinues(table);
                throw Error(Here, $"expected ',' or '}}' in the inline table opened at {At(table.Position)}, found {Describe(_pos)}");
            }
        }

        _section = outerSection;
        _nesting--;
        return table;
    }

    private void CheckInlineTableContinues(TomlTable table)
    {
        if (AtEnd)
        {
            throw Error(Here, $"unterminated inline table (opened at {At(table.Position)})");
        }

        if (Peek is '\n' or '\r')
        {
            throw Error(Here, $"an inline table must be on one line (TOML 1.0); the one opened at {At(table.Position)} is not closed on its line");
        }
    }

    private void EnterNesting()
    {
        if (++_nesting > MaxNesting)
        {
            throw Error(Here, $"arrays and inline tables are nested more than {MaxNesting} deep");
        }
    }

    private TomlValue ParseNumberOrDateTime()
    {
        var position = Here;
        var start = _pos;
        if (IsDigits(start, 4) && CharAt(start + 4) == '-')
        {
            return ParseDateOrDateTime(position);
        }

        if (IsDigits(start, 2) && CharAt(start + 2) == ':')
        {
            var time = ParseTime(out _);
            return MakeDateTime(position, start, TomlValueKind.LocalTime, default, time, null);
        }

        while (_pos < _text.Length && IsNumberChar(_text[_pos]))
        {
            _pos++;
        }

        var token = _text.AsSpan(start, _pos - start);
        return TomlNumbers.Parse(token, position) ?? throw Error(position, $"invalid number '{token}'{TomlNumbers.Explain(token)}");
    }

    // ---------------------------------------------------------------- dates and times

    private readonly record struct DatePart(int Year, int Month, int Day);

    private readonly record struct TimePart(int Hour, int Minute, int Second, int Nanosecond);

    private TomlValue ParseDateOrDateTime(TomlPosition position)
    {
        var start = _pos;
        var year = ReadTwoDigits("year") * 100 + ReadTwoDigits("year");
        Expect('-', "in the date");
        var month = ReadTwoDigits("month");
        Expect('-', "in the date");
        var day = ReadTwoDigits("day");
        if (month is < 1 or > 12)
        {
            throw Error(position, $"invalid date: month {month} is not between 1 and 12");
        }

        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year == 0)
        {
            throw Error(position, year == 0 ? "invalid date: year 0000 does not exist" : $"invalid date: {year:D4}-{month:D2} has no day {day}");
        }

        var date = new DatePart(year, month, day);
        var separator = Peek;
        var hasTime = separator is 'T' or 't' || (separator == ' ' && IsDigits(_pos + 1, 2) && CharAt(_pos + 3) == ':');
        if (!hasTime)
        {
            return MakeDateTime(position, start, TomlValueKind.LocalDate, date, default, null);
        }

        _pos++;
        var time = ParseTime(out _);
        int? offset = null;
        if (Peek is 'Z' or 'z')
        {
            _pos++;
            offset = 0;
        }
        else if (Peek is '+' or '-')
        {
            var sign = Peek == '-' ? -1 : 1;
            _pos++;
            var offsetHours = ReadTwoDigits("offset hour");
            Expect(':', "in the UTC offset");
            var offsetMinutes = ReadTwoDigits("offset minute");
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                throw Error(position, $"invalid UTC offset {(sign < 0 ? '-' : '+')}{offsetHours:D2}:{offsetMinutes:D2}");
            }

            offset = sign * (offsetHours * 60 + offsetMinutes);
        }

        var kind = offset is null ? TomlValueKind.LocalDateTime : TomlValueKind.OffsetDateTime;
        return MakeDateTime(position, start, kind, date, time, offset);
    }

    private TimePart ParseTime(out int fractionDigits)
    {
        var position = Here;
        var hour = ReadTwoDigits("hour");
        Expect(':', "in the time");
        var minute = ReadTwoDigits("minute");
        if (Peek != ':')
        {
            throw Error(Here, $"expected ':' and seconds in the time (TOML 1.0 requires seconds), found {Describe(_pos)}");
        }

        _pos++;
        var second = ReadTwoDigits("second");
        var nanosecond = 0;
        fractionDigits = 0;
        if (Peek == '.')
        {
            _pos++;
            if (!char.IsAsciiDigit(Peek))
            {
                throw Error(Here, $"expected digits after the decimal point of the seconds, found {Describe(_pos)}");
            }

            while (char.IsAsciiDigit(Peek))
            {
                if (fractionDigits < 9)
                {
                    nanosecond = nanosecond * 10 + (Peek - '0');
                }

                fractionDigits++;
                _pos++;
            }

            for (var i = fractionDigits; i < 9; i++)
            {
                nanosecond *= 10;
            }
        }

        if (hour > 23 || minute > 59 || second > 60)
        {
            throw Error(position, $"invalid time {hour:D2}:{minute:D2}:{second:D2}");
        }

        return new TimePart(hour, minute, second, nanosecond);
    }

    private TomlValue MakeDateTime(TomlPosition position, int start, TomlValueKind kind, DatePart date, TimePart time, int? offset)
    {
        var text = string.Create(_pos - start, (_text, start), static (span, state) =>
        {
            state._text.AsSpan(state.start, span.Length).CopyTo(span);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = span[i] switch
                {
                    't' or ' ' => 'T',
                    'z' => 'Z',
                    var c => c,
                };
            }
        });
        var value = new TomlDateTime(text)
        {
            Kind = kind,
            Year = date.Year,
            Month = date.Month,
            Day = date.Day,
            Hour = time.Hour,
            Minute = time.Minute,
            Second = time.Second,
            Nanosecond = time.Nanosecond,
            OffsetMinutes = offset,
        };
        return new TomlValue(position, kind, value);
    }

    private int ReadTwoDigits(string what)
    {
        if (!IsDigits(_pos, 2))
        {
            throw Error(Here, $"expected two digits for the {what}, found {Describe(_pos)}");
        }

        var value = (_text[_pos] - '0') * 10 + (_text[_pos + 1] - '0');
        _pos += 2;
        return value;
    }

    private void Expect(char c, string where)
    {
        if (Peek != c || AtEnd)
        {
            throw Error(Here, $"expected '{c}' {where}, found {Describe(_pos)}");
        }

        _pos++;
    }

    // ---------------------------------------------------------------- strings

    private string ParseBasicString()
    {
        var open = Here;
        _pos++;
        var segmentStart = _pos;
        _buffer.Clear();
        var escaped = false;
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, "unterminated string");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                _buffer.Append(_text, segmentStart, _pos - segmentStart);
                ParseEscape();
                segmentStart = _pos;
                escaped = true;
            }
            else if (c is '\n' or '\r')
            {
                throw Error(open, "unterminated string (a basic string cannot span lines; use \"\"\" for multi-line strings)");
            }
            else if (IsControl(c))
            {
                throw Error(Here, $"control character {Hex(c)} must be escaped in a string");
            }
            else
            {
                _pos++;
            }
        }

        string result;
        if (escaped)
        {
            result = _buffer.Append(_text, segmentStart, _pos - segmentStart).ToString();
        }
        else
        {
            result = _text.Substring(segmentStart, _pos - segmentStart);
        }

        _pos++;
        return result;
    }

    private string ParseLiteralString()
    {
        var open = Here;
        _pos++;
        var start = _pos;
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, "unterminated literal string");
            }

            var c = _text[_pos];
            if (c == '\'')
            {
                break;
            }

            if (c is '\n' or '\r')
            {
                throw Error(open, "unterminated literal string (a literal string cannot span lines; use ''' for multi-line strings)");
            }

            if (IsControl(c))
            {
                throw Error(Here, $"control character {Hex(c)} is not allowed in a literal string");
            }

            _pos++;
        }

        var result = _text.Substring(start, _pos - start);
        _pos++;
        return result;
    }

    private string ParseMultiLineBasicString() => ParseMultiLineString('"');

    private string ParseMultiLineLiteralString() => ParseMultiLineString('\'');

    private string ParseMultiLineString(char quote)
    {
        var open = Here;
        var isBasic = quote == '"';
        _pos += 3;
        SkipNewlineAfterOpeningDelimiter();
        _buffer.Clear();
        var segmentStart = _pos;
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, $"unterminated multi-line string (opened with {quote}{quote}{quote})");
            }

            var c = _text[_pos];
            if (c == quote)
            {
                var run = 1;
                while (_pos + run < _text.Length && _text[_pos + run] == quote)
                {
                    run++;
                }

                if (run < 3)
                {
                    _pos += run;
                    continue;
                }

                if (run > 5)
                {
                    throw Error(Here, $"too many quotes: at most two {quote} may come right before the closing {quote}{quote}{quote}");
                }

                // Up to two quotes may directly precede the closing delimiter and belong to the content.
                _buffer.Append(_text, segmentStart, _pos - segmentStart + run - 3);
                _pos += run;
                return _buffer.ToString();
            }

            if (c == '\n')
            {
                NewLine();
            }
            else if (c == '\r')
            {
                if (CharAt(_pos + 1) != '\n')
                {
                    throw Error(Here, "a carriage return must be followed by a line feed");
                }

                _pos++;
                NewLine();
            }
            else if (c == '\\' && isBasic)
            {
                _buffer.Append(_text, segmentStart, _pos - segmentStart);
                if (IsLineEndingBackslash())
                {
                    SkipLineEndingBackslash();
                }
                else
                {
                    ParseEscape();
                }

                segmentStart = _pos;
            }
            else if (IsControl(c))
            {
                throw Error(Here, $"control character {Hex(c)} {(isBasic ? "must be escaped" : "is not allowed")} in a multi-line string");
            }
            else
            {
                _pos++;
            }
        }
    }

    private void SkipNewlineAfterOpeningDelimiter()
    {
        if (Peek == '\n')
        {
            NewLine();
        }
        else if (Peek == '\r' && CharAt(_pos + 1) == '\n')
        {
            _pos++;
            NewLine();
        }
    }

    private bool IsLineEndingBackslash()
    {
        var i = _pos + 1;
        while (i < _text.Length && _text[i] is ' ' or '\t')
        {
            i++;
        }

        return CharAt(i) == '\n' || (CharAt(i) == '\r' && CharAt(i + 1) == '\n');
    }

    private void SkipLineEndingBackslash()
    {
        _pos++;
        while (!AtEnd)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t')
            {
                _pos++;
            }
            else if (c == '\n')
            {
                NewLine();
            }
            else if (c == '\r' && CharAt(_pos + 1) == '\n')
            {
                _pos++;
                NewLine();
            }
            else
            {
                return;
            }
        }
    }

    private void ParseEscape()
    {
        var position = Here;
        _pos++;
        var c = Peek;
        _pos++;
        switch (c)
        {
            case 'b': _buffer.Append('\b'); break;
            case 't': _buffer.Append('\t'); break;
            case 'n': _buffer.Append('\n'); break;
            case 'f': _buffer.Append('\f'); break;
            case 'r': _buffer.Append('\r'); break;
            case '"': _buffer.Append('"'); break;
            case '\\': _buffer.Append('\\'); break;
            case 'u': AppendCodePoint(position, 4); break;
            case 'U': AppendCodePoint(position, 8); break;
            default:
                _pos--;
                throw Error(position, AtEnd ? "unterminated escape sequence" : $"invalid escape sequence '\\{(IsControl(c) || c is '\n' or '\r' ? Hex(c) : c.ToString())}'");
        }
    }

    private void AppendCodePoint(TomlPosition position, int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var digit = HexValue(CharAt(_pos + i));
            if (digit < 0 || _pos + i >= _text.Length)
            {
                throw Error(position, $"escape \\{(digits == 4 ? 'u' : 'U')} needs exactly {digits} hexadecimal digits");
            }

            // Eight hex digits can overflow int; anything past 0x10FFFF is rejected below anyway.
            value = value > 0x10FFFF ? value : value * 16 + digit;
        }

        if (!Rune.IsValid(value))
        {
            throw Error(position, $"escape \\{(digits == 4 ? 'u' : 'U')}{_text.AsSpan(_pos, digits)} is not a Unicode scalar value");
        }

        _pos += digits;
        var rune = new Rune(value);
        Span<char> chars = stackalloc char[2];
        _buffer.Append(chars[..rune.EncodeToUtf16(chars)]);
    }

    // ---------------------------------------------------------------- whitespace, comments, newlines

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void SkipWhitespaceNewlinesAndComments()
    {
        while (!AtEnd)
        {
            switch (_text[_pos])
            {
                case ' ' or '\t':
                    _pos++;
                    break;
                case '\n':
                    NewLine();
                    break;
                case '\r':
                    ExpectLineEnd("the value");
                    break;
                case '#':
                    SkipComment();
                    break;
                default:
                    return;
            }
        }
    }

    private void SkipComment()
    {
        _pos++;
        while (!AtEnd)
        {
            var c = _text[_pos];
            if (c == '\n' || (c == '\r' && CharAt(_pos + 1) == '\n'))
            {
                return;
            }

            if (IsControl(c) || c == '\r')
            {
                throw Error(Here, $"control character {Hex(c)} is not allowed in a comment");
            }

            _pos++;
        }
    }

    private void ExpectLineEnd(string after)
    {
        if (AtEnd)
        {
            return;
        }

        var c = _text[_pos];
        if (c == '\n')
        {
            NewLine();
        }
        else if (c == '\r' && CharAt(_pos + 1) == '\n')
        {
            _pos++;
            NewLine();
        }
        else if (c == '\r')
        {
            throw Error(Here, "a carriage return must be followed by a line feed");
        }
        else
        {
            throw Error(Here, $"expected a newline after {after}, found {Describe(_pos)}");
        }
    }

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    // ---------------------------------------------------------------- helpers

    private bool StartsWith(string prefix) => string.CompareOrdinal(_text, _pos, prefix, 0, prefix.Length) == 0;

    private char CharAt(int index) => index < _text.Length ? _text[index] : '\0';

    private bool IsDigits(int start, int count)
    {
        if (start + count > _text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(_text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsNumberChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '-';

    private static bool IsControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Hex(char c) => $"U+{(int)c:X4}";

    private string Describe(int index)
    {
        if (index >= _text.Length)
        {
            return "end of file";
        }

        var c = _text[index];
        return c switch
        {
            '\n' or '\r' => "end of line",
            _ when IsControl(c) || char.IsWhiteSpace(c) || c == '\uFEFF' => Hex(c),
            _ => $"'{c}'",
        };
    }

    // Unquoted words get a hint: they are usually strings missing their quotes or misspelt booleans.
    private string DescribeWord(int index)
    {
        var end = index;
        while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '_' or '-'))
        {
            end++;
        }

        if (end - index < 2 || !char.IsAsciiLetter(_text[index]))
        {
            return Describe(index);
        }

        var word = _text[index..end];
        return word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? $"'{word}' (booleans are lower-case: true, false)"
            : $"'{word}' (strings must be quoted)";
    }

    private static string DescribeNode(TomlNode node) => node switch
    {
        TomlTable => "a table",
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "a static array",
        TomlValue value => $"a{(value.Kind is TomlValueKind.Integer ? "n" : "")} {value.KindName} value",
        _ => "defined",
    };

    private static string At(TomlPosition position) => $"{position.Line}:{position.Column}";

    private static string FormatKey(List<KeyPart> parts, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            var name = parts[i].Name;
            if (name.Length > 0 && name.All(IsBareKeyChar))
            {
                builder.Append(name);
            }
            else
            {
                builder.Append('"').Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return builder.ToString();
    }

    private TomlException Error(TomlPosition position, string reason) => new(position, reason);
}
