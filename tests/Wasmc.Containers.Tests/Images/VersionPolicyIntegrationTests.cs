using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Support;

namespace Wasmc.Containers.Tests.Images;

/// <summary>
/// The version policy inside a real image build (a tiny bundle; the mirror is a recorded answer): what the mirror
/// resolved a pin to is what the image installs and records, and an unsatisfiable pin stops before anything is built.
/// </summary>
public sealed class VersionPolicyIntegrationTests
{
    [DockerFact]
    public async Task A_moved_revision_is_installed_and_recorded_in_the_image_and_its_status()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        var mirror = new RecordedMirror(new()
        {
            ["alpha"] = ["1.0.0-1+deb13u1", "0.9.0-1"],
            ["beta"] = ["2.0.0-1"],
        });

        var results = await tiny.BuildAsync(mirror);

        results.ShouldAllBe(r => r.Built);
        var alpha = tiny.Bundle.GetToolchain("alpha");
        var image = (await docker.Images.InspectAsync(alpha.ImageReference)).ShouldNotBeNull();
        image.Labels[ImageLabels.Packages].ShouldBe("alpha=1.0.0-1+deb13u1");
        var status = (await new BundleImageBuilder(docker, tiny.Catalog).GetStatusAsync(tiny.Bundle)).Single(s => s.Toolchain == "alpha");
        status.Packages.ShouldBe([new ResolvedPackage("alpha", "1.0.0-1", "1.0.0-1+deb13u1")]);

        // The Dockerfile echoes PACKAGES into the image: the build got the resolved version, the tag kept the pin.
        alpha.ImageReference.ShouldEndWith(":" + alpha.DefinitionHash[..12]);
        mirror.Asked.ShouldBe(["busybox"], "one question per base image, not per toolchain");
    }

    [DockerFact]
    public async Task A_pin_whose_upstream_version_is_gone_stops_the_build_before_any_image_is_built()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        var mirror = new RecordedMirror(new()
        {
            ["alpha"] = ["1.0.0-1"],
            ["beta"] = ["2.1.0-1"],
        });

        var error = await Should.ThrowAsync<PinnedPackagesUnavailableException>(() => tiny.BuildAsync(mirror));

        error.Toolchain.ShouldBe("beta");
        error.Message.ShouldContain("beta: pinned 2.0.0-1; the mirror only has 2.1.0-1 (another upstream version)");
        (await tiny.ImageIdsAsync()).Values.ShouldAllBe(id => id == null);
    }

    private sealed class RecordedMirror(Dictionary<string, IReadOnlyList<string>> versions) : IDebianMirror
    {
        public List<string> Asked { get; } = [];

        public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AvailableVersionsAsync(string baseImage, IEnumerable<string> packages, CancellationToken cancellationToken)
        {
            Asked.Add(baseImage.Contains("busybox", StringComparison.Ordinal) ? "busybox" : baseImage);
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(versions);
        }
    }
}
