using System.Text.RegularExpressions;
using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.Transfer;

/// <summary>
/// Where <c>bundle push</c> / <c>bundle pull</c> put images: <c>HOST[:PORT][/PREFIX]</c>, e.g.
/// <c>127.0.0.1:5000/wasmc</c> or <c>registry.example.org/tools/wasmc</c>. A toolchain image lives at
/// <c>HOST[:PORT]/PREFIX/&lt;bundle&gt;/&lt;toolchain&gt;</c>.
/// </summary>
public sealed partial record RegistryLocation
{
    private RegistryLocation(string host, string prefix)
    {
        Host = host;
        Prefix = prefix;
    }

    /// <summary>Host name or IP address, with <c>:PORT</c> when given.</summary>
    public string Host { get; }

    /// <summary>Repository path below the host, without slashes at either end; may be empty.</summary>
    public string Prefix { get; }

    /// <summary>Reads <c>HOST[:PORT][/PREFIX]</c>.</summary>
    /// <exception cref="FormatException">Not a registry location; the message says what is wrong.</exception>
    public static RegistryLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimEnd('/');
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"registry '{text}' must be HOST[:PORT]/PREFIX without a scheme (the engine picks HTTPS, or HTTP for 127.0.0.0/8 and its insecure registries)");
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? trimmed : trimmed[..slash];
        var prefix = slash < 0 ? "" : trimmed[(slash + 1)..];
        if (!HostPattern().IsMatch(host))
        {
            throw new FormatException($"registry '{text}': '{host}' is not a host name or address with an optional :PORT");
        }

        // Docker reads a first path component without '.' or ':' (other than "localhost") as a Docker Hub
        // user, so "myregistry/wasmc" would silently go to docker.io.
        if (!host.Contains('.', StringComparison.Ordinal) && !host.Contains(':', StringComparison.Ordinal) && host != "localhost")
        {
            throw new FormatException($"registry '{text}': '{host}' does not look like a registry host to Docker (it needs a '.', a ':PORT' or to be 'localhost'); Docker would send it to Docker Hub");
        }

        if (prefix.Length > 0 && !prefix.Split('/').All(component => PathComponentPattern().IsMatch(component)))
        {
            throw new FormatException($"registry '{text}': the path '{prefix}' must be lower-case letters and digits separated by '/', '.', '_' or '-'");
        }

        return new RegistryLocation(host, prefix);
    }

    /// <summary>The repository of one toolchain image: <c>HOST[:PORT]/PREFIX/BUNDLE/TOOLCHAIN</c>.</summary>
    public string Repository(string bundle, string toolchain) =>
        Prefix.Length == 0 ? $"{Host}/{bundle}/{toolchain}" : $"{Host}/{Prefix}/{bundle}/{toolchain}";

    /// <inheritdoc />
    public override string ToString() => Prefix.Length == 0 ? Host : $"{Host}/{Prefix}";

    [GeneratedRegex(@"^(localhost|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();
}

/// <summary>One line of progress of a save, load, push or pull.</summary>
/// <param name="Bundle">Bundle name.</param>
/// <param name="Toolchain">The toolchain the line is about, or null for the whole bundle.</param>
/// <param name="Message">One line.</param>
/// <param name="IsDetail">True for Docker's own output (layer progress); false for wasmc's steps, which are worth showing by default.</param>
public sealed record BundleTransferProgress(string Bundle, string? Toolchain, string Message, bool IsDetail);

/// <summary>One toolchain image that was saved, loaded, pushed or pulled.</summary>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Reference">Its local reference, <c>wasmc/BUNDLE/TOOLCHAIN:TAG</c>.</param>
/// <param name="ImageId">The image id (<c>sha256:...</c>), equal on every machine that has the image.</param>
public sealed record TransferredImage(string Toolchain, string Reference, string ImageId);

/// <summary>
/// A bundle archive that passed every check: written by <c>bundle save</c>, or read by
/// <see cref="BundleTransfer.CheckArchiveAsync"/> and ready for <see cref="BundleTransfer.LoadAsync(BundleArchive, IProgress{BundleTransferProgress}?, CancellationToken)"/>.
/// </summary>
public sealed class BundleArchive
{
    internal BundleArchive(string path, Bundle bundle, BundleArchiveManifest manifest)
    {
        Path = path;
        Bundle = bundle;
        Manifest = manifest;
    }

    /// <summary>The archive file (absolute).</summary>
    public string Path { get; }

    /// <summary>The bundle whose images it holds.</summary>
    public Bundle Bundle { get; }

    /// <summary>Size in bytes of the docker-save tar inside.</summary>
    public long ImagesSize => Manifest.ImagesSize;

    /// <summary>sha256 (lower-case hex) of the docker-save tar inside.</summary>
    public string ImagesSha256 => Manifest.ImagesSha256;

    /// <summary>The toolchain images, with the ids they had when saved.</summary>
    public IReadOnlyList<TransferredImage> Images => [.. Manifest.Toolchains.Select(t => new TransferredImage(t.Name, t.Reference, t.ImageId))];

    internal BundleArchiveManifest Manifest { get; }
}

/// <summary>One image <c>bundle push</c> pushed.</summary>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Repository">Registry repository (<c>HOST[:PORT]/PREFIX/BUNDLE/TOOLCHAIN</c>).</param>
/// <param name="Tag">The tag pushed: the local tag, i.e. the definition hash's first 12 hex digits.</param>
/// <param name="Digest">The manifest digest the registry stored (<c>sha256:...</c>).</param>
/// <param name="ImageId">The local image id.</param>
/// <param name="DefinitionHash">The image's <c>wasmc.definition-hash</c>.</param>
public sealed record PushedImage(string Toolchain, string Repository, string Tag, string Digest, string ImageId, string DefinitionHash);

/// <summary>What <c>bundle push</c> did.</summary>
/// <param name="Bundle">Bundle name.</param>
/// <param name="Registry">Where the images went.</param>
/// <param name="RecordPath">The record file written (absolute).</param>
/// <param name="Images">Pushed images, in the bundle's order.</param>
public sealed record BundlePushResult(string Bundle, RegistryLocation Registry, string RecordPath, IReadOnlyList<PushedImage> Images);

/// <summary>Where <c>bundle pull</c> takes a bundle's images from.</summary>
public sealed record BundlePullSource
{
    /// <summary>
    /// The registry to pull from; null = the record's registry, or (without a record) the bundle file's
    /// <c>registry</c> and <c>digest</c>s.
    /// </summary>
    public RegistryLocation? Registry { get; init; }

    /// <summary>A record file written by <c>bundle push</c>: pull exactly its digests. Null = pull by tag.</summary>
    public string? RecordPath { get; init; }
}

/// <summary>What <c>bundle pull</c> will pull, decided from the bundle, the registry and the record alone (no Docker).</summary>
public sealed class BundlePullPlan
{
    internal BundlePullPlan(Bundle bundle, string registry, string description, IReadOnlyList<PullTarget> targets, IReadOnlyList<string> notPublished)
    {
        Bundle = bundle;
        Registry = registry;
        Description = description;
        Targets = targets;
        NotPublished = notPublished;
    }

    public Bundle Bundle { get; }

    /// <summary>The registry (<c>HOST[:PORT][/PREFIX]</c>).</summary>
    public string Registry { get; }

    /// <summary>Where from and how, in words (<c>127.0.0.1:5000/wasmc by the digests in /x/b.images.toml</c>).</summary>
    public string Description { get; }

    /// <summary>The remote references to pull (by digest or by tag), in the bundle's order.</summary>
    public IReadOnlyList<string> References => [.. Targets.Select(t => t.Remote)];

    /// <summary>Toolchains the source does not have (only with the bundle file's digests).</summary>
    public IReadOnlyList<string> NotPublished { get; }

    internal IReadOnlyList<PullTarget> Targets { get; }
}

/// <summary>One image to pull, and what it must be.</summary>
internal sealed record PullTarget(BundleToolchain Toolchain, string Remote, string? ExpectedImageId);

/// <summary>Why an archive, a record or a pulled image was refused.</summary>
public enum BundleVerificationFailure
{
    /// <summary>Not a bundle archive or record, truncated, or inconsistent inside.</summary>
    Corrupt,

    /// <summary>The images tar does not have the checksum or size the archive's manifest records.</summary>
    ChecksumMismatch,

    /// <summary>The images belong to a bundle the catalog does not know.</summary>
    UnknownBundle,

    /// <summary>The images are of another definition than the bundle file now says (other labels, hash or id).</summary>
    OtherDefinition,
}

/// <summary>An archive, record or pulled image is not a current image set of a known bundle; nothing of it was kept.</summary>
public sealed class BundleVerificationException : Exception
{
    public BundleVerificationException(BundleVerificationFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public BundleVerificationFailure Failure { get; }
}

/// <summary>Images of the bundle are not present locally (or not of its current definition), so they cannot be saved or pushed.</summary>
public sealed class BundleImagesMissingException : Exception
{
    public BundleImagesMissingException(string bundle, IReadOnlyList<string> references)
        : base(
            $"bundle '{bundle}' has no current local image for {string.Join(", ", references)}; " +
            $"build them first with `wasmc bundle build {bundle}` (or get them with `wasmc bundle load` / `wasmc bundle pull`)")
    {
        Bundle = bundle;
        References = references;
    }

    public string Bundle { get; }

    public IReadOnlyList<string> References { get; }
}

/// <summary>The registry could not be used: unreachable from the engine, or it refused the push or pull.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string registry, bool unreachable, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Registry = registry;
        Unreachable = unreachable;
    }

    public string Registry { get; }

    /// <summary>True when the engine could not connect to the registry at all.</summary>
    public bool Unreachable { get; }
}

/// <summary><c>bundle pull</c> without a registry or record, of a bundle whose file names no published images.</summary>
public sealed class BundleNotPublishedException : Exception
{
    public BundleNotPublishedException(string bundle)
        : base(
            $"bundle '{bundle}' has no published images (its bundle file has no registry and digests); pull with " +
            $"--registry HOST[:PORT]/PREFIX (and --record FILE from `bundle push`), load an archive with `wasmc bundle load`, " +
            $"or build the images: `containers/bootstrap` (Debian base images), then `wasmc bundle build {bundle}`")
        => Bundle = bundle;

    public string Bundle { get; }
}
