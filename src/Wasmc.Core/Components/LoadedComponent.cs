using System.Text.RegularExpressions;
using Wasmtime;
using Wasmtime.Components;

namespace Wasmc.Core.Components;

/// <summary>
/// A compiled component and the linkers that instantiate it: WASI 0.2 from Wasmtime, and, for imports
/// Wasmtime does not provide, functions that trap when called (so a componentize-js component that
/// imports <c>wasi:http</c> but never uses it still runs).
/// </summary>
public sealed partial class LoadedComponent : IDisposable
{
    private readonly ComponentRuntime _runtime;
    private ComponentLinker? _wasi;
    private ComponentLinker? _trapping;
    private bool? _needsTraps;

    internal LoadedComponent(ComponentRuntime runtime, Component component, string path, CompileSource source)
    {
        _runtime = runtime;
        Component = component;
        Path = path;
        Source = source;
    }

    /// <summary>The <c>.wasm</c> file.</summary>
    public string Path { get; }

    /// <summary>Compiled now, or read from the compiled-component cache.</summary>
    public CompileSource Source { get; }

    internal Component Component { get; }

    internal Engine Engine => _runtime.Engine;

    /// <summary>
    /// Imports other than WASI fail instantiation with a message naming them, unless this is set: then
    /// they are linked to functions that trap when called (<c>--trap-unknown-imports</c>).
    /// </summary>
    public bool TrapUnknownImports { get; set; }

    /// <summary>True for the WASI packages: Wasmtime provides most of them; the others (wasi:http) trap when called.</summary>
    public static bool IsWasi(string importName) => importName.StartsWith("wasi:", StringComparison.Ordinal);

    /// <summary>Instantiates the component in <paramref name="store"/> (whose WASI configuration must be set).</summary>
    /// <exception cref="ComponentLoadException">An import is neither WASI nor allowed to trap.</exception>
    internal ComponentInstance Instantiate(Store store)
    {
        if (_needsTraps != true)
        {
            _wasi ??= NewLinker(trapping: false);
            try
            {
                var instance = _wasi.Instantiate(store, Component);
                _needsTraps = false;
                return instance;
            }
            catch (WasmtimeException e) when (MissingImport(e.Message) is { } missing)
            {
                if (!IsWasi(missing) && !TrapUnknownImports)
                {
                    throw new ComponentLoadException(
                        $"the component imports '{missing}', which is not WASI 0.2: wasmc links only WASI (use --trap-unknown-imports to link the others as functions that trap)", e);
                }

                _needsTraps = true;
            }
        }

        _trapping ??= NewLinker(trapping: true);
        return _trapping.Instantiate(store, Component);
    }

    private ComponentLinker NewLinker(bool trapping)
    {
        var linker = new ComponentLinker(_runtime.Engine);
        linker.AddWasiPreview2();
        if (trapping)
        {
            linker.DefineUnknownImportsAsTraps(Component);
        }

        return linker;
    }

    /// <summary>The import Wasmtime could not satisfy, from its instantiation error; or null.</summary>
    internal static string? MissingImport(string message) =>
        MissingImportPattern().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    [GeneratedRegex(@"component imports (?:instance|function|resource|type|module|component) `(?<name>[^`]+)`")]
    private static partial Regex MissingImportPattern();

    public void Dispose()
    {
        _wasi?.Dispose();
        _trapping?.Dispose();
        Component.Dispose();
    }
}
