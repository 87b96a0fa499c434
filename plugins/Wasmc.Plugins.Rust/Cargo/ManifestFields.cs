using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// Typed reads of manifest fields that fail with <c>file:line:col: what is wrong</c>, naming the field by its
/// dotted path (e.g. <c>'package.edition' must be a string, found an integer</c>).
/// </summary>
internal static class ManifestFields
{
    public static WasmcPluginException Error(TomlPosition position, string reason) => new($"{position}: {reason}");

    public static string? String(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var node))
        {
            return null;
        }

        return node is TomlValue { Value: string text } ? text : throw WrongType(node, Join(path, key), "a string");
    }

    public static bool? Boolean(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var node))
        {
            return null;
        }

        return node is TomlValue { Value: bool value } ? value : throw WrongType(node, Join(path, key), "a boolean");
    }

    public static long? Integer(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var node))
        {
            return null;
        }

        return node is TomlValue { Value: long value } ? value : throw WrongType(node, Join(path, key), "an integer");
    }

    public static TomlTable? Table(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var node))
        {
            return null;
        }

        return node as TomlTable ?? throw WrongType(node, Join(path, key), "a table");
    }

    public static IReadOnlyList<string> StringArray(TomlTable table, string key, string path) =>
        table.TryGetValue(key, out var node) ? StringArray(node, Join(path, key)) : [];

    public static IReadOnlyList<string> StringArray(TomlNode node, string path)
    {
        if (node is not TomlArray array)
        {
            throw WrongType(node, path, "an array of strings");
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            result.Add(item is TomlValue { Value: string text } ? text : throw WrongType(item, $"{path} element", "a string"));
        }

        return result;
    }

    /// <summary>
    /// Fails at the first key of <paramref name="table"/> that is not one of <paramref name="known"/>, listing them: for
    /// tables whose owner rejects unknown fields too (cargo-component's metadata), so a misplaced key never passes silently.
    /// </summary>
    public static void OnlyKeys(TomlTable table, string path, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var (key, _) in table)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(table.KeyPosition(key), $"'{Join(path, Key(key))}' is not a key of '{path}'; its keys: {string.Join(", ", known.Select(k => $"'{k}'"))}");
            }
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static WasmcPluginException WrongType(TomlNode node, string path, string expected) =>
        Error(node.Position, $"'{path}' must be {expected}, found {Describe(node)}");

    public static string Describe(TomlNode node) => node switch
    {
        TomlTable => "a table",
        TomlArray => "an array",
        TomlValue { Value: long } => "an integer",
        TomlValue value => $"a {value.KindName}",
        _ => "something else",
    };

    /// <summary>Quotes a key for a dotted path when it is not a bare key (<c>target.'cfg(unix)'.dependencies</c>).</summary>
    public static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : $"'{key}'";
}
