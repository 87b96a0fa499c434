using Wasmc.Containers.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.DevContainers;

/// <summary>Where wasmc runs.</summary>
public enum WorkplaceKind
{
    /// <summary>Directly on a machine, not in a container.</summary>
    Host,

    /// <summary>In a dev container (Dev Containers CLI, VS Code, Codespaces, or one made by <c>wasmc devcontainer init</c>).</summary>
    DevContainer,

    /// <summary>In some other container.</summary>
    Container,
}

/// <summary>Where the Docker engine wasmc reaches runs, seen from wasmc.</summary>
public enum EngineLocation
{
    /// <summary>No engine answers.</summary>
    None,

    /// <summary>wasmc runs on a host and the engine sees the same file system (bind sources are wasmc's own paths).</summary>
    Local,

    /// <summary>
    /// wasmc runs in a container of this very engine, reached through a mounted socket (docker-outside-of-docker):
    /// bind sources must be the engine host's paths, translated through this container's mounts.
    /// </summary>
    Outside,

    /// <summary>
    /// wasmc runs in a container, and the engine does not know that container: docker-in-docker (the engine runs inside,
    /// with wasmc's file system) or a remote engine. Paths are passed unchanged.
    /// </summary>
    Inside,
}

/// <summary>A bundle toolchain whose tools this container holds (it was built from that toolchain's image).</summary>
/// <param name="Bundle">Bundle name (image label <c>wasmc.bundle</c>).</param>
/// <param name="Toolchain">Toolchain name (image label <c>wasmc.toolchain</c>).</param>
/// <param name="DefinitionHash">The image's definition hash (label <c>wasmc.definition-hash</c>), or null when unknown.</param>
public sealed record LocalToolchain(string Bundle, string Toolchain, string? DefinitionHash)
{
    /// <summary>Whether this is the toolchain <paramref name="toolchain"/> as the bundle defines it now (a stale image is not).</summary>
    public bool Matches(BundleToolchain toolchain)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        return Matches(toolchain.BundleName, toolchain.Name, toolchain.ImageTag);
    }

    /// <summary>Same bundle and toolchain, and (when both are known) the image tag is the start of the definition hash.</summary>
    public bool Matches(string bundle, string toolchain, string? imageTag) =>
        string.Equals(Bundle, bundle, StringComparison.Ordinal)
        && string.Equals(Toolchain, toolchain, StringComparison.Ordinal)
        && (DefinitionHash is null || imageTag is null || DefinitionHash.StartsWith(imageTag, StringComparison.Ordinal));

    /// <summary><c>bundle/toolchain@hash</c>, the form of <see cref="Workplace.ToolchainsVariable"/>.</summary>
    public override string ToString() => DefinitionHash is null ? $"{Bundle}/{Toolchain}" : $"{Bundle}/{Toolchain}@{DefinitionHash}";
}

/// <summary>
/// Where wasmc runs and what follows for builds: host, dev container or other container (with the evidence),
/// where the Docker engine is, this container's mounts (for docker-outside-of-docker path translation), and the
/// bundle toolchains this container holds (a dev container built from a bundle image runs those steps itself).
/// </summary>
public sealed record Workplace
{
    /// <summary>
    /// Set in a container built from bundle toolchain images (the Dockerfile of <c>wasmc devcontainer init --mode toolchain</c>
    /// sets it): <c>bundle/toolchain@definition-hash</c>, several separated by spaces. It repeats the image's labels,
    /// which cannot be read from inside a container without an engine.
    /// </summary>
    public const string ToolchainsVariable = "WASMC_TOOLCHAINS";

    /// <summary>Set by the files of <c>wasmc devcontainer init</c> to its mode (<c>outside</c> or <c>toolchain</c>).</summary>
    public const string DevContainerVariable = "WASMC_DEVCONTAINER";

    /// <summary>Label the Dev Containers CLI (and VS Code) put on a dev container: the host folder it was opened from.</summary>
    public const string LocalFolderLabel = "devcontainer.local_folder";

    /// <summary>Label the Dev Containers CLI puts on a dev container: its devcontainer.json on the host.</summary>
    public const string ConfigFileLabel = "devcontainer.config_file";

    /// <summary>Host, dev container or other container.</summary>
    public required WorkplaceKind Kind { get; init; }

    /// <summary>What gave it away (<c>/.dockerenv exists</c>, <c>label devcontainer.local_folder=/home/me/app</c>, ...); empty on a host.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Where the engine is.</summary>
    public required EngineLocation Engine { get; init; }

    /// <summary>The engine's endpoint (<c>unix:///var/run/docker.sock</c>), when one answered.</summary>
    public string? EngineEndpoint { get; init; }

    /// <summary>Why the engine could not be used, when <see cref="Engine"/> is <see cref="EngineLocation.None"/>.</summary>
    public string? EngineProblem { get; init; }

    /// <summary>This container's id, when the engine knows it (<see cref="EngineLocation.Outside"/>).</summary>
    public string? ContainerId { get; init; }

    /// <summary>How the container was found (<c>/proc/self/mountinfo</c>, <c>hostname</c>, ...).</summary>
    public string? ContainerFoundBy { get; init; }

    /// <summary>This container's mounts as the engine reports them (host paths as sources); empty unless <see cref="EngineLocation.Outside"/>.</summary>
    public IReadOnlyList<ContainerMountInfo> Mounts { get; init; } = [];

    /// <summary>Bundle toolchains whose tools are in this container.</summary>
    public IReadOnlyList<LocalToolchain> LocalToolchains { get; init; } = [];

    /// <summary>Where the local toolchains were read from (<see cref="ToolchainsVariable"/> or the container's labels).</summary>
    public string? LocalToolchainsSource { get; init; }

    /// <summary>Bind sources must be translated to the engine host's paths (docker-outside-of-docker).</summary>
    public bool NeedsPathTranslation => Engine == EngineLocation.Outside;

    /// <summary>The translator of bind sources, or null when paths go to the engine unchanged.</summary>
    public HostPathTranslator? PathTranslator => NeedsPathTranslation ? new HostPathTranslator(Mounts) : null;

    /// <summary>The local toolchain that is <paramref name="toolchain"/>, or null.</summary>
    public LocalToolchain? LocalToolchainFor(BundleToolchain toolchain) => LocalToolchains.FirstOrDefault(local => local.Matches(toolchain));

    /// <summary>Short description: <c>a dev container (label devcontainer.local_folder=/home/me/app)</c>.</summary>
    public string Describe() => Kind switch
    {
        WorkplaceKind.Host => "this machine (not a container)",
        WorkplaceKind.DevContainer => $"a dev container ({string.Join("; ", Evidence)})",
        _ => $"a container ({string.Join("; ", Evidence)})",
    };

    /// <summary>Short description of the engine's place.</summary>
    public string DescribeEngine() => Engine switch
    {
        EngineLocation.None => "no Docker engine reachable" + (EngineProblem is null ? "" : $" ({EngineProblem})"),
        EngineLocation.Local => $"Docker engine at {EngineEndpoint}, on the same machine",
        EngineLocation.Outside => $"Docker engine outside this container, reached through {EngineEndpoint} (docker-outside-of-docker): " +
            $"it runs this container ({ShortId(ContainerId)}, found by {ContainerFoundBy}), so bind mounts name host paths, translated through this container's mounts",
        _ => $"Docker engine at {EngineEndpoint} does not know this container (docker-in-docker or a remote engine): paths are passed unchanged",
    };

    internal static string ShortId(string? id) => id is null ? "?" : id[..Math.Min(12, id.Length)];
}
