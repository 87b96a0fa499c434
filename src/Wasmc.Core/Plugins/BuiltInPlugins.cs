using System.Reflection;

namespace Wasmc.Core.Plugins;

/// <summary>The plugins that ship with wasmc. They obey the same rules as third-party plugins: one assembly each, found by its <c>[assembly: WasmcPlugin]</c> attribute.</summary>
public static class BuiltInPlugins
{
    /// <summary>Assembly names of the built-in plugins; the tool deploys them next to itself.</summary>
    public static IReadOnlyList<string> AssemblyNames { get; } =
    [
        "Wasmc.Plugins.Rust",
        "Wasmc.Plugins.Cpp",
        "Wasmc.Plugins.Go",
        "Wasmc.Plugins.Js",
    ];

    /// <summary>
    /// Loads the built-in plugin assemblies into the host's context. An assembly that is not deployed
    /// becomes a warning instead of an exception, so one missing language does not stop the others.
    /// </summary>
    public static IReadOnlyList<Assembly> Assemblies(out IReadOnlyList<PluginWarning> warnings)
    {
        var assemblies = new List<Assembly>();
        var problems = new List<PluginWarning>();
        foreach (var name in AssemblyNames)
        {
            try
            {
                assemblies.Add(Assembly.Load(new AssemblyName(name)));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                problems.Add(new PluginWarning(PluginCatalog.BuiltInSource, PluginCatalog.BuiltInSource, $"assembly {name} could not be loaded: {e.Message}"));
            }
        }

        warnings = problems;
        return assemblies;
    }
}
