namespace Wasmc.Plugins.Abstractions;

/// <summary>
/// Where things are, seen from inside a toolchain container. Plugins build argv with these
/// paths only; the runner binds them to host folders (or maps them 1:1 on the host runner).
/// </summary>
/// <param name="Workspace">The workspace root, mounted read-only.</param>
/// <param name="Component">The component folder (below <paramref name="Workspace"/>).</param>
/// <param name="Output">The component's output folder, writable.</param>
/// <param name="Scratch">A writable scratch folder private to this build of this component.</param>
public sealed record ContainerPaths(string Workspace, string Component, string Output, string Scratch);

/// <summary>Everything a plugin needs to plan the build of one component.</summary>
/// <param name="Component">The component as declared in <c>wasmc.toml</c>.</param>
/// <param name="Bundle">The bundle chosen for the component.</param>
/// <param name="Profile">The resolved build profile.</param>
/// <param name="Paths">Paths inside the toolchain containers.</param>
public sealed record BuildRequest(ComponentSpec Component, BundleSpec Bundle, ProfileSpec Profile, ContainerPaths Paths)
{
    /// <summary>
    /// The component folder on the host, for plugins that read their language manifest
    /// (<c>Cargo.toml</c>) or expand source globs while planning. <see langword="null"/> when the plan is
    /// made without files on disk (plan tests); plugins then fall back to their defaults.
    /// Argv must still use <see cref="Paths"/> only.
    /// </summary>
    public ComponentFolder? Folder { get; init; }
}

/// <summary>A component as declared in the workspace manifest.</summary>
/// <param name="Name">Unique component name.</param>
/// <param name="Language">Language id.</param>
/// <param name="RelativePath">Component folder relative to the workspace root, <c>/</c> separators.</param>
/// <param name="WitPath">WIT folder relative to the component folder.</param>
/// <param name="World">World name (may be package-qualified).</param>
/// <param name="Options">Language-specific options from the manifest (strings, numbers, booleans, lists of strings).</param>
public sealed record ComponentSpec(
    string Name,
    string Language,
    string RelativePath,
    string WitPath,
    string World,
    IReadOnlyDictionary<string, object> Options);

/// <summary>The bundle a component is built with: its name, WASI level, tool versions and toolchain images.</summary>
/// <param name="Name">Bundle name (immutable once published).</param>
/// <param name="Wasi">The WASI level the bundle targets.</param>
/// <param name="ToolVersions">Tool name to exact version.</param>
/// <param name="Toolchains">Toolchain name to image reference.</param>
public sealed record BundleSpec(
    string Name,
    WasiLevel Wasi,
    IReadOnlyDictionary<string, string> ToolVersions,
    IReadOnlyDictionary<string, string> Toolchains)
{
    /// <summary>
    /// Well-known file locations inside the bundle's toolchain images, by key
    /// (<c>wasi-adapter-reactor</c>, <c>wasi-adapter-command</c>, ...). Empty when the bundle declares none;
    /// plugins then use their documented default locations.
    /// </summary>
    public IReadOnlyDictionary<string, string> Paths { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Per toolchain, the Rust crates (cargo's name to exact version) its image carries for offline builds; a toolchain without
    /// crates is absent. Empty when the bundle declares none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Crates { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The exact version of <paramref name="tool"/> in this bundle.</summary>
    /// <exception cref="WasmcPluginException">The bundle does not declare a version for <paramref name="tool"/>.</exception>
    public string RequireToolVersion(string tool) =>
        ToolVersions.TryGetValue(tool, out var version) && !string.IsNullOrWhiteSpace(version)
            ? version
            : throw new WasmcPluginException($"bundle '{Name}' declares no version for tool '{tool}'; add it to the bundle's tool versions");

    /// <summary>The major version of <paramref name="tool"/> (<c>19</c> for <c>19.1.7</c>), e.g. to name <c>clang-19</c>.</summary>
    /// <exception cref="WasmcPluginException">The version is missing or does not start with a number.</exception>
    public int RequireMajorVersion(string tool)
    {
        var version = RequireToolVersion(tool);
        var end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(version.AsSpan(0, end), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major)
            ? major
            : throw new WasmcPluginException($"bundle '{Name}' declares version '{version}' for tool '{tool}', which does not start with a major version number");
    }
}

/// <summary>A build profile after <c>inherits</c> is resolved.</summary>
/// <param name="Name">Profile name (<c>debug</c>, <c>release</c>, custom).</param>
/// <param name="Optimize">Whether optimisations are on.</param>
/// <param name="DebugInfo">Whether debug info is kept.</param>
/// <param name="Strip">Whether custom sections are stripped.</param>
/// <param name="LanguageFlags">Extra flags for this plugin's language (already picked for the component's language).</param>
public sealed record ProfileSpec(string Name, bool Optimize, bool DebugInfo, bool Strip, IReadOnlyList<string> LanguageFlags);

/// <summary>A build described as data: ordered steps and the artifacts they produce.</summary>
/// <param name="Steps">Steps, run in order.</param>
/// <param name="Artifacts">Files (container paths below <see cref="ContainerPaths.Output"/>) the build produces; the first is the component.</param>
public sealed record BuildPlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlanArtifact> Artifacts)
{
    /// <summary>
    /// Files the plugin supplies itself (a small allocator module, generated glue); the host writes them
    /// before the first step runs. Their paths are container paths below <see cref="ContainerPaths.Scratch"/>.
    /// </summary>
    public IReadOnlyList<PlanFile> SupportFiles { get; init; } = [];

    /// <summary>
    /// Make-style dependency files the steps write (<c>clang -MD -MF</c>, cargo's dep-info <c>.d</c>, a bundler's import
    /// graph), container paths below <see cref="ContainerPaths.Scratch"/> or <see cref="ContainerPaths.Output"/>. After a
    /// successful build the host reads them; every file they name inside the workspace becomes an input of the next
    /// up-to-date check, on top of the declared <see cref="PlanStep.Inputs"/> (a JavaScript import of
    /// <c>../../shared/ops.js</c>, a header outside the component). A missing dependency file is not an error.
    /// </summary>
    public IReadOnlyList<string> DependencyFiles { get; init; } = [];

    /// <summary>
    /// Files a step produces in scratch that belong next to the sources (a lock file the tool would write there, were the
    /// sources not read-only): after every step succeeded the host copies each one that exists and differs to its workspace
    /// path, atomically (a temporary file renamed into place).
    /// </summary>
    public IReadOnlyList<PlanWriteBack> WriteBacks { get; init; } = [];
}

/// <summary>A file the host copies from scratch into the workspace after a successful build.</summary>
/// <param name="ContainerPath">Where the step writes it, a container path below <see cref="ContainerPaths.Scratch"/>.</param>
/// <param name="WorkspacePath">Where it belongs, a container path below <see cref="ContainerPaths.Workspace"/>.</param>
public sealed record PlanWriteBack(string ContainerPath, string WorkspacePath);

/// <summary>A file a plan brings along, written by the host before the plan runs.</summary>
/// <param name="ContainerPath">Where the file goes, a container path below <see cref="ContainerPaths.Scratch"/>.</param>
/// <param name="Contents">The file's text.</param>
public sealed record PlanFile(string ContainerPath, string Contents);

/// <summary>An output of a build.</summary>
/// <param name="Kind">What it is: <c>component</c>, <c>core-module</c>, <c>bindings</c>, ...</param>
/// <param name="ContainerPath">Where the step writes it, inside the container.</param>
public sealed record PlanArtifact(string Kind, string ContainerPath);

/// <summary>
/// One tool invocation inside a named toolchain image of the component's bundle.
/// </summary>
/// <param name="Description">What the step does, shown in progress output (<c>componentize</c>).</param>
/// <param name="Toolchain">Toolchain name inside the bundle (<c>node</c>, <c>rust</c>, <c>clang</c>, ...).</param>
/// <param name="Argv">Program and arguments; no shell is involved.</param>
/// <param name="WorkingDirectory">Working directory inside the container.</param>
public sealed record PlanStep(string Description, string Toolchain, IReadOnlyList<string> Argv, string WorkingDirectory)
{
    /// <summary>Environment variables for the tool.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra mounts beyond the workspace, output and scratch folders (cache volumes, mostly).</summary>
    public IReadOnlyList<PlanMount> Mounts { get; init; } = [];

    /// <summary>Files or globs (container paths) the step reads; they key the build cache.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Files (container paths) the step writes.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];
}

/// <summary>A mount a step asks for.</summary>
/// <param name="Kind">Cache volume (persistent, per bundle) or host folder.</param>
/// <param name="Source">Cache name (for caches) or a path relative to the workspace root (for folders).</param>
/// <param name="Target">Mount point inside the container.</param>
/// <param name="ReadOnly">Whether the mount is read-only.</param>
public sealed record PlanMount(MountKind Kind, string Source, string Target, bool ReadOnly);

/// <summary>Kinds of <see cref="PlanMount"/>.</summary>
public enum MountKind
{
    /// <summary>A named, per-bundle cache volume (cargo registry, Go build cache, npm cache).</summary>
    Cache,

    /// <summary>A folder of the workspace.</summary>
    WorkspaceFolder,
}
