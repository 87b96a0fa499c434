using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Support;
using Wasmc.Containers.Transfer;
using Wasmc.Docker;
using Xunit.Abstractions;

namespace Wasmc.Containers.Tests.Transfer;

/// <summary>bundle push / pull against the real engine and a real OCI registry (docker-registry on 127.0.0.1).</summary>
public sealed class RegistryIntegrationTests(ITestOutputHelper output)
{
    [DockerFact]
    public async Task Build_push_remove_pull_by_the_recorded_digests_gives_the_same_image_ids()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var registry = await LocalRegistry.StartAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var built = await tiny.ImageIdsAsync();
        var transfer = new BundleTransfer(docker, tiny.Catalog);
        var location = RegistryLocation.Parse($"{registry.Host}/wasmc-test");
        var recordPath = folder.Combine("tiny.images.toml");

        var pushed = await transfer.PushAsync(tiny.Bundle, location, recordPath, new OutputProgress(output));
        await tiny.RemoveImagesAsync();
        var plan = BundleTransfer.PlanPull(tiny.Bundle, new BundlePullSource { RecordPath = recordPath });
        var pulled = await transfer.PullAsync(plan, new OutputProgress(output));

        pushed.Images.Select(i => i.ImageId).ShouldBe(tiny.Bundle.Toolchains.Select(t => built[t.Name]));
        plan.References.ShouldBe(pushed.Images.Select(i => $"{i.Repository}@{i.Digest}"));
        pulled.Select(i => i.ImageId).ShouldBe(pushed.Images.Select(i => i.ImageId));
        (await tiny.ImageIdsAsync()).ShouldBe(built);

        var record = ImageRecordFile.Read(recordPath);
        record.Registry.ShouldBe(location);
        record.Images.ShouldBe(pushed.Images);
        Directory.GetFiles(folder.Path).ShouldBe([recordPath]);

        // Only the wasmc names remain: the registry names used for push and pull were removed again.
        foreach (var image in pushed.Images)
        {
            var inspect = (await docker.Images.InspectAsync(image.ImageId)).ShouldNotBeNull();
            inspect.RepoTags.ShouldBe([tiny.Bundle.GetToolchain(image.Toolchain).ImageReference]);
        }

        var builder = new BundleImageBuilder(docker, tiny.Catalog, new BundleImageOptions { NetworkMode = "none" });
        (await builder.GetStatusAsync(tiny.Bundle)).ShouldAllBe(status => status.State == ImageState.Present);
    }

    [DockerFact]
    public async Task Without_a_record_a_pull_by_tag_gets_the_same_images()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var registry = await LocalRegistry.StartAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var built = await tiny.ImageIdsAsync();
        var transfer = new BundleTransfer(docker, tiny.Catalog);
        var location = RegistryLocation.Parse($"{registry.Host}/by-tag");
        await transfer.PushAsync(tiny.Bundle, location, folder.Combine("unused.images.toml"));
        await tiny.RemoveImagesAsync();

        await transfer.PullAsync(BundleTransfer.PlanPull(tiny.Bundle, new BundlePullSource { Registry = location }));

        (await tiny.ImageIdsAsync()).ShouldBe(built);
    }

    [DockerFact]
    public async Task A_pulled_image_without_the_bundles_definition_is_refused_and_removed()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var registry = await LocalRegistry.StartAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        var location = RegistryLocation.Parse($"{registry.Host}/impostor");
        var alpha = tiny.Bundle.GetToolchain("alpha");

        // Someone pushed the plain busybox test image where the bundle's alpha image belongs.
        var repository = location.Repository(tiny.Name, "alpha");
        var impostor = $"{repository}:{alpha.ImageTag}";
        await docker.Images.TagAsync(TestDocker.BusyboxImage, repository, alpha.ImageTag);
        await docker.Images.PushAsync(impostor);
        await docker.Images.RemoveAsync(impostor);

        var plan = BundleTransfer.PlanPull(tiny.Bundle, new BundlePullSource { Registry = location });
        var error = await Should.ThrowAsync<BundleVerificationException>(() => new BundleTransfer(docker, tiny.Catalog).PullAsync(plan));

        error.Failure.ShouldBe(BundleVerificationFailure.OtherDefinition);
        error.Message.ShouldContain(impostor);
        (await docker.Images.InspectAsync(impostor)).ShouldBeNull();
        (await docker.Images.InspectAsync(alpha.ImageReference)).ShouldBeNull();
        (await docker.Images.InspectAsync(TestDocker.BusyboxImage)).ShouldNotBeNull();
    }

    [DockerFact]
    public async Task An_unreachable_registry_is_reported_as_such_for_push_and_pull()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var nowhere = RegistryLocation.Parse($"127.0.0.1:{LocalRegistry.FreeLoopbackPort()}/wasmc");
        var transfer = new BundleTransfer(docker, tiny.Catalog);
        var recordPath = folder.Combine("tiny.images.toml");

        var push = await Should.ThrowAsync<RegistryException>(() => transfer.PushAsync(tiny.Bundle, nowhere, recordPath));
        var pull = await Should.ThrowAsync<RegistryException>(() => transfer.PullAsync(BundleTransfer.PlanPull(tiny.Bundle, new BundlePullSource { Registry = nowhere })));

        push.Unreachable.ShouldBeTrue(push.Message);
        push.Message.ShouldContain($"the registry {nowhere} cannot be reached");
        pull.Unreachable.ShouldBeTrue(pull.Message);
        File.Exists(recordPath).ShouldBeFalse();
        (await docker.Images.InspectAsync($"{nowhere.Repository(tiny.Name, "alpha")}:{tiny.Bundle.GetToolchain("alpha").ImageTag}")).ShouldBeNull();
    }

    private sealed class OutputProgress(ITestOutputHelper output) : IProgress<BundleTransferProgress>
    {
        public void Report(BundleTransferProgress value) => output.WriteLine($"[{value.Bundle}/{value.Toolchain}] {value.Message}");
    }
}
