using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>Which dependency table a dependency comes from.</summary>
internal enum CargoDependencyKind
{
    /// <summary><c>[dependencies]</c>.</summary>
    Normal,

    /// <summary><c>[dev-dependencies]</c>.</summary>
    Development,

    /// <summary><c>[build-dependencies]</c>.</summary>
    Build,
}

/// <summary>Where a dependency's code comes from.</summary>
internal enum CargoDependencySource
{
    /// <summary>A registry (crates.io unless <see cref="CargoDependency.Registry"/> says otherwise).</summary>
    Registry,

    /// <summary>A local directory.</summary>
    Path,

    /// <summary>A git repository.</summary>
    Git,
}

/// <summary>
/// One dependency in any of its spellings (<c>serde = "1"</c>, a table with version/features/optional/default-features,
/// path, git with branch/tag/rev, or <c>workspace = true</c>). Inherited dependencies are already merged with
/// <c>[workspace.dependencies]</c>: <see cref="InheritedFromWorkspace"/> tells them apart.
/// </summary>
internal sealed record CargoDependency
{
    /// <summary>The key in the dependency table (the name the code uses, after a rename).</summary>
    public required string Name { get; init; }

    /// <summary>The crate's real name: <c>package = "..."</c> when renamed, else <see cref="Name"/>.</summary>
    public required string PackageName { get; init; }

    public required CargoDependencyKind Kind { get; init; }

    /// <summary>The platform of a <c>[target.'cfg(...)'.dependencies]</c> table (a <c>cfg(...)</c> expression or a target triple); null for all platforms.</summary>
    public string? Platform { get; init; }

    /// <summary>The version requirement, e.g. <c>"1.0"</c> or <c>"^0.36"</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The path as written (relative to the manifest that wrote it: the workspace root for inherited dependencies).</summary>
    public string? Path { get; init; }

    /// <summary><see cref="Path"/> made absolute against the directory of the manifest that wrote it.</summary>
    public string? FullPath { get; init; }

    public string? Git { get; init; }

    public string? Branch { get; init; }

    public string? Tag { get; init; }

    public string? Rev { get; init; }

    public string? Registry { get; init; }

    public IReadOnlyList<string> Features { get; init; } = [];

    public bool Optional { get; init; }

    public bool DefaultFeatures { get; init; } = true;

    /// <summary>Written as <c>workspace = true</c> and completed from <c>[workspace.dependencies]</c>.</summary>
    public bool InheritedFromWorkspace { get; init; }

    /// <summary>Where the dependency's key was written (in the member manifest, for inherited dependencies).</summary>
    public required TomlPosition Position { get; init; }

    public CargoDependencySource Source =>
        Path is not null ? CargoDependencySource.Path
        : Git is not null ? CargoDependencySource.Git
        : CargoDependencySource.Registry;
}
