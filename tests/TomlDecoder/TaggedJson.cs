using System.Globalization;
using System.Text.Json.Nodes;
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
        TomlValue value => Tagged(TypeName(value.Kind), ValueText(value)),
        _ => throw new ArgumentException($"unknown TOML node {node.GetType().Name}", nameof(node)),
    };

    public static string TypeName(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "bool",
        TomlValueKind.OffsetDateTime => "datetime",
        TomlValueKind.LocalDateTime => "datetime-local",
        TomlValueKind.LocalDate => "date-local",
        TomlValueKind.LocalTime => "time-local",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string ValueText(TomlValue value) => value.Value switch
    {
        string text => text,
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        double number when double.IsNaN(number) => "nan",
        double number when double.IsPositiveInfinity(number) => "inf",
        double number when double.IsNegativeInfinity(number) => "-inf",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool boolean => boolean ? "true" : "false",
        TomlDateTime dateTime => dateTime.Text,
        var other => throw new ArgumentException($"unexpected scalar {other.GetType().Name}", nameof(value)),
    };

    private static JsonObject Tagged(string type, string value) => new() { ["type"] = type, ["value"] = value };
}
