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

    public BundleImageBuilder(IDockerClient docker, BundleCatalog catalog, BundleImageOptions? options = null)
    {
        _docker = docker;
        _catalog = catalog;
        _options = options ?? new BundleImageOptions();
    }

    /// <summary>The state of each toolchain image of <paramref name="bundle"/>.</summary>
    public async Task<IReadOnlyList<ToolchainImageStatus>> GetStatusAsync(Bundle bundle, CancellationToken cancellationToken = default)
    {
        var baseImage = await _docker.Images.InspectAsync(bundle.Base, cancellationToken).ConfigureAwait(false);
        var result = new List<ToolchainImageStatus>();
        foreach (var toolchain in bundle.Toolchains)
        {
            var image = await _docker.Images.InspectAsync(toolchain.ImageReference, cancellationToken).ConfigureAwait(false);
            result.Add(ImageStatusRules.Evaluate(bundle, toolchain, image, baseImage?.Id));
        }

        return result;
    }

    /// <summary>
    /// Builds the images of <paramref name="bundle"/> (or only <paramref name="toolchain"/>) that are missing or stale.
    /// </summary>
    /// <exception cref="BaseImageMissingException">The base image does not exist (run <c>containers/bootstrap</c>).</exception>
    /// <exception cref="BundleNotFoundException">The bundle has no such toolchain.</exception>
    /// <exception cref="DockerApiException">A build failed; the message has Docker's error and last output lines.</exception>
    public async Task<IReadOnlyList<ToolchainBuildResult>> BuildAsync(
        Bundle bundle,
        string? toolchain = null,
        IProgress<BundleImageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var toolchains = toolchain is null ? bundle.Toolchains : [bundle.GetToolchain(toolchain)];
        var baseImage = await _docker.Images.InspectAsync(bundle.Base, cancellationToken).ConfigureAwait(false)
            ?? throw new BaseImageMissingException(bundle.Name, bundle.Base);
        var caBundle = BuildContext.ReadCaBundle(_options);

        var results = new List<ToolchainBuildResult>();
        foreach (var item in toolchains)
        {
            results.Add(await BuildOneAsync(bundle, item, baseImage.Id, caBundle, progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<ToolchainBuildResult> BuildOneAsync(
        Bundle bundle,
        BundleToolchain toolchain,
        string baseImageId,
        byte[] caBundle,
        IProgress<BundleImageProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var inputsHash = ToolchainInputs.InputsHash(toolchain, baseImageId);
        var existing = await _docker.Images.InspectAsync(toolchain.ImageReference, cancellationToken).ConfigureAwait(false);
        if (!_options.Force && existing is not null && ImageStatusRules.MatchesDefinition(toolchain, existing))
        {
            progress?.Report(new BundleImageProgress(bundle.Name, toolchain.Name, $"{toolchain.ImageReference} is up to date"));
            return new ToolchainBuildResult(toolchain.Name, toolchain.ImageReference, existing.Id, false, stopwatch.Elapsed);
        }

        progress?.Report(new BundleImageProgress(bundle.Name, toolchain.Name, $"building {toolchain.ImageReference} from {toolchain.Dockerfile}"));
        using var context = BuildContext.Create(toolchain, _catalog.ContainersDirectory, caBundle);
        var parameters = new ImageBuildParameters
        {
            Tags = [toolchain.ImageReference],
            BuildArgs = toolchain.BuildArgs,
            Labels = new Dictionary<string, string>
            {
                [ImageLabels.Bundle] = bundle.Name,
                [ImageLabels.Toolchain] = toolchain.Name,
                [ImageLabels.InputsHash] = inputsHash,
                [ImageLabels.DefinitionHash] = toolchain.DefinitionHash,
                [ImageLabels.BaseImageId] = baseImageId,
            },
            NetworkMode = _options.NetworkMode,
            NoCache = _options.Force,
        };
        var imageId = await _docker.Images.BuildAsync(context, parameters, LineReporter(bundle, toolchain, progress), cancellationToken).ConfigureAwait(false);
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
