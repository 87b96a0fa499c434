using System.Globalization;
using System.Text.RegularExpressions;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Shared;

/// <summary>Names derived from a component name: WIT identifiers, crate and file names.</summary>
internal static partial class ComponentNames
{
    // WIT keywords cannot name a world without %-escaping; such components get a suffixed world name instead.
    private static readonly HashSet<string> WitKeywords = new(StringComparer.Ordinal)
    {
        "as", "async", "bool", "borrow", "char", "constructor", "enum", "export", "f32", "f64", "flags", "from",
        "func", "future", "import", "include", "interface", "list", "option", "own", "package", "record",
        "resource", "result", "s16", "s32", "s64", "s8", "static", "stream", "string", "tuple", "type",
        "u16", "u32", "u64", "u8", "use", "variant", "with", "world", "error-context",
    };

    /// <summary>Throws unless <paramref name="name"/> is a WIT-compatible kebab-case name (<c>my-calc</c>).</summary>
    public static void Validate(string name)
    {
        if (!KebabName().IsMatch(name))
        {
            throw new WasmcPluginException(
                $"component name '{name}' is not valid: use lowercase kebab-case words that start with a letter (e.g. 'my-calc')");
        }
    }

    /// <summary>The world name for a component, distinct from the template's interface name (WIT forbids the clash).</summary>
    public static string World(string componentName, string interfaceName) =>
        componentName == interfaceName || WitKeywords.Contains(componentName) ? componentName + "-component" : componentName;

    /// <summary><c>my-calc</c> → <c>my_calc</c>.</summary>
    public static string Snake(string name) => name.Replace('-', '_');

    /// <summary><c>my-calc</c> → <c>MyCalc</c>.</summary>
    public static string Pascal(string name) =>
        string.Concat(name.Split('-', '_').Where(part => part.Length > 0)
            .Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabName();
}
