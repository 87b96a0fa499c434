using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Images;

public sealed class ImageStatusRulesTests
{
    private static readonly Bundle Sid = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Get("sid-2026.11.1");
    private static readonly BundleToolchain Rust = Sid.GetToolchain("rust");

    private static ImageInspect Image(IReadOnlyDictionary<string, string> labels, params string[] repoDigests) =>
        new("sha256:image", [Rust.ImageReference], repoDigests, labels, 1, null, "amd64", "linux");

    private static Dictionary<string, string> LabelsBuiltOn(string baseImageId) => new()
    {
        [ImageLabels.DefinitionHash] = Rust.DefinitionHash,
        [ImageLabels.InputsHash] = ToolchainInputs.InputsHash(Rust, baseImageId),
    };

    [Fact]
    public void No_image_is_missing()
    {
        var status = ImageStatusRules.Evaluate(Sid, Rust, null, "sha256:base");

        status.State.ShouldBe(ImageState.Missing);
        status.Detail.ShouldContain("wasmc bundle build sid-2026.11.1");
    }

    [Fact]
    public void An_image_built_from_the_current_inputs_on_the_current_base_is_present()
    {
        ImageStatusRules.Evaluate(Sid, Rust, Image(LabelsBuiltOn("sha256:base")), "sha256:base").State.ShouldBe(ImageState.Present);
    }

    [Fact]
    public void An_image_built_on_an_older_base_image_is_stale()
    {
        var status = ImageStatusRules.Evaluate(Sid, Rust, Image(LabelsBuiltOn("sha256:old")), "sha256:new");

        status.State.ShouldBe(ImageState.Stale);
        status.Detail.ShouldContain("base image wasmc/debian:sid was re-created");
    }

    [Fact]
    public void An_image_without_wasmc_labels_is_stale()
    {
        ImageStatusRules.Evaluate(Sid, Rust, Image(new Dictionary<string, string>()), "sha256:base").State.ShouldBe(ImageState.Stale);
    }

    [Fact]
    public void Without_a_local_base_image_a_matching_definition_counts_as_present()
    {
        ImageStatusRules.Evaluate(Sid, Rust, Image(LabelsBuiltOn("sha256:elsewhere")), null).State.ShouldBe(ImageState.Present);
    }
}
