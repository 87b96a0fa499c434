using System.Reflection;

namespace Wasmc.Core.Plugins;

/// <summary>What <see cref="PluginCatalog.LoadAsync"/> loads and how it restores NuGet packages.</summary>
public sealed record PluginCatalogOptions
{
    /// <summary>Assemblies of the built-in plugins, already loaded in the host (see <see cref="BuiltInPlugins.Assemblies"/>).</summary>
    public IReadOnlyList<Assembly> BuiltInAssemblies { get; init; } = [];

    /// <summary>Third-party plugins, in priority order (workspace first, then user configuration).</summary>
    public IReadOnlyList<PluginReference> References { get; init; } = [];

    /// <summary>
    /// The folder whose <c>nuget.config</c> (found by walking up from it) configures package sources,
    /// usually the workspace root. <see langword="null"/>: NuGet's user-level configuration.
    /// </summary>
    public string? NuGetConfigRoot { get; init; }

    /// <summary>Package sources added to the configured ones (a local folder feed, for instance).</summary>
    public IReadOnlyList<string> ExtraSources { get; init; } = [];

    /// <summary>The global packages folder to restore into; <see langword="null"/> uses NuGet's (<c>NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>).</summary>
    public string? GlobalPackagesFolder { get; init; }

    /// <summary>Where restore projects and resolved package lists are cached; <see langword="null"/> uses <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The <c>dotnet</c> executable used for restores; <see langword="null"/> finds it (<c>DOTNET_HOST_PATH</c>, then the running host, then PATH).</summary>
    public string? DotnetPath { get; init; }

    /// <summary><c>$XDG_CACHE_HOME/wasmc/plugins</c>, or <c>~/.cache/wasmc/plugins</c>.</summary>
    public static string DefaultCacheDirectory => System.IO.Path.Combine(Wasmc.Containers.WasmcUserCache.Folder, "plugins");
}
