using Wasmc.Containers.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.Images;

/// <summary>Decides present / stale / missing from an image's labels; no Docker calls, so it is unit-tested.</summary>
/// <remarks>
/// The definition hash decides, not the base image: an image loaded from an archive or pulled from a
/// registry was built on another machine's base image (another id) and is still the bundle's image.
/// </remarks>
internal static class ImageStatusRules
{
    public static ToolchainImageStatus Evaluate(Bundle bundle, BundleToolchain toolchain, ImageInspect? image, string? baseImageId)
    {
        ToolchainImageStatus Status(ImageState state, string detail) =>
            new(bundle.Name, toolchain.Name, toolchain.ImageReference, state, image?.Id, detail);

        if (image is null)
        {
            return Status(ImageState.Missing, $"not built yet: `wasmc bundle build {bundle.Name}`");
        }

        if (toolchain.Digest is { } digest && image.RepoDigests.Any(d => d.EndsWith("@" + digest, StringComparison.Ordinal)))
        {
            return Status(ImageState.Present, $"pulled by digest {digest}");
        }

        if (!MatchesDefinition(toolchain, image))
        {
            return Status(ImageState.Stale, $"built from other inputs than the bundle file now says: `wasmc bundle build {bundle.Name}`");
        }

        if (baseImageId is null)
        {
            return Status(ImageState.Present, $"current (base image {toolchain.Base} is not present here, so it was not compared)");
        }

        return image.Labels.TryGetValue(ImageLabels.InputsHash, out var inputs) && inputs == ToolchainInputs.InputsHash(toolchain, baseImageId)
            ? Status(ImageState.Present, "current")
            : Status(
                ImageState.Present,
                $"current; built on another base image than the local {toolchain.Base} (loaded or pulled, or the base was re-created since): " +
                $"`wasmc bundle build {bundle.Name} --force` rebuilds it here");
    }

    /// <summary>Whether <paramref name="image"/> was built from <paramref name="toolchain"/>'s current definition (on any base image).</summary>
    public static bool MatchesDefinition(BundleToolchain toolchain, ImageInspect image) =>
        image.Labels.TryGetValue(ImageLabels.DefinitionHash, out var definition) && definition == toolchain.DefinitionHash;
}
