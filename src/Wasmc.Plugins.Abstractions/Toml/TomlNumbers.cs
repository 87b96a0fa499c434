using System.Globalization;

namespace Wasmc.Toml;

/// <summary>TOML integers (decimal, 0x, 0o, 0b) and floats (incl. inf/nan) from one scanned token.</summary>
internal static class TomlNumbers
{
    /// <summary>The number <paramref name="token"/> spells, or <c>null</c> when it is not a valid TOML number.</summary>
    public static TomlValue? Parse(ReadOnlySpan<char> token, TomlPosition position)
    {
        if (token.IsEmpty)
        {
            return null;
        }

        var hasSign = token[0] is '+' or '-';
        var negative = token[0] == '-';
        var body = hasSign ? token[1..] : token;

        if (body.SequenceEqual("inf"))
        {
            return Float(position, negative ? double.NegativeInfinity : double.PositiveInfinity);
        }

        if (body.SequenceEqual("nan"))
        {
            return Float(position, negative ? -double.NaN : double.NaN);
        }

        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            return hasSign ? null : ParseRadix(body[2..], body[1] switch { 'x' => 16, 'o' => 8, _ => 2 }, position);
        }

        var i = 0;
        if (!ScanDigits(body, ref i, 10))
        {
            return null;
        }

        // A leading zero is only allowed when it is the whole integer part ("0", "0.5", "0e1").
        if (body[0] == '0' && i > 1)
        {
            return null;
        }

        if (i == body.Length)
        {
            return ParseDecimalInteger(token, position);
        }

        if (body[i] == '.')
        {
            i++;
            if (!ScanDigits(body, ref i, 10))
            {
                return null;
            }
        }

        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
            {
                i++;
            }

            if (!ScanDigits(body, ref i, 10))
            {
                return null;
            }
        }

        if (i != body.Length)
        {
            return null;
        }

        var clean = WithoutUnderscores(token);
        return Float(position, double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>A hint for why <paramref name="token"/> is not a number, starting with ": " (or empty).</summary>
    public static string Explain(ReadOnlySpan<char> token)
    {
        var body = token.Length > 0 && token[0] is '+' or '-' ? token[1..] : token;
        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            return body.Length != token.Length
                ? ": hexadecimal, octal and binary integers cannot have a sign"
                : ": invalid digits or underscores, or the value does not fit in a signed 64-bit integer";
        }

        if (body.Length > 1 && body[0] == '0' && char.IsAsciiDigit(body[1]))
        {
            return ": leading zeros are not allowed";
        }

        if (body.Length > 4 && char.IsAsciiDigit(body[0]) && body.IndexOfAny('-', ':') > 0 && !body.ContainsAny('e', 'E'))
        {
            return ": dates are written YYYY-MM-DD and times HH:MM:SS, with a four-digit year from 0001 to 9999";
        }

        if (token.Contains('_'))
        {
            return ": each underscore must be between two digits";
        }

        if (IsAllDigits(body))
        {
            return ": the value does not fit in a signed 64-bit integer";
        }

        return "";
    }

    private static TomlValue Float(TomlPosition position, double value) => new(position, TomlValueKind.Float, value);

    private static TomlValue? ParseDecimalInteger(ReadOnlySpan<char> token, TomlPosition position)
    {
        var text = token.Contains('_') ? WithoutUnderscores(token) : token;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new TomlValue(position, TomlValueKind.Integer, value)
            : null;
    }

    private static TomlValue? ParseRadix(ReadOnlySpan<char> digits, int radix, TomlPosition position)
    {
        var i = 0;
        if (!ScanDigits(digits, ref i, radix) || i != digits.Length)
        {
            return null;
        }

        ulong value = 0;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                continue;
            }

            var digit = (ulong)DigitValue(c);
            if (value > (long.MaxValue - digit) / (ulong)radix)
            {
                return null;
            }

            value = value * (ulong)radix + digit;
        }

        return new TomlValue(position, TomlValueKind.Integer, (long)value);
    }

    /// <summary>Scans <c>digit *( digit / "_" digit )</c>; false when there is no digit at <paramref name="i"/>.</summary>
    private static bool ScanDigits(ReadOnlySpan<char> s, ref int i, int radix)
    {
        if (i >= s.Length || !IsDigit(s[i], radix))
        {
            return false;
        }

        i++;
        while (i < s.Length)
        {
            if (IsDigit(s[i], radix))
            {
                i++;
            }
            else if (s[i] == '_' && i + 1 < s.Length && IsDigit(s[i + 1], radix))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    private static bool IsDigit(char c, int radix)
    {
        var value = DigitValue(c);
        return value >= 0 && value < radix;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    private static string WithoutUnderscores(ReadOnlySpan<char> token)
    {
        Span<char> buffer = token.Length <= 128 ? stackalloc char[token.Length] : new char[token.Length];
        var length = 0;
        foreach (var c in token)
        {
            if (c != '_')
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer[..length]);
    }
}
