using System.Globalization;
using System.Text;

namespace Wasmc.Wit.Wave;

/// <summary>
/// Writes values in wasm-wave's canonical form (its <c>Writer</c>): floats as Rust displays them
/// (shortest round-trip digits, never an exponent; <c>nan</c>, <c>inf</c>, <c>-inf</c>), Rust-style char
/// escapes, records without their <c>none</c> fields (<c>{:}</c> when empty), keyword-named enum and
/// variant cases prefixed with <c>%</c>.
/// </summary>
public static class WavePrinter
{
    private static readonly HashSet<string> Keywords = ["true", "false", "some", "none", "ok", "err", "inf", "nan"];

    public static string Print(WaveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    /// <summary>A call as wasm-wave's test harness prints it: <c>name(param: value, ...)</c>.</summary>
    public static string PrintCall(string name, IReadOnlyList<Param> parameters, IReadOnlyList<WaveValue> arguments)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(arguments);
        var builder = new StringBuilder(name).Append('(');
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(i < parameters.Count ? parameters[i].Name : $"arg{i}").Append(": ");
            Write(builder, arguments[i]);
        }

        return builder.Append(')').ToString();
    }

    /// <summary>Several values separated by <c>", "</c> (a function's results, or arguments without names).</summary>
    public static string PrintValues(IEnumerable<WaveValue> values) => string.Join(", ", values.Select(Print));

    /// <summary>A float as Rust's <c>Display</c> writes it: plain decimal digits, shortest round trip.</summary>
    public static string FormatFloat(double value, bool isF32)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        return ExpandExponent(isF32 ? ShortestDigits((float)value) : ShortestDigits(value));
    }

    private static string ShortestDigits(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string ShortestDigits(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Turns .NET's shortest form ("1.5E-05", "3.4028235E+38", "-0") into plain decimal digits.
    private static string ExpandExponent(string text)
    {
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponentIndex = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentIndex < 0 ? text : text[..exponentIndex];
        var exponent = exponentIndex < 0 ? 0 : int.Parse(text[(exponentIndex + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;

        string result;
        if (integerDigits <= 0)
        {
            result = "0." + new string('0', -integerDigits) + digits;
        }
        else if (integerDigits >= digits.Length)
        {
            result = digits + new string('0', integerDigits - digits.Length);
        }
        else
        {
            result = digits[..integerDigits] + "." + digits[integerDigits..];
        }

        result = TrimNumber(result);
        return negative ? "-" + result : result;
    }

    private static string TrimNumber(string text)
    {
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        var trimmed = text.TrimStart('0');
        return trimmed.Length == 0 || trimmed[0] == '.' ? "0" + trimmed : trimmed;
    }

    private static void Write(StringBuilder builder, WaveValue value)
    {
        switch (value)
        {
            case WaveBool b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case WaveInteger i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case WaveFloat f:
                builder.Append(FormatFloat(f.Value, f.IsF32));
                break;
            case WaveChar c:
                builder.Append('\'');
                WriteChar(builder, c.Value);
                builder.Append('\'');
                break;
            case WaveString s:
                builder.Append('"');
                foreach (var rune in s.Value.EnumerateRunes())
                {
                    WriteChar(builder, rune);
                }

                builder.Append('"');
                break;
            case WaveList list:
                WriteSequence(builder, '[', ']', list.Elements);
                break;
            case WaveTuple tuple:
                WriteSequence(builder, '(', ')', tuple.Elements);
                break;
            case WaveRecord record:
                WriteRecord(builder, record);
                break;
            case WaveVariant variant:
                WriteLabel(builder, variant.Case);
                WritePayload(builder, variant.Payload);
                break;
            case WaveEnum e:
                WriteLabel(builder, e.Case);
                break;
            case WaveOption { Value: { } some }:
                builder.Append("some");
                WritePayload(builder, some);
                break;
            case WaveOption:
                builder.Append("none");
                break;
            case WaveResult result:
                builder.Append(result.IsOk ? "ok" : "err");
                WritePayload(builder, result.Payload);
                break;
            case WaveFlags flags:
                builder.Append('{').AppendJoin(", ", flags.Flags).Append('}');
                break;
            default:
                throw new ArgumentException($"cannot print {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteRecord(StringBuilder builder, WaveRecord record)
    {
        builder.Append('{');
        var first = true;
        foreach (var (name, fieldValue) in record.Fields)
        {
            if (fieldValue is WaveOption { IsSome: false })
            {
                continue;
            }

            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.Append(name).Append(": ");
            Write(builder, fieldValue);
        }

        if (first)
        {
            builder.Append(':');
        }

        builder.Append('}');
    }

    private static void WriteSequence(StringBuilder builder, char open, char close, IReadOnlyList<WaveValue> values)
    {
        builder.Append(open);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Write(builder, values[i]);
        }

        builder.Append(close);
    }

    private static void WriteLabel(StringBuilder builder, string label)
    {
        if (Keywords.Contains(label))
        {
            builder.Append('%');
        }

        builder.Append(label);
    }

    private static void WritePayload(StringBuilder builder, WaveValue? payload)
    {
        if (payload is null)
        {
            return;
        }

        builder.Append('(');
        Write(builder, payload);
        builder.Append(')');
    }

    // Rust's escape_default for quotes, backslash, \t \r \n; \u{..} for controls and for what
    // escape_debug escapes (unprintable and grapheme-extending chars).
    private static void WriteChar(StringBuilder builder, Rune rune)
    {
        switch (rune.Value)
        {
            case '\\': builder.Append("\\\\"); return;
            case '"': builder.Append("\\\""); return;
            case '\'': builder.Append("\\'"); return;
            case '\t': builder.Append("\\t"); return;
            case '\r': builder.Append("\\r"); return;
            case '\n': builder.Append("\\n"); return;
        }

        if (NeedsUnicodeEscape(rune))
        {
            builder.Append("\\u{").Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append('}');
        }
        else
        {
            builder.Append(rune.ToString());
        }
    }

    private static bool NeedsUnicodeEscape(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark;
    }
}
