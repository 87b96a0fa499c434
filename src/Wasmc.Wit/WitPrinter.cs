using Wasmc.Wit.Internal.Printing;

namespace Wasmc.Wit;

/// <summary>
/// Prints packages of a <see cref="Resolve"/> as normalised WIT text, in the layout of
/// <c>wasm-tools component wit</c>. The text parses back to the same interfaces, worlds, types and
/// functions: <c>use</c> statements name their interface (<c>wasi:io/streams@0.2.0.{error}</c>),
/// docs become <c>///</c> comments, gates become <c>@since</c>/<c>@unstable</c>/<c>@deprecated</c>.
/// </summary>
public static class WitPrinter
{
    /// <summary>One package (<c>package ns:name;</c> and its items); its dependencies are referred to by name.</summary>
    public static string Print(Resolve resolve, int packageId) => Print(resolve, packageId, []);

    /// <summary>
    /// A package followed by other packages as nested <c>package ns:name { ... }</c> blocks, so that
    /// one text holds the package and the dependencies it needs.
    /// </summary>
    public static string Print(Resolve resolve, int packageId, IEnumerable<int> nestedPackageIds)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(nestedPackageIds);
        var printer = new PackagePrinter(resolve);
        printer.PrintPackage(packageId, isMain: true);
        foreach (var nested in nestedPackageIds)
        {
            printer.BlankLine();
            printer.PrintPackage(nested, isMain: false);
        }

        return printer.Text;
    }

    /// <summary>
    /// The package and every other package of the resolve (nested, in dependency order): a
    /// self-contained text that <see cref="WitLoader.LoadText(string, string)"/> reads back to the same resolve.
    /// </summary>
    public static string PrintAll(Resolve resolve, int packageId)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return Print(resolve, packageId, resolve.Packages.Select(p => p.Id).Where(id => id != packageId));
    }
}
