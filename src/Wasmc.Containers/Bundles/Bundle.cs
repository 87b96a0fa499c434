using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// A bundle as read from <c>containers/bundles/NAME.toml</c>: a named, immutable set of toolchain images
/// with exact tool versions. See <c>docs/bundles.md</c> for the file format.
/// </summary>
public sealed class Bundle
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<WasiLevel, BundleSpec> _specs = new();

    /// <summary>Bundle name; equals the file name without <c>.toml</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line for humans.</summary>
    public required string Description { get; init; }

    /// <summary>WASI levels components built with this bundle may target, in the file's order.</summary>
    public required IReadOnlyList<WasiLevel> Wasi { get; init; }

    /// <summary>The test runner the bundle provides (<c>jco</c> or <c>wasmtime</c>).</summary>
    public required string Runner { get; init; }

    /// <summary>Language ids the bundle can build (<c>rust</c>, <c>c</c>, <c>cpp</c>, <c>go</c>, <c>js</c>).</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Base image every toolchain image is built <c>FROM</c> (created by <c>containers/bootstrap</c>).</summary>
    public required string Base { get; init; }

    /// <summary>Tool name to exact, human-facing version (<c>rustc</c> = <c>1.97.1</c>), in the file's order.</summary>
    public required IReadOnlyDictionary<string, string> Tools { get; init; }

    /// <summary>Well-known file locations inside the images (<c>wasi-adapter-reactor</c>, ...).</summary>
    public required IReadOnlyDictionary<string, string> Paths { get; init; }

    /// <summary>Registry repository prefix of published images (<c>ghcr.io/org/wasmc</c>), or null.</summary>
    public string? Registry { get; init; }

    /// <summary>The toolchain images, in the file's order.</summary>
    public required IReadOnlyList<BundleToolchain> Toolchains { get; init; }

    /// <summary>Absolute path of the bundle file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Files the bundle is made of, relative to the containers folder with <c>/</c> separators, and their sha256.</summary>
    public IReadOnlyList<BundleInputFile> InputFiles =>
        [SourceFile, .. Toolchains.SelectMany(t => t.InputFiles).DistinctBy(f => f.RelativePath)];

    /// <summary>The bundle file itself, relative to the containers folder, with its sha256.</summary>
    public required BundleInputFile SourceFile { get; init; }

    /// <summary>Whether the bundle supports <paramref name="level"/>.</summary>
    public bool Supports(WasiLevel level) => Wasi.Contains(level);

    /// <summary>The toolchain called <paramref name="name"/>.</summary>
    /// <exception cref="BundleNotFoundException">The bundle has no such toolchain.</exception>
    public BundleToolchain GetToolchain(string name) =>
        Toolchains.FirstOrDefault(t => t.Name == name)
        ?? throw new BundleNotFoundException(
            $"bundle '{Name}' has no toolchain '{name}' (it has: {string.Join(", ", Toolchains.Select(t => t.Name))})");

    /// <summary>
    /// The bundle as plugins see it, for a component that targets <paramref name="wasi"/>
    /// (default: the first level the bundle lists).
    /// </summary>
    /// <exception cref="BundleNotFoundException">The bundle does not support <paramref name="wasi"/>.</exception>
    public BundleSpec ToBundleSpec(WasiLevel? wasi = null)
    {
        var level = wasi ?? Wasi[0];
        if (!Supports(level))
        {
            throw new BundleNotFoundException(
                $"bundle '{Name}' does not support WASI {WasiLevels.Name(level)} (it supports: {string.Join(", ", Wasi.Select(WasiLevels.Name))})");
        }

        // Every component of a build asks; the bundle does not change.
        return _specs.GetOrAdd(level, NewBundleSpec);
    }

    private BundleSpec NewBundleSpec(WasiLevel level)
    {
        return new BundleSpec(
            Name,
            level,
            new Dictionary<string, string>(Tools, StringComparer.Ordinal),
            Toolchains.ToDictionary(t => t.Name, t => t.ImageReference, StringComparer.Ordinal))
        {
            Paths = AllPaths(),
            Crates = Toolchains.Where(t => t.Crates.Count > 0).ToDictionary(t => t.Name, t => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(t.Crates, StringComparer.Ordinal), StringComparer.Ordinal),
        };
    }

    /// <summary>The bundle's <c>[paths]</c> and every toolchain's <c>files</c>, by key.</summary>
    public IReadOnlyDictionary<string, string> AllPaths()
    {
        var paths = new Dictionary<string, string>(Paths, StringComparer.Ordinal);
        foreach (var (key, path) in Toolchains.SelectMany(t => t.Files))
        {
            paths.TryAdd(key, path);
        }

        return paths;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One toolchain image of a bundle (<c>[toolchains.NAME]</c>).</summary>
public sealed class BundleToolchain
{
    /// <summary>The script that installs npm tools from the lock, relative to the containers folder; part of every image's inputs.</summary>
    public const string NpmInstallScript = "toolchains/npm-install.sh";

    /// <summary>The build argument that carries the Debian packages to install (<c>name=version ...</c>).</summary>
    public const string PackagesArg = "PACKAGES";

    private string? _definitionHash;

    /// <summary>The bundle's name.</summary>
    public required string BundleName { get; init; }

    /// <summary>Toolchain name (<c>node</c>, <c>rust</c>, <c>clang</c>, <c>go</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The image this toolchain is built <c>FROM</c>: the bundle's base, unless the toolchain names its own
    /// (a trixie bundle's wasm-tools image is built on sid, the only suite that packages wasm-tools).</summary>
    public required string Base { get; init; }

    /// <summary>Dockerfile path relative to the containers folder.</summary>
    public required string Dockerfile { get; init; }

    /// <summary>Names of the bundle's <c>[tools]</c> this image provides.</summary>
    public required IReadOnlyList<string> Tools { get; init; }

    /// <summary>
    /// The executables this image offers to plans (<c>rustc</c>, <c>wasm-ld</c>, <c>wasm-tools</c>): a plan step's program must be
    /// one of its toolchain's commands (checked in tests against the plans, and against the images).
    /// </summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>Well-known files inside this image, by key (<c>wasi-adapter-reactor</c> = <c>/opt/wasmc/adapters/...</c>).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra build arguments (<c>LLVM_VERSION</c>), beyond <c>BASE</c> and <c>PACKAGES</c>.</summary>
    public required IReadOnlyDictionary<string, string> Args { get; init; }

    /// <summary>Debian package to exact version, installed as <c>name=version</c>.</summary>
    public required IReadOnlyDictionary<string, string> Packages { get; init; }

    /// <summary>
    /// Rust crate (as cargo names it) to exact version, from the Debian packages (<c>librust-NAME-dev</c>) this image installs
    /// under <c>/usr/share/cargo/registry</c>; what offline cargo builds can depend on.
    /// </summary>
    public IReadOnlyDictionary<string, string> Crates { get; init; } = new Dictionary<string, string>();

    /// <summary>npm package to exact version, installed with <c>npm ci</c> from <see cref="NpmLock"/>.</summary>
    public required IReadOnlyDictionary<string, string> Npm { get; init; }

    /// <summary>npm <c>overrides</c> (transitive pins).</summary>
    public required IReadOnlyDictionary<string, string> NpmOverrides { get; init; }

    /// <summary>The committed <c>package-lock.json</c>, relative to the containers folder; null without npm packages.</summary>
    public string? NpmLock { get; init; }

    /// <summary>Digest (<c>sha256:...</c>) of the published image, when there is one.</summary>
    public string? Digest { get; init; }

    /// <summary>The files the image is built from (Dockerfile, npm lock), with their sha256.</summary>
    public required IReadOnlyList<BundleInputFile> InputFiles { get; init; }

    /// <summary>sha256 (hex) of everything the image is built from, except the base image's id.</summary>
    public string DefinitionHash => _definitionHash ??= ToolchainInputs.DefinitionHash(this);

    /// <summary>Local image repository: <c>wasmc/BUNDLE/TOOLCHAIN</c>.</summary>
    public string ImageRepository => $"wasmc/{BundleName}/{Name}";

    /// <summary>Local image tag: the first 12 hex digits of <see cref="DefinitionHash"/>.</summary>
    public string ImageTag => DefinitionHash[..12];

    /// <summary>Local image reference: <c>wasmc/BUNDLE/TOOLCHAIN:HASH</c>.</summary>
    public string ImageReference => $"{ImageRepository}:{ImageTag}";

    /// <summary>Build arguments passed to the Dockerfile: <c>BASE</c>, <c>PACKAGES</c> and <see cref="Args"/>.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs
    {
        get
        {
            var args = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["BASE"] = Base,
                [PackagesArg] = string.Join(' ', Packages.Select(p => $"{p.Key}={p.Value}")),
            };
            foreach (var (key, value) in Args)
            {
                args[key] = value;
            }

            return args;
        }
    }

    /// <summary>The <c>package.json</c> generated from <see cref="Npm"/> and <see cref="NpmOverrides"/>; null without npm packages.</summary>
    public string? NpmPackageJson => Npm.Count == 0 ? null : NpmManifest.Render(Npm, NpmOverrides);

    /// <inheritdoc />
    public override string ToString() => ImageReference;
}

/// <summary>A file a bundle is built from.</summary>
/// <param name="RelativePath">Path relative to the containers folder, <c>/</c> separators.</param>
/// <param name="Sha256">Lower-case hex sha256 of the file (line endings normalised to LF).</param>
public sealed record BundleInputFile(string RelativePath, string Sha256);

/// <summary>A bundle or toolchain that does not exist.</summary>
public sealed class BundleNotFoundException : Exception
{
    public BundleNotFoundException(string message) : base(message) { }
}

/// <summary>One problem in a bundle file.</summary>
/// <param name="Location"><c>file:line:col</c>, or just the file.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record BundleError(string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>The bundle files could not be read; <see cref="Errors"/> lists every problem found.</summary>
public sealed class BundleCatalogException : Exception
{
    public BundleCatalogException(IReadOnlyList<BundleError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public IReadOnlyList<BundleError> Errors { get; }
}
