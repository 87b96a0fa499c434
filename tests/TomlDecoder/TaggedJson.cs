using System.Globalization;
using System.Text.Json.Nodes;
using Tomlyn;
using Wasmc.Toml;

namespace Wasmc.TomlDecoder;

/// <summary>
/// Converts a parsed TOML document to toml-test's tagged JSON: tables become objects, arrays become arrays,
/// and every scalar becomes <c>{"type": "...", "value": "..."}</c>. Shared by the decoder and the conformance tests.
/// </summary>
public static class TaggedJson
{
    public static JsonObject FromTable(TomlTable table)
    {
        var result = new JsonObject();
        foreach (var (key, node) in table)
        {
            result[key] = FromNode(node);
        }

        return result;
    }

    public static JsonNode FromNode(TomlNode node) => node switch
    {
        TomlTable table => FromTable(table),
        TomlArray array => new JsonArray([.. array.Select(FromNode)]),
        TomlValue value => Tagged(value.Value),
        _ => throw new ArgumentException($"unknown TOML node {node.GetType().Name}", nameof(node)),
    };

    private static JsonObject Tagged(object value) => value switch
    {
        string text => Tagged("string", text),
        long integer => Tagged("integer", integer.ToString(CultureInfo.InvariantCulture)),
        double number when double.IsNaN(number) => Tagged("float", "nan"),
        double number when double.IsPositiveInfinity(number) => Tagged("float", "inf"),
        double number when double.IsNegativeInfinity(number) => Tagged("float", "-inf"),
        double number => Tagged("float", number.ToString("R", CultureInfo.InvariantCulture)),
        bool boolean => Tagged("bool", boolean ? "true" : "false"),
        TomlDateTime dateTime => Tagged(DateTimeType(dateTime.Kind), DateTimeText(dateTime)),
        _ => throw new ArgumentException($"unexpected scalar {value.GetType().Name}", nameof(value)),
    };

    private static string DateTimeType(TomlDateTimeKind kind) => kind switch
    {
        TomlDateTimeKind.LocalDateTime => "datetime-local",
        TomlDateTimeKind.LocalDate => "date-local",
        TomlDateTimeKind.LocalTime => "time-local",
        _ => "datetime",
    };

    private static string DateTimeText(TomlDateTime dateTime) => dateTime.ToString();

    private static JsonObject Tagged(string type, string value) => new() { ["type"] = type, ["value"] = value };
}
