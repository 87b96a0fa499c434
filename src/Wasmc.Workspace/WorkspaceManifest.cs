using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;

namespace Wasmc.Workspace;

/// <summary>
/// A valid <c>wasmc.toml</c>: every reference in it is resolved and checked, so the build can use
/// it without further validation. Obtain one from <see cref="ManifestLoader.Load"/>.
/// </summary>
public sealed class WorkspaceManifest
{
    private readonly Dictionary<string, BundleInstance> _bundlesByName;
    private readonly Dictionary<string, BuildProfile> _profilesByName;

    internal WorkspaceManifest(
        string manifestPath,
        string defaultProfile,
        string? defaultBundle,
        string outputPath,
        IReadOnlyList<BundleInstance> bundles,
        IReadOnlyList<ComponentEntry> components,
        IReadOnlyList<BuildProfile> profiles,
        IReadOnlyList<PluginReference> plugins)
    {
        ManifestPath = manifestPath;
        RootDirectory = Path.GetDirectoryName(manifestPath)!;
        DefaultProfile = defaultProfile;
        DefaultBundle = defaultBundle;
        OutputPath = outputPath;
        OutputDirectory = Path.GetFullPath(Path.Combine(RootDirectory, outputPath));
        Bundles = bundles;
        Components = components;
        Profiles = profiles;
        Plugins = plugins;
        _bundlesByName = bundles.ToDictionary(b => b.Name, StringComparer.Ordinal);
        _profilesByName = profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The manifest file name.</summary>
    public const string FileName = "wasmc.toml";

    /// <summary>Absolute path of the workspace root (the folder holding <c>wasmc.toml</c>).</summary>
    public string RootDirectory { get; }

    /// <summary>Absolute path of <c>wasmc.toml</c>.</summary>
    public string ManifestPath { get; }

    /// <summary>The profile used when none is asked for (<c>[workspace] default-profile</c>, default <c>debug</c>).</summary>
    public string DefaultProfile { get; }

    /// <summary>The bundle instance used by components that name none (<c>[workspace] default-bundle</c>), if set.</summary>
    public string? DefaultBundle { get; }

    /// <summary>Where artifacts go, relative to the root as written (default <c>target/wasmc</c>).</summary>
    public string OutputPath { get; }

    /// <summary>Absolute path of the artifact folder.</summary>
    public string OutputDirectory { get; }

    /// <summary>Bundle instances, in document order.</summary>
    public IReadOnlyList<BundleInstance> Bundles { get; }

    /// <summary>Components, in document order.</summary>
    public IReadOnlyList<ComponentEntry> Components { get; }

    /// <summary>Every profile (built-in <c>debug</c> and <c>release</c> first), with <c>inherits</c> resolved.</summary>
    public IReadOnlyList<BuildProfile> Profiles { get; }

    /// <summary>Third-party plugins to load, in document order.</summary>
    public IReadOnlyList<PluginReference> Plugins { get; }

    /// <summary>The component named <paramref name="name"/>, or null.</summary>
    public ComponentEntry? FindComponent(string name) =>
        Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The bundle instance <paramref name="component"/> builds with.</summary>
    public BundleInstance BundleFor(ComponentEntry component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return _bundlesByName[component.BundleInstance];
    }

    /// <summary>The published bundle name <paramref name="component"/> builds with (e.g. <c>trixie-2026.11</c>).</summary>
    public string PublishedBundleFor(ComponentEntry component) => BundleFor(component).Bundle;

    /// <summary>The profiles <paramref name="component"/> builds in: its <c>profiles</c> list, or every profile.</summary>
    public IReadOnlyList<string> ProfilesFor(ComponentEntry component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.Profiles ?? Profiles.Select(p => p.Name).ToList();
    }

    /// <summary>Whether <paramref name="component"/> takes part in a build with <paramref name="profile"/>.</summary>
    public bool BuildsIn(ComponentEntry component, string profile) =>
        ProfilesFor(component).Contains(profile, StringComparer.Ordinal);

    /// <summary>Whether a profile of that name exists.</summary>
    public bool HasProfile(string name) => _profilesByName.ContainsKey(name);

    /// <summary>The resolved profile <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such profile.</exception>
    public BuildProfile GetProfile(string name) =>
        _profilesByName.TryGetValue(name, out var profile)
            ? profile
            : throw new ArgumentException(
                $"unknown profile '{name}'; profiles: {string.Join(", ", Profiles.Select(p => p.Name))}", nameof(name));

    /// <summary>The profile <paramref name="name"/> as a plugin sees it, with the flags for <paramref name="language"/>.</summary>
    /// <exception cref="ArgumentException">No such profile.</exception>
    public ProfileSpec ResolveProfile(string name, string language) => GetProfile(name).ToSpec(language);
}

/// <summary>A named bundle instance: a local name (<c>p2</c>) for a published bundle (<c>trixie-2026.11</c>).</summary>
/// <param name="Name">The local name, the key under <c>[bundles]</c>.</param>
/// <param name="Bundle">The published bundle name.</param>
/// <param name="Wasi">The WASI levels the published bundle supports.</param>
/// <param name="Position">Where the instance is declared.</param>
public sealed record BundleInstance(string Name, string Bundle, IReadOnlyList<WasiLevel> Wasi, TomlPosition Position);

/// <summary>A <c>[[components]]</c> entry, with its bundle instance resolved.</summary>
public sealed record ComponentEntry
{
    /// <summary>Unique component name.</summary>
    public required string Name { get; init; }

    /// <summary>Language id of the plugin that builds it.</summary>
    public required string Language { get; init; }

    /// <summary>Component folder relative to the workspace root, with <c>/</c> separators.</summary>
    public required string Path { get; init; }

    /// <summary>Absolute path of the component folder.</summary>
    public required string FullPath { get; init; }

    /// <summary>WIT folder relative to the component folder, with <c>/</c> separators (default <c>wit</c>).</summary>
    public required string WitPath { get; init; }

    /// <summary>Absolute path of the WIT folder.</summary>
    public required string WitFullPath { get; init; }

    /// <summary>The world the component implements.</summary>
    public required string World { get; init; }

    /// <summary>The bundle instance it builds with (given, or picked from <see cref="Wasi"/> or the default).</summary>
    public required string BundleInstance { get; init; }

    /// <summary>The WASI level asked for with <c>wasi = ...</c>, if any.</summary>
    public WasiLevel? Wasi { get; init; }

    /// <summary>The profiles it builds in; null means all.</summary>
    public IReadOnlyList<string>? Profiles { get; init; }

    /// <summary>Language-specific options: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or a list of strings.</summary>
    public required IReadOnlyDictionary<string, object> Options { get; init; }

    /// <summary>The test runner (<c>runner</c>: <c>wasmtime</c> or <c>jco</c>); null means the default, Wasmtime in process.</summary>
    public string? Runner { get; init; }

    /// <summary>Where the entry starts (its <c>[[components]]</c> header).</summary>
    public required TomlPosition Position { get; init; }

    /// <summary>The component as the plugin contract describes it.</summary>
    public ComponentSpec ToSpec() => new(Name, Language, Path, WitPath, World, Options);
}

/// <summary>A build profile with <c>inherits</c> resolved.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Inherits">The parent profile, for custom profiles.</param>
/// <param name="Optimize">Whether optimisations are on.</param>
/// <param name="DebugInfo">Whether debug info is kept.</param>
/// <param name="Strip">Whether custom sections are stripped.</param>
/// <param name="Flags">Extra flags per language id.</param>
public sealed record BuildProfile(
    string Name,
    string? Inherits,
    bool Optimize,
    bool DebugInfo,
    bool Strip,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Flags)
{
    /// <summary>The built-in development profile.</summary>
    public const string Debug = "debug";

    /// <summary>The built-in optimised profile.</summary>
    public const string Release = "release";

    /// <summary>The extra flags for <paramref name="language"/> (empty when none).</summary>
    public IReadOnlyList<string> FlagsFor(string language) =>
        Flags.TryGetValue(language, out var flags) ? flags : [];

    /// <summary>The profile as a plugin of <paramref name="language"/> sees it.</summary>
    public ProfileSpec ToSpec(string language) => new(Name, Optimize, DebugInfo, Strip, FlagsFor(language));
}

/// <summary>A <c>[[plugins]]</c> entry: a NuGet package or a folder of built assemblies.</summary>
/// <param name="PackageId">NuGet package id, for package plugins.</param>
/// <param name="Version">Exact package version, for package plugins.</param>
/// <param name="FolderPath">Absolute folder path, for folder plugins.</param>
/// <param name="Position">Where the entry starts.</param>
public sealed record PluginReference(string? PackageId, string? Version, string? FolderPath, TomlPosition Position)
{
    /// <summary>Whether the plugin comes from a NuGet package (otherwise from <see cref="FolderPath"/>).</summary>
    public bool IsPackage => PackageId is not null;
}
