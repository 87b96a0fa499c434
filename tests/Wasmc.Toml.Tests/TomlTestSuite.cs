using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wasmc.TomlDecoder;

namespace Wasmc.Toml.Tests;

/// <summary>
/// The toml-test 1.1.0 suite: the case list in <c>toml-test/tests/files-toml-1.1.0</c>, and the checks a toml-test
/// runner makes (valid files decode to the tagged JSON next to them, invalid files are rejected).
/// </summary>
internal static partial class TomlTestSuite
{
    public const string Version = "1.1.0";

    // Stands in for the case list when the data is missing, so the theory fails with a clear message instead of having no rows.
    public const string MissingData = "<conformance data missing>";

    public static string TestsDirectory => Path.Combine(ConformanceData.Root, "toml-test", "tests");

    public static IEnumerable<string> Cases(string prefix)
    {
        var directory = ConformanceData.TryDirectory();
        var list = directory is null ? null : Path.Combine(directory, "toml-test", "tests", $"files-toml-{Version}");
        if (list is null || !File.Exists(list))
        {
            return [MissingData];
        }

        return File.ReadLines(list)
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(line => line[prefix.Length..^".toml".Length]);
    }

    /// <summary>Null when the valid case decodes to its JSON; otherwise what went wrong.</summary>
    public static string? CheckValid(string name)
    {
        var tomlPath = Path.Combine(TestsDirectory, "valid", name + ".toml");
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(TestsDirectory, "valid", name + ".json")));
        JsonNode actual;
        try
        {
            actual = TaggedJson.FromTable(TomlDocument.ParseUtf8(File.ReadAllBytes(tomlPath), $"valid/{name}.toml"));
        }
        catch (TomlException error)
        {
            return $"rejected: {error.Message}";
        }

        return Compare(expected, actual, "$");
    }

    /// <summary>Null when the invalid case is rejected with a <see cref="TomlException"/>; otherwise what went wrong.</summary>
    public static string? CheckInvalid(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestsDirectory, "invalid", name + ".toml"));
        try
        {
            var document = TomlDocument.ParseUtf8(bytes, $"invalid/{name}.toml");
            return $"accepted, decoded as {TaggedJson.FromTable(document).ToJsonString()}";
        }
        catch (TomlException)
        {
            return null;
        }
    }

    public static string? Compare(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject tagged when IsTagged(tagged):
                if (actual is not JsonObject actualTagged || !IsTagged(actualTagged))
                {
                    return $"{path}: expected {tagged.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
                }

                return CompareScalars(tagged, actualTagged, path);
            case JsonObject table:
                if (actual is not JsonObject actualTable || IsTagged(actualTable))
                {
                    return $"{path}: expected a table, got {actual?.ToJsonString() ?? "nothing"}";
                }

                var missing = table.Select(p => p.Key).Except(actualTable.Select(p => p.Key)).ToList();
                var extra = actualTable.Select(p => p.Key).Except(table.Select(p => p.Key)).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                {
                    return $"{path}: keys differ (missing: [{string.Join(", ", missing)}], unexpected: [{string.Join(", ", extra)}])";
                }

                foreach (var (key, value) in table)
                {
                    if (Compare(value, actualTable[key], $"{path}.{key}") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonArray array:
                if (actual is not JsonArray actualArray || actualArray.Count != array.Count)
                {
                    return $"{path}: expected an array of {array.Count}, got {actual?.ToJsonString() ?? "nothing"}";
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (Compare(array[i], actualArray[i], $"{path}[{i}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return $"{path}: unexpected JSON in the expected file: {expected?.ToJsonString()}";
        }
    }

    private static bool IsTagged(JsonObject node) =>
        node.Count == 2 && node["type"] is JsonValue type && type.GetValueKind() == System.Text.Json.JsonValueKind.String
        && node["value"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String;

    private static string? CompareScalars(JsonObject expected, JsonObject actual, string path)
    {
        var type = (string)expected["type"]!;
        var expectedValue = (string)expected["value"]!;
        var actualValue = (string)actual["value"]!;
        var actualType = (string)actual["type"]!;
        var same = type == actualType && type switch
        {
            "integer" => long.Parse(expectedValue, CultureInfo.InvariantCulture) == long.Parse(actualValue, CultureInfo.InvariantCulture),
            "float" => ParseFloat(expectedValue).Equals(ParseFloat(actualValue)),
            "datetime" or "datetime-local" or "date-local" or "time-local" => NormaliseDateTime(expectedValue) == NormaliseDateTime(actualValue),
            _ => expectedValue == actualValue,
        };
        return same ? null : $"{path}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}";
    }

    // double.Equals treats NaN as equal to NaN, which is what toml-test wants.
    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string NormaliseDateTime(string text) =>
        TrailingFractionZeros().Replace(text.ToUpperInvariant().Replace(' ', 'T'), match => match.Groups[1].Length == 0 ? "" : "." + match.Groups[1].Value);

    [GeneratedRegex(@"\.(\d*?)0*(?=$|[Z+-])")]
    private static partial Regex TrailingFractionZeros();
}
