using System.Reflection;
using System.Runtime.Loader;

namespace Wasmc.Core.Plugins.Internal;

/// <summary>
/// One third-party plugin's load context. It shares only the plugin contract, Tomlyn and the guest bindings core
/// with the WIT model it works on (and, by falling back to the default context, the framework) with the host; everything else the plugin depends on resolves
/// from its own files, so two plugins can use different versions of the same library.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    // Tomlyn is shared so that every plugin reads TOML (Cargo.toml, pyproject.toml, ...) as the host does: TOML 1.1,
    // one parser, one set of rules, and one copy loaded. Wasmc.Bindings (and Wasmc.Wit, whose model its API
    // exposes) are shared so that a plugin generating guest bindings walks the world, names items and lays out
    // the canonical ABI exactly as wasmc's own checks and test runners read the same WIT.
    private static readonly HashSet<string> SharedAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        typeof(Wasmc.Plugins.Abstractions.ILanguagePlugin).Assembly.GetName().Name!,
        typeof(Tomlyn.Parsing.SyntaxParser).Assembly.GetName().Name!,
        typeof(Wasmc.Bindings.BindingsWorld).Assembly.GetName().Name!,
        typeof(Wasmc.Wit.WitLoader).Assembly.GetName().Name!,
        // Wasmc.Wit reads its files through Wasmc.Toml (strict UTF-8, regular files of bounded size), so it comes along.
        typeof(Wasmc.Toml.TomlDocument).Assembly.GetName().Name!,
    };

    private readonly IReadOnlyDictionary<string, string> _knownAssemblies;
    private readonly IReadOnlyList<string> _probeFolders;
    private readonly AssemblyDependencyResolver? _resolver;

    /// <param name="name">Context name (the plugin source), visible in diagnostics.</param>
    /// <param name="mainAssemblyPath">The plugin assembly; its <c>.deps.json</c>, when present, drives resolution.</param>
    /// <param name="knownAssemblies">Simple assembly name to file, e.g. from a NuGet assets file.</param>
    /// <param name="probeFolders">Folders searched for <c>Name.dll</c> last.</param>
    public PluginLoadContext(string name, string mainAssemblyPath, IReadOnlyDictionary<string, string> knownAssemblies, IReadOnlyList<string> probeFolders)
        : base(name, isCollectible: false)
    {
        _knownAssemblies = knownAssemblies;
        _probeFolders = probeFolders;
        if (File.Exists(Path.ChangeExtension(mainAssemblyPath, ".deps.json")))
        {
            _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        }
    }

    public static bool IsShared(string assemblyName) => SharedAssemblies.Contains(assemblyName);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || IsShared(name))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null && _knownAssemblies.TryGetValue(name, out var known))
        {
            path = known;
        }

        path ??= _probeFolders.Select(folder => Path.Combine(folder, name + ".dll")).FirstOrDefault(File.Exists);

        // Not ours: the framework, resolved by the default context.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
