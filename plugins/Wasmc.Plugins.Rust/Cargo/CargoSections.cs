using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary><c>[package]</c> with every <c>field.workspace = true</c> already replaced by the value from <c>[workspace.package]</c>.</summary>
internal sealed record CargoPackage
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>The Rust edition (<c>2015</c>, <c>2018</c>, <c>2021</c>, <c>2024</c>); null when not set (Cargo then uses 2015).</summary>
    public string? Edition { get; init; }

    public string? RustVersion { get; init; }

    public string? Description { get; init; }

    public string? License { get; init; }

    public string? Repository { get; init; }

    public string? Homepage { get; init; }

    public string? Documentation { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = [];

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary><c>publish = false</c> (or an empty registry list) makes this false.</summary>
    public bool Publish { get; init; } = true;

    /// <summary>The build script (<c>build = "build.rs"</c>); null when not set.</summary>
    public string? Build { get; init; }

    /// <summary>Names of the fields that were inherited from <c>[workspace.package]</c>, e.g. <c>version</c>, <c>edition</c>.</summary>
    public IReadOnlyList<string> InheritedFields { get; init; } = [];

    /// <summary>Where <c>[package]</c> starts.</summary>
    public required TomlPosition Position { get; init; }
}

/// <summary><c>[lib]</c>.</summary>
internal sealed record CargoLibrary
{
    /// <summary>The library name as written; null when <c>[lib]</c> does not set it.</summary>
    public string? Name { get; init; }

    /// <summary><c>crate-type</c>, e.g. <c>["cdylib"]</c>; empty when not set (Cargo then builds an <c>rlib</c>).</summary>
    public IReadOnlyList<string> CrateTypes { get; init; } = [];

    public string? Path { get; init; }

    public required TomlPosition Position { get; init; }
}

/// <summary>One <c>[[bin]]</c> table.</summary>
internal sealed record CargoBinary
{
    /// <summary>The binary's name (cargo requires it); also the file name of what cargo builds, hyphens kept.</summary>
    public required string Name { get; init; }

    /// <summary><c>path</c> as written; null for cargo's default (<c>src/main.rs</c> for the package's name, else <c>src/bin/NAME.rs</c>).</summary>
    public string? Path { get; init; }

    public required TomlPosition Position { get; init; }
}

/// <summary>One <c>[profile.NAME]</c> table. Fields are null when the profile leaves them to its parent or Cargo's defaults.</summary>
internal sealed record CargoProfile
{
    public required string Name { get; init; }

    /// <summary><c>opt-level</c> as text: <c>"0"</c>..<c>"3"</c>, <c>"s"</c> or <c>"z"</c> (TOML may write an integer or a string).</summary>
    public string? OptLevel { get; init; }

    /// <summary><c>debug</c> as text: <c>true</c>/<c>false</c>, <c>0</c>..<c>2</c> or a named level such as <c>line-tables-only</c>.</summary>
    public string? Debug { get; init; }

    /// <summary><c>strip</c> as text: <c>true</c>/<c>false</c>, <c>none</c>, <c>debuginfo</c> or <c>symbols</c>.</summary>
    public string? Strip { get; init; }

    /// <summary><c>lto</c> as text: <c>true</c>/<c>false</c>, <c>fat</c>, <c>thin</c> or <c>off</c>.</summary>
    public string? Lto { get; init; }

    public int? CodegenUnits { get; init; }

    /// <summary><c>panic</c>: <c>unwind</c> or <c>abort</c>.</summary>
    public string? Panic { get; init; }

    public bool? DebugAssertions { get; init; }

    public bool? OverflowChecks { get; init; }

    public bool? Incremental { get; init; }

    /// <summary>The profile this one starts from (required for custom profiles).</summary>
    public string? Inherits { get; init; }

    public required TomlPosition Position { get; init; }
}

/// <summary>The <c>[workspace]</c> of a root manifest, as far as members inherit from it.</summary>
internal sealed record CargoWorkspace
{
    /// <summary>The root manifest that holds <c>[workspace]</c>.</summary>
    public required string ManifestPath { get; init; }

    public IReadOnlyList<string> Members { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public IReadOnlyList<string> DefaultMembers { get; init; } = [];

    public string? Resolver { get; init; }

    /// <summary><c>[workspace.package]</c>: values members inherit with <c>field.workspace = true</c>.</summary>
    public TomlTable? Package { get; init; }

    /// <summary><c>[workspace.dependencies]</c> by name (paths resolved against the root's directory).</summary>
    public IReadOnlyDictionary<string, CargoDependency> Dependencies { get; init; } = new Dictionary<string, CargoDependency>();

    public required TomlPosition Position { get; init; }
}
