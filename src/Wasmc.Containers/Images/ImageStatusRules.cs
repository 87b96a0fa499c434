using Wasmc.Containers.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.Images;

/// <summary>Decides present / stale / missing from an image's labels; no Docker calls, so it is unit-tested.</summary>
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

        var labels = image.Labels;
        if (!labels.TryGetValue(ImageLabels.DefinitionHash, out var definition) || definition != toolchain.DefinitionHash)
        {
            return Status(ImageState.Stale, $"built from other inputs than the bundle file now says: `wasmc bundle build {bundle.Name}`");
        }

        if (baseImageId is null)
        {
            return Status(ImageState.Present, $"current (base image {toolchain.Base} is not present here, so it was not compared)");
        }

        return labels.TryGetValue(ImageLabels.InputsHash, out var inputs) && inputs == ToolchainInputs.InputsHash(toolchain, baseImageId)
            ? Status(ImageState.Present, "current")
            : Status(ImageState.Stale, $"base image {toolchain.Base} was re-created since this image was built: `wasmc bundle build {bundle.Name}`");
    }
}
