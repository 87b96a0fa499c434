namespace Wasmc.Containers.Images;

/// <summary>Whether a toolchain image is usable as it is.</summary>
public enum ImageState
{
    /// <summary>
    /// Present and built from the bundle's current definition, on this machine's base image or another one
    /// (loaded from an archive or pulled), or pulled by the bundle file's digest.
    /// </summary>
    Present,

    /// <summary>Present, but built from another definition than the bundle file now says; <c>bundle build</c> rebuilds it.</summary>
    Stale,

    /// <summary>Not present locally.</summary>
    Missing,
}

/// <summary>The state of one toolchain image of a bundle.</summary>
/// <param name="Bundle">Bundle name.</param>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Reference">Local image reference (<c>wasmc/BUNDLE/TOOLCHAIN:HASH</c>).</param>
/// <param name="State">Present, stale or missing.</param>
/// <param name="ImageId">The local image id when present or stale.</param>
/// <param name="Detail">Why, in one sentence.</param>
public sealed record ToolchainImageStatus(string Bundle, string Toolchain, string Reference, ImageState State, string? ImageId, string Detail)
{
    /// <summary>The pinned Debian packages as the image installed them (empty when it is missing or predates the label).</summary>
    public IReadOnlyList<ResolvedPackage> Packages { get; init; } = [];
}

/// <summary>What a build did for one toolchain image.</summary>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Reference">Local image reference.</param>
/// <param name="ImageId">The image id after the build.</param>
/// <param name="Built">True when built now; false when the existing image was current and kept.</param>
/// <param name="Duration">Time spent (inspect + build).</param>
public sealed record ToolchainBuildResult(string Toolchain, string Reference, string ImageId, bool Built, TimeSpan Duration);

/// <summary>Progress of a bundle build, one line at a time.</summary>
/// <param name="Bundle">Bundle name.</param>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Message">One line of output (Docker's build output or a wasmc status line).</param>
public sealed record BundleImageProgress(string Bundle, string Toolchain, string Message);

/// <summary>A bundle's base image is missing; the message says how to create it.</summary>
public sealed class BaseImageMissingException : Exception
{
    public BaseImageMissingException(string bundle, string baseImage)
        : base(
            $"Base image {baseImage} of bundle '{bundle}' is not present. Create the Debian base images with " +
            $"`containers/bootstrap` (debootstrap + docker import; Docker Hub is not used), then run `wasmc bundle build {bundle}` again.")
    {
        Bundle = bundle;
        BaseImage = baseImage;
    }

    public string Bundle { get; }

    public string BaseImage { get; }
}

/// <summary>Options of <see cref="BundleImageBuilder"/>.</summary>
public sealed record BundleImageOptions
{
    /// <summary>The host's CA bundle, given to npm inside builds (HTTPS through intercepting proxies works when the host trusts them).</summary>
    public string HostCaBundlePath { get; init; } = "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>
    /// Extra PEM certificates appended to <see cref="HostCaBundlePath"/> (a TLS-intercepting proxy's CA the host does not trust).
    /// Default: the <c>WASMC_EXTRA_CA_BUNDLE</c> environment variable.
    /// </summary>
    public string? ExtraCaBundlePath { get; init; } = Environment.GetEnvironmentVariable("WASMC_EXTRA_CA_BUNDLE") is { Length: > 0 } path ? path : null;

    /// <summary>Network of the build's <c>RUN</c> steps: apt and npm need the host's network.</summary>
    public string NetworkMode { get; init; } = "host";

    /// <summary>Rebuild even when the existing image matches the definition (e.g. to rebuild a loaded or pulled image on this machine's base image).</summary>
    public bool Force { get; init; }

    /// <summary>Where pins are resolved (default: <c>apt-cache madison</c> in the base image, through the engine).</summary>
    public IDebianMirror? Mirror { get; init; }
}

/// <summary>
/// The Debian mirror can no longer satisfy a bundle's pins under the version policy (see <c>DebianPins</c>): a package
/// is gone, or only another upstream version is left. The image cannot be built here as the bundle defines it.
/// </summary>
public sealed class PinnedPackagesUnavailableException : Exception
{
    public PinnedPackagesUnavailableException(string bundle, string toolchain, string baseImage, IReadOnlyList<UnavailablePin> unavailable)
        : base(
            $"cannot build the '{toolchain}' image of bundle '{bundle}': the Debian mirror (as seen from {baseImage}) no longer has " +
            $"the pinned upstream version of {unavailable.Count} package(s):" + Environment.NewLine +
            string.Join(Environment.NewLine, unavailable.Select(u => "  " + u)) + Environment.NewLine +
            $"A bundle is its upstream tool versions, so wasmc does not install others. Ways out: load the bundle's images from a file " +
            $"saved on a machine that has them (`dotnet wasmc bundle save {bundle} -o FILE` there, `dotnet wasmc bundle load FILE` here), " +
            $"pull them from a registry (`dotnet wasmc bundle pull {bundle} --registry HOST/PREFIX`), or move to a newer bundle (`dotnet wasmc bundle list`).")
    {
        Bundle = bundle;
        Toolchain = toolchain;
        Unavailable = unavailable;
    }

    public string Bundle { get; }

    public string Toolchain { get; }

    public IReadOnlyList<UnavailablePin> Unavailable { get; }
}

/// <summary>The Debian mirror could not be asked which package versions it has (no network, mirror down).</summary>
public sealed class DebianMirrorUnreachableException : Exception
{
    public DebianMirrorUnreachableException(string message) : base(message) { }
}
