namespace Wasmc.Wit;

/// <summary>Entry points for reading WIT from disk or from text.</summary>
public static class WitLoader
{
    /// <summary>
    /// Loads a <c>.wit</c> file, or a folder of <c>.wit</c> files with an optional <c>deps/</c>
    /// folder (<c>deps/&lt;name&gt;/</c> folders and <c>deps/&lt;name&gt;.wit</c> files).
    /// </summary>
    /// <exception cref="WitException">The WIT is invalid; the message carries <c>file:line:col</c>.</exception>
    public static LoadedPackage Load(string path) => throw new NotImplementedException();

    /// <summary>Parses and resolves WIT source text with no dependencies other than nested packages.</summary>
    public static LoadedPackage LoadText(string text, string fileName = "<input>") => throw new NotImplementedException();

    /// <summary>
    /// Picks a world like wasm-tools' <c>select_world</c>: by plain name in the package
    /// (<c>"calculator"</c>), by qualified name (<c>"ns:pkg/world"</c>), or the only world when null.
    /// </summary>
    public static WitWorld SelectWorld(Resolve resolve, int packageId, string? worldName) => throw new NotImplementedException();

    /// <summary>The interface's name as used in component imports/exports, e.g. <c>calculator:math/calculator@1.0.0</c>.</summary>
    public static string InterfaceQualifiedName(Resolve resolve, int interfaceId) => throw new NotImplementedException();
}
