using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Support;
using Wasmc.Containers.Transfer;
using Xunit.Abstractions;

namespace Wasmc.Containers.Tests.Transfer;

/// <summary>bundle save / load against the real engine, with the tiny two-image test bundle.</summary>
public sealed class ArchiveIntegrationTests(ITestOutputHelper output)
{
    [DockerFact]
    public async Task Build_save_remove_load_gives_the_same_image_ids_and_build_keeps_them()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var built = await tiny.ImageIdsAsync();
        var transfer = new BundleTransfer(docker, tiny.Catalog);
        var archivePath = folder.Combine("tiny.tar");

        var saved = await transfer.SaveAsync(tiny.Bundle, archivePath, new OutputProgress(output));
        await tiny.RemoveImagesAsync();
        (await tiny.ImageIdsAsync()).Values.ShouldAllBe(id => id == null);
        var loaded = await transfer.LoadAsync(archivePath, new OutputProgress(output));

        saved.Images.Select(i => i.ImageId).ShouldBe(tiny.Bundle.Toolchains.Select(t => built[t.Name]));
        loaded.Select(i => i.ImageId).ShouldBe(saved.Images.Select(i => i.ImageId));
        (await tiny.ImageIdsAsync()).ShouldBe(built);
        Directory.GetFiles(folder.Path).ShouldBe([archivePath]);

        var builder = new BundleImageBuilder(docker, tiny.Catalog, new BundleImageOptions { NetworkMode = "none" });
        (await builder.GetStatusAsync(tiny.Bundle)).ShouldAllBe(status => status.State == ImageState.Present);
        (await builder.BuildAsync(tiny.Bundle)).ShouldAllBe(result => !result.Built);
    }

    [DockerFact]
    public async Task A_tampered_archive_is_refused_and_nothing_is_loaded()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var transfer = new BundleTransfer(docker, tiny.Catalog);
        var archivePath = folder.Combine("tiny.tar");
        await transfer.SaveAsync(tiny.Bundle, archivePath);
        await tiny.RemoveImagesAsync();

        // One byte inside the images tar (after the outer header), as a damaged copy would have it.
        await using (var file = new FileStream(archivePath, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 512 + 2048;
            var original = file.ReadByte();
            file.Position = 512 + 2048;
            file.WriteByte((byte)(original ^ 0xFF));
        }

        var error = await Should.ThrowAsync<BundleVerificationException>(() => transfer.LoadAsync(archivePath));

        error.Failure.ShouldBe(BundleVerificationFailure.ChecksumMismatch);
        (await tiny.ImageIdsAsync()).Values.ShouldAllBe(id => id == null);
    }

    [DockerFact]
    public async Task An_archive_of_another_definition_is_refused_and_nothing_is_loaded()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        var archivePath = folder.Combine("tiny.tar");
        await new BundleTransfer(docker, tiny.Catalog).SaveAsync(tiny.Bundle, archivePath);
        await tiny.RemoveImagesAsync();
        var newerCatalog = tiny.OtherDefinitionCatalog();

        var error = await Should.ThrowAsync<BundleVerificationException>(() => new BundleTransfer(docker, newerCatalog).LoadAsync(archivePath));

        error.Failure.ShouldBe(BundleVerificationFailure.OtherDefinition);
        error.Message.ShouldContain("another definition");
        (await docker.Images.ListAsync(new Dictionary<string, string?> { [ImageLabels.Bundle] = tiny.Name })).ShouldBeEmpty();
    }

    [DockerFact]
    public async Task Saving_a_bundle_with_a_missing_image_is_refused_and_writes_nothing()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();

        var error = await Should.ThrowAsync<BundleImagesMissingException>(() => new BundleTransfer(docker, tiny.Catalog).SaveAsync(tiny.Bundle, folder.Combine("tiny.tar")));

        error.Message.ShouldContain($"wasmc bundle build {tiny.Name}");
        error.References.Count.ShouldBe(2);
        Directory.GetFiles(folder.Path).ShouldBeEmpty();
    }

    [DockerFact]
    public async Task A_save_cancelled_midway_leaves_no_file()
    {
        using var docker = await TestDocker.ConnectAsync();
        await using var tiny = await TinyBundle.CreateAsync(docker);
        using var folder = new TempFolder();
        await tiny.BuildAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new ActionProgress(p =>
        {
            // The images are written; the archive is not finished yet.
            if (p.Message.StartsWith("checking the written images", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new BundleTransfer(docker, tiny.Catalog).SaveAsync(tiny.Bundle, folder.Combine("tiny.tar"), progress, cancel.Token));

        Directory.GetFiles(folder.Path).ShouldBeEmpty();
    }

    private sealed class OutputProgress(ITestOutputHelper output) : IProgress<BundleTransferProgress>
    {
        public void Report(BundleTransferProgress value) => output.WriteLine($"[{value.Bundle}/{value.Toolchain}] {value.Message}");
    }

    private sealed class ActionProgress(Action<BundleTransferProgress> action) : IProgress<BundleTransferProgress>
    {
        public void Report(BundleTransferProgress value) => action(value);
    }
}
