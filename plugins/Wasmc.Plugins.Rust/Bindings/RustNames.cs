using Wasmc.Bindings;

namespace Wasmc.Plugins.Rust.Bindings;

/// <summary>How WIT names are spelt in Rust: snake_case items, UpperCamelCase types, SCREAMING_SNAKE flags.</summary>
internal static class RustNames
{
    // Strict and reserved keywords of editions 2015-2024; `r#` makes them usable as identifiers.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
        "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
    };

    // These cannot be raw identifiers; wit-bindgen appends an underscore, and so do we.
    private static readonly HashSet<string> NotRaw = new(StringComparer.Ordinal) { "self", "Self", "super", "crate" };

    /// <summary>Functions, parameters, fields, modules: <c>get_value</c>, <c>r#type</c>.</summary>
    public static string Snake(string witName) => Escape(Identifiers.Snake(witName));

    /// <summary>Types, enum and variant cases: <c>HttpRequest</c>.</summary>
    public static string Type(string witName) => Escape(Identifiers.UpperCamel(witName));

    /// <summary>Flag constants: <c>READ_ONLY</c>.</summary>
    public static string Constant(string witName) => Escape(Identifiers.ScreamingSnake(witName));

    /// <summary>The bindings crate of a component: <c>calculator-component</c> → <c>calculator_component_bindings</c>.</summary>
    public static string BindingsCrate(string componentName) => Identifiers.Snake(componentName) + "_bindings";

    private static string Escape(string identifier) =>
        Identifiers.Escape(identifier, Keywords, keyword => NotRaw.Contains(keyword) ? keyword + "_" : "r#" + keyword);
}
