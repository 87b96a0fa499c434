using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Images;

public sealed class ImageStatusRulesTests
{
    private static readonly Bundle Sid = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Get("sid-2026.11.2");
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
        status.Detail.ShouldContain("wasmc bundle build sid-2026.11.2");
    }

    [Fact]
    public void An_image_built_from_the_current_inputs_on_the_current_base_is_present()
    {
        var status = ImageStatusRules.Evaluate(Sid, Rust, Image(LabelsBuiltOn("sha256:base")), "sha256:base");

        status.State.ShouldBe(ImageState.Present);
        status.Detail.ShouldBe("current");
    }

    [Fact]
    public void An_image_of_the_current_definition_built_on_another_base_image_is_present_and_says_so()
    {
        // Loaded from an archive or pulled: built on another machine, whose base image has another id.
        var status = ImageStatusRules.Evaluate(Sid, Rust, Image(LabelsBuiltOn("sha256:elsewhere")), "sha256:here");

        status.State.ShouldBe(ImageState.Present);
        status.Detail.ShouldContain("built on another base image than the local wasmc/debian:sid (loaded or pulled");
        status.Detail.ShouldContain("wasmc bundle build sid-2026.11.2 --force");
    }

    [Fact]
    public void An_image_of_another_definition_is_stale()
    {
        var labels = LabelsBuiltOn("sha256:base");
        labels[ImageLabels.DefinitionHash] = new string('0', 64);

        var status = ImageStatusRules.Evaluate(Sid, Rust, Image(labels), "sha256:base");

        status.State.ShouldBe(ImageState.Stale);
        status.Detail.ShouldContain("built from other inputs than the bundle file now says");
    }

    [Fact]
    public void Only_the_definition_hash_decides_whether_an_image_matches()
    {
        ImageStatusRules.MatchesDefinition(Rust, Image(LabelsBuiltOn("sha256:anything"))).ShouldBeTrue();
        ImageStatusRules.MatchesDefinition(Rust, Image(new Dictionary<string, string> { [ImageLabels.InputsHash] = "x" })).ShouldBeFalse();
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
