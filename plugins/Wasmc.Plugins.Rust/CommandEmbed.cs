using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Shared;
using Wasmc.Wit;

namespace Wasmc.Plugins.Rust;

/// <summary>
/// The WIT embedded in a binary crate's core module. A <c>fn main</c> module exports <c>_start</c>, and the bundle's WASI
/// command adapter turns that into the component's <c>wasi:cli/run</c> export; <c>component new</c> checks the embedded
/// world against the main module's own exports, so the world embedded is the component's world without its
/// <c>wasi:cli/run</c> export (its imports, which the bindings crate calls, stay). The file is self-contained (every
/// package nested, shipped WASI included), staged in scratch like <see cref="EmbedWits"/>'s.
/// </summary>
internal static class CommandEmbed
{
    /// <exception cref="WasmcPluginException">The world exports something other than <c>wasi:cli/run</c>, or not that, located at the world.</exception>
    public static EmbedWit For(BuildRequest request, BindingsWorld world, string binary)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(world);
        var resolve = world.Resolve;
        var witWorld = world.World;
        var where = witWorld.Span is { } span ? $"{span}: " : "";
        var exports = witWorld.Exports.Select(e => (Name: WitLoader.WorldKeyName(resolve, e.Key), IsRun: IsCliRun(resolve, e.Value))).ToList();
        var others = exports.Where(e => !e.IsRun).Select(e => $"'{e.Name}'").ToList();
        if (others.Count > 0)
        {
            throw new WasmcPluginException(
                $"{where}world '{witWorld.Name}' exports {string.Join(", ", others)}, but the crate builds the binary '{binary}' (fn main), a command whose only export is " +
                $"wasi:cli/run (docs/languages/rust.md, \"Binary crates\"): export functions from a library crate ([lib] crate-type = [\"cdylib\"], src/lib.rs)");
        }

        var run = exports.Select(e => e.Name).SingleOrDefault()
            ?? throw new WasmcPluginException(
                $"{where}world '{witWorld.Name}' does not export wasi:cli/run, but the crate builds the binary '{binary}' (fn main), which is a command: " +
                $"add `export {CommandTemplate.RunInterface};` to the world");

        var packageId = witWorld.PackageId ?? throw new WasmcPluginException($"{where}world '{witWorld.Name}' belongs to no package");
        var staged = PlanSupport.Join(request.Paths.Scratch, $"wasmc/wit/{request.Component.Name}.wit");
        var text = WithoutExport(WitPrinter.PrintAll(resolve, packageId), witWorld.Name, run);
        Verify(text, staged, witWorld);
        return new EmbedWit(staged, new PlanFile(staged, text));
    }

    private static bool IsCliRun(Resolve resolve, WorldItem item) =>
        item is WorldItem.InterfaceItem { InterfaceId: var id }
        && resolve.Interfaces[id] is { Name: "run", PackageId: { } package }
        && resolve.Packages[package].Name.NameWithoutVersion == "wasi:cli";

    /// <summary>The printed text with the line <c>export RUN;</c> taken out of the world's block (the printer writes one item per line).</summary>
    private static string WithoutExport(string text, string worldName, string run)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l == $"world {worldName} {{" || l == $"world %{worldName} {{");
        var end = start < 0 ? -1 : lines.FindIndex(start, l => l == "}");
        var export = start < 0 || end < 0 ? -1 : lines.FindIndex(start, end - start, l => l.Trim() == $"export {run};");
        if (export >= 0)
        {
            lines.RemoveAt(export);
        }

        return string.Join('\n', lines);
    }

    // The text is checked, not trusted: the world must read back with its imports and without any export.
    private static void Verify(string text, string staged, WitWorld original)
    {
        string problem;
        try
        {
            var loaded = WitLoader.LoadText(text, staged);
            var world = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, original.Name);
            if (world.Exports.Count == 0 && world.Imports.Count == original.Imports.Count)
            {
                return;
            }

            problem = $"it reads back with {world.Exports.Count} exports and {world.Imports.Count} of {original.Imports.Count} imports";
        }
        catch (WitException e)
        {
            problem = e.Message;
        }

        throw new WasmcPluginException(
            $"wasmc could not write world '{original.Name}' without its wasi:cli/run export for the command adapter ({problem}); this is a wasmc bug, please report it with the component's WIT");
    }
}
