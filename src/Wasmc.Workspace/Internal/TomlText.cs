using System.Globalization;
using System.Text;

namespace Wasmc.Workspace.Internal;

/// <summary>TOML spelling of keys and values.</summary>
internal static class TomlText
{
    public static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : String(key);

    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public static string StringArray(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(String))}]";

    public static string Value(object value) => value switch
    {
        string s => String(s),
        bool b => b ? "true" : "false",
        int or long or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        float f => Float(f),
        IEnumerable<string> list => StringArray(list),
        _ => throw new ArgumentException($"option values must be strings, integers, floats, booleans or lists of strings, not {value.GetType().Name}", nameof(value)),
    };

    private static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        // "1" would read back as an integer.
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
