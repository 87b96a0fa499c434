using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>
/// One table of the manifest and how to name it in messages; reads typed keys and reports
/// wrong types, missing keys and unknown keys against it.
/// </summary>
/// <param name="Table">The TOML table.</param>
/// <param name="Name">How the table is named in messages (<c>[[components]] 'calculator'</c>).</param>
/// <param name="Diagnostics">Where problems go.</param>
internal sealed record Section(TomlTable Table, string Name, DiagnosticBag Diagnostics)
{
    /// <summary>"in [workspace]", or "at the top level" for the root.</summary>
    public string Where => Table.Kind == TomlTable.TableKind.Root ? "at the top level" : $"in {Name}";

    public TomlPosition Position => Table.Position;

    public bool Has(string key) => Table.ContainsKey(key);

    public TomlPosition KeyPosition(string key) => Table.KeyPosition(key);

    public TomlPosition ValuePosition(string key) => Table[key].Position;

    public void RejectUnknownKeys(IReadOnlyList<string> allowed)
    {
        foreach (var key in Table.Keys)
        {
            if (allowed.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var hint = Suggestions.Closest(key, allowed) is { } suggestion
                ? $"; did you mean '{suggestion}'?"
                : $"; expected one of {Suggestions.QuotedList(allowed)}";
            Diagnostics.Error(DiagnosticCodes.UnknownKey, Table.KeyPosition(key), $"unknown key '{key}' {Where}{hint}");
        }
    }

    public void ReportMissing(string key) =>
        Diagnostics.Error(DiagnosticCodes.MissingKey, Table.Position, $"{Name} is missing required key '{key}'");

    public void ReportWrongType(string key, string expected, TomlNode found) =>
        Diagnostics.Error(
            DiagnosticCodes.WrongType,
            found.Position,
            $"'{key}' {Where} must be {expected}, found {TomlShapes.Describe(found)}");

    public string? String(string key, bool required = false)
    {
        var value = Scalar<string>(key, "a string", required);
        if (value is null)
        {
            return null;
        }

        var text = (string)value.Value;
        if (text.Length == 0)
        {
            Diagnostics.Error(DiagnosticCodes.InvalidValue, value.Position, $"'{key}' {Where} must not be empty");
            return null;
        }

        return text;
    }

    public bool? Boolean(string key) => (bool?)Scalar<bool>(key, "a boolean", required: false)?.Value;

    public TomlTable? SubTable(string key, string expected = "a table")
    {
        if (!Table.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is TomlTable table)
        {
            return table;
        }

        ReportWrongType(key, expected, node);
        return null;
    }

    /// <summary>An array of strings, each with its position; null (after reporting) when absent or mistyped.</summary>
    public IReadOnlyList<(string Text, TomlPosition Position)>? StringList(string key)
    {
        if (!Table.TryGetValue(key, out var node))
        {
            return null;
        }

        return TomlShapes.AsStringList(node) ?? ReportList(key, node);
    }

    private IReadOnlyList<(string, TomlPosition)>? ReportList(string key, TomlNode node)
    {
        // Point at the offending element when the array itself is fine.
        var culprit = node is TomlArray array ? array.FirstOrDefault(e => e is not TomlValue { Value: string }) ?? node : node;
        var found = culprit == node ? TomlShapes.Describe(node) : $"{TomlShapes.Describe(culprit)} in the array";
        Diagnostics.Error(DiagnosticCodes.WrongType, culprit.Position, $"'{key}' {Where} must be an array of strings, found {found}");
        return null;
    }

    private TomlValue? Scalar<T>(string key, string expected, bool required)
    {
        if (!Table.TryGetValue(key, out var node))
        {
            if (required)
            {
                ReportMissing(key);
            }

            return null;
        }

        if (node is TomlValue { Value: T } value)
        {
            return value;
        }

        ReportWrongType(key, expected, node);
        return null;
    }
}

internal static class TomlShapes
{
    /// <summary>The type of a node as TOML users name it: "integer", "table", "array".</summary>
    public static string Describe(TomlNode node) => node switch
    {
        TomlTable => "table",
        TomlArray { IsArrayOfTables: true } => "array of tables",
        TomlArray => "array",
        TomlValue value => value.KindName,
        _ => node.GetType().Name,
    };

    public static IReadOnlyList<(string Text, TomlPosition Position)>? AsStringList(TomlNode node)
    {
        if (node is not TomlArray array)
        {
            return null;
        }

        var items = new List<(string, TomlPosition)>();
        foreach (var element in array)
        {
            if (element is not TomlValue { Value: string text } value)
            {
                return null;
            }

            items.Add((text, value.Position));
        }

        return items;
    }
}
