using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

/// <summary>Small readers for engine JSON, where any field may be missing or null.</summary>
internal static class Json
{
    public static string String(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    public static string? StringOrNull(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long Long(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;

    public static bool Bool(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static IReadOnlyList<string> Strings(JsonNode? node, string name) =>
        node?[name] is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : [];

    public static IReadOnlyDictionary<string, string> Map(JsonNode? node, string name) =>
        node?[name] is JsonObject map
            ? map.ToDictionary(pair => pair.Key, pair => pair.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>The scalar fields of an object as text (numbers and booleans in their JSON form); null when not an object.</summary>
    public static IReadOnlyDictionary<string, string>? Scalars(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(pair => pair.Value is JsonValue)
                .ToDictionary(
                    pair => pair.Key,
                    pair => pair.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : pair.Value!.ToJsonString(),
                    StringComparer.Ordinal)
            : null;

    public static DateTimeOffset? Time(JsonNode? node, string name) =>
        DateTimeOffset.TryParse(StringOrNull(node, name), System.Globalization.CultureInfo.InvariantCulture, out var time) ? time : null;

    public static JsonArray Array(IEnumerable<string> items) => [.. items.Select(item => (JsonNode)JsonValue.Create(item))];

    public static JsonObject Object(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value))));

    /// <summary>The <c>filters</c> query value: <c>{"label":["a=b","c"]}</c>, URL-encoded.</summary>
    public static string LabelFilter(IReadOnlyDictionary<string, string?>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "";
        }

        var filter = new JsonObject { ["label"] = Array(labels.Select(pair => pair.Value is null ? pair.Key : $"{pair.Key}={pair.Value}")) };
        return "filters=" + Uri.EscapeDataString(filter.ToJsonString());
    }
}
