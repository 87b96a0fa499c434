using System.Diagnostics;
using Wasmc.Containers.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.Images;

/// <summary>
/// Builds and inspects the toolchain images of bundles through the Docker Engine API (moving them: <see cref="Transfer.BundleTransfer"/>).
/// An existing image is kept when its <c>wasmc.definition-hash</c> label equals the bundle's definition,
/// whichever base image it was built on (loaded and pulled images count); <c>Force</c> rebuilds it anyway.
/// </summary>
public sealed class BundleImageBuilder
{
    private readonly IDockerClient _docker;
    private readonly BundleCatalog _catalog;
    private readonly BundleImageOptions _options;
    private readonly ImageIdRecord _record;

    public BundleImageBuilder(IDockerClient docker, BundleCatalog catalog, BundleImageOptions? options = null)
    {
        _docker = docker;
        _catalog = catalog;
        _options = options ?? new BundleImageOptions();
        _record = ImageIdRecord.For(docker.Endpoint);
    }

    /// <summary>The state of each toolchain image of <paramref name="bundle"/>.</summary>
    public async Task<IReadOnlyList<ToolchainImageStatus>> GetStatusAsync(Bundle bundle, CancellationToken cancellationToken = default)
    {
        var baseImageIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new List<ToolchainImageStatus>();
        foreach (var toolchain in bundle.Toolchains)
        {
            if (!baseImageIds.TryGetValue(toolchain.Base, out var baseImageId))
            {
                baseImageId = baseImageIds[toolchain.Base] =
                    (await _docker.Images.InspectAsync(toolchain.Base, cancellationToken).ConfigureAwait(false))?.Id;
            }

            var image = await _docker.Images.InspectAsync(toolchain.ImageReference, cancellationToken).ConfigureAwait(false);
            result.Add(ImageStatusRules.Evaluate(bundle, toolchain, image, baseImageId) with
            {
                Packages = DebianPins.FromLabel(image?.Labels.GetValueOrDefault(ImageLabels.Packages), toolchain.Packages),
            });
        }

        return result;
    }

    /// <summary>
    /// Builds the images of <paramref name="bundle"/> (or only <paramref name="toolchain"/>) that are missing or stale.
    /// The Debian pins of the images to build are first resolved against the mirror (see <see cref="DebianPins"/>), so a
    /// pin the mirror can no longer satisfy stops the build before anything is built.
    /// </summary>
    /// <exception cref="BaseImageMissingException">The base image does not exist (run <c>containers/bootstrap</c>).</exception>
    /// <exception cref="BundleNotFoundException">The bundle has no such toolchain.</exception>
    /// <exception cref="PinnedPackagesUnavailableException">The mirror has only other upstream versions of a pinned package, or none.</exception>
    /// <exception cref="DebianMirrorUnreachableException">The mirror could not be asked.</exception>
    /// <exception cref="DockerApiException">A build failed; the message has Docker's error and last output lines.</exception>
    public async Task<IReadOnlyList<ToolchainBuildResult>> BuildAsync(
        Bundle bundle,
        string? toolchain = null,
        IProgress<BundleImageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var toolchains = toolchain is null ? bundle.Toolchains : [bundle.GetToolchain(toolchain)];
        var baseImageIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var baseImage in toolchains.Select(t => t.Base).Distinct(StringComparer.Ordinal))
        {
            var inspect = await _docker.Images.InspectAsync(baseImage, cancellationToken).ConfigureAwait(false)
                ?? throw new BaseImageMissingException(bundle.Name, baseImage);
            baseImageIds[baseImage] = inspect.Id;
        }

        var results = new List<ToolchainBuildResult>();
        var toBuild = new List<BundleToolchain>();
        foreach (var item in toolchains)
        {
            var existing = await _docker.Images.InspectAsync(item.ImageReference, cancellationToken).ConfigureAwait(false);
            if (!_options.Force && existing is not null && IsCurrent(item, existing))
            {
                progress?.Report(new BundleImageProgress(bundle.Name, item.Name, $"{item.ImageReference} is up to date"));
                _record.Remember(item.ImageReference, existing.Id);
                results.Add(new ToolchainBuildResult(item.Name, item.ImageReference, existing.Id, false, TimeSpan.Zero));
            }
            else
            {
                toBuild.Add(item);
            }
        }

        if (toBuild.Count == 0)
        {
            return results;
        }

        var packages = await ResolvePinsAsync(bundle, toBuild, progress, cancellationToken).ConfigureAwait(false);
        var caBundle = BuildContext.ReadCaBundle(_options);
        foreach (var item in toBuild)
        {
            results.Add(await BuildOneAsync(bundle, item, baseImageIds[item.Base], packages[item.Name], caBundle, progress, cancellationToken).ConfigureAwait(false));
        }

        return [.. results.OrderBy(r => toolchains.Select(t => t.Name).ToList().IndexOf(r.Toolchain))];
    }

    /// <summary>
    /// The Debian pins of <paramref name="toolchains"/> as the mirror can satisfy them now: one query per base image.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<ResolvedPackage>>> ResolvePinsAsync(
        Bundle bundle,
        IReadOnlyList<BundleToolchain> toolchains,
        IProgress<BundleImageProgress>? progress,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<ResolvedPackage>>(StringComparer.Ordinal);
        foreach (var group in toolchains.GroupBy(t => t.Base, StringComparer.Ordinal))
        {
            var withPins = group.Where(t => t.Packages.Count > 0).ToList();
            foreach (var item in group.Where(t => t.Packages.Count == 0))
            {
                result[item.Name] = [];
            }

            if (withPins.Count == 0)
            {
                continue;
            }

            progress?.Report(new BundleImageProgress(bundle.Name, withPins[0].Name, $"resolving Debian pins against the mirror (from {group.Key})"));
            var mirror = _options.Mirror ?? new AptMirrorQuery(_docker, _options.NetworkMode);
            var available = await mirror.AvailableVersionsAsync(group.Key, withPins.SelectMany(t => t.Packages.Keys), cancellationToken).ConfigureAwait(false);
            foreach (var item in withPins)
            {
                var (resolved, unavailable) = DebianPins.Resolve(item.Packages, available);
                if (unavailable.Count > 0)
                {
                    throw new PinnedPackagesUnavailableException(bundle.Name, item.Name, group.Key, unavailable);
                }

                foreach (var moved in resolved.Where(p => p.Moved))
                {
                    progress?.Report(new BundleImageProgress(bundle.Name, item.Name, $"resolved: {moved}"));
                }

                result[item.Name] = resolved;
            }
        }

        return result;
    }

    /// <summary>Kept without a rebuild: built from the bundle's current definition (on this base image, or loaded/pulled from elsewhere).</summary>
    private static bool IsCurrent(BundleToolchain toolchain, ImageInspect image) => ImageStatusRules.MatchesDefinition(toolchain, image);

    private async Task<ToolchainBuildResult> BuildOneAsync(
        Bundle bundle,
        BundleToolchain toolchain,
        string baseImageId,
        IReadOnlyList<ResolvedPackage> packages,
        byte[] caBundle,
        IProgress<BundleImageProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        progress?.Report(new BundleImageProgress(bundle.Name, toolchain.Name, $"building {toolchain.ImageReference} from {toolchain.Dockerfile}"));
        using var context = BuildContext.Create(toolchain, _catalog.ContainersDirectory, caBundle);

        // The definition (and so the tag) keeps the pins; the build installs what the mirror resolved them to.
        var buildArgs = new Dictionary<string, string>(toolchain.BuildArgs, StringComparer.Ordinal)
        {
            [BundleToolchain.PackagesArg] = string.Join(' ', packages.Select(p => $"{p.Name}={p.Installed}")),
        };
        var parameters = new ImageBuildParameters
        {
            Tags = [toolchain.ImageReference],
            BuildArgs = buildArgs,
            Labels = new Dictionary<string, string>
            {
                [ImageLabels.Bundle] = bundle.Name,
                [ImageLabels.Toolchain] = toolchain.Name,
                [ImageLabels.InputsHash] = ToolchainInputs.InputsHash(toolchain, baseImageId),
                [ImageLabels.DefinitionHash] = toolchain.DefinitionHash,
                [ImageLabels.BaseImageId] = baseImageId,
                [ImageLabels.Packages] = DebianPins.Label(packages),
            },
            NetworkMode = _options.NetworkMode,
            NoCache = _options.Force,
        };
        var imageId = await _docker.Images.BuildAsync(context, parameters, LineReporter(bundle, toolchain, progress), cancellationToken).ConfigureAwait(false);
        // A rebuilt image keeps its tag but not its id: builds made with the old one must not count as up to date.
        _record.Remember(toolchain.ImageReference, imageId);
        progress?.Report(new BundleImageProgress(bundle.Name, toolchain.Name, $"built {toolchain.ImageReference} ({imageId}) in {stopwatch.Elapsed.TotalSeconds:F0} s"));
        return new ToolchainBuildResult(toolchain.Name, toolchain.ImageReference, imageId, true, stopwatch.Elapsed);
    }

    private static IProgress<ProgressMessage>? LineReporter(Bundle bundle, BundleToolchain toolchain, IProgress<BundleImageProgress>? progress)
    {
        if (progress is null)
        {
            return null;
        }

        // Synchronous forwarding keeps the lines in order (Progress<T> would post them to the thread pool).
        return new SynchronousProgress(message =>
        {
            var text = message.Stream ?? message.Error ?? (message.Status is null ? null : $"{message.Id} {message.Status} {message.Progress}".Trim());
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                progress.Report(new BundleImageProgress(bundle.Name, toolchain.Name, line));
            }
        });
    }

    private sealed class SynchronousProgress(Action<ProgressMessage> handler) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value) => handler(value);
    }
}
