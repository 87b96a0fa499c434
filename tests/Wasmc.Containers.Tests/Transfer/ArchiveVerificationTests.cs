using System.Text;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Transfer;

namespace Wasmc.Containers.Tests.Transfer;

/// <summary>Bundle archives checked without Docker: the manifest format and every reason to refuse an archive.</summary>
public sealed class ArchiveVerificationTests : IDisposable
{
    private readonly TemporaryContainersDirectory _containers = new();
    private readonly BundleCatalog _catalog;
    private readonly Bundle _bundle;

    public ArchiveVerificationTests()
    {
        _containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle);
        _catalog = BundleCatalog.Load(_containers.Path);
        _bundle = _catalog.Get("test-1");
    }

    private string ArchivePath => Path.Combine(_containers.Path, "test-1.tar");

    public void Dispose() => _containers.Dispose();

    private async Task<long> DataOffsetAsync(string entryName)
    {
        await using var file = File.OpenRead(ArchivePath);
        using var reader = new System.Formats.Tar.TarReader(file);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.Name == entryName)
            {
                return entry.DataOffset;
            }
        }

        throw new InvalidOperationException($"no {entryName}");
    }

    [Fact]
    public async Task A_valid_archive_passes_and_names_its_bundle_and_images()
    {
        var manifest = FakeArchives.WriteValid(ArchivePath, _bundle);

        var archive = await BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog);

        archive.Bundle.ShouldBeSameAs(_bundle);
        archive.ImagesSha256.ShouldBe(manifest.ImagesSha256);
        archive.Images.Single().Reference.ShouldBe(_bundle.GetToolchain("clang").ImageReference);
        archive.Images.Single().ImageId.ShouldBe(manifest.Toolchains[0].ImageId);
    }

    [Fact]
    public async Task The_oci_layout_of_newer_docker_save_is_read_too()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle), ociLayout: true);
        FakeArchives.Write(ArchivePath, FakeArchives.ManifestFor(_bundle, tar, digests), tar);

        var archive = await BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog);

        archive.Images.Single().ImageId.ShouldBe(digests[0]);
    }

    [Fact]
    public void The_manifest_round_trips_through_its_json()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        var manifest = FakeArchives.ManifestFor(_bundle, tar, digests);

        var json = Encoding.UTF8.GetString(manifest.ToJson());
        var read = BundleArchiveManifest.Parse(manifest.ToJson());

        json.ShouldContain("\"format\": \"wasmc-bundle-archive\"");
        json.ShouldContain("\"version\": 1");
        read.Bundle.ShouldBe(manifest.Bundle);
        read.Created.ShouldBe(manifest.Created);
        read.ImagesSha256.ShouldBe(manifest.ImagesSha256);
        read.ImagesSize.ShouldBe(manifest.ImagesSize);
        read.Toolchains.ShouldBe(manifest.Toolchains);
    }

    [Theory]
    [InlineData("""{"format":"wasmc-bundle-archive","version":2}""", "format version 2")]
    [InlineData("""{"format":"something-else","version":1}""", "has format 'something-else'")]
    [InlineData("""[1, 2]""", "not a JSON object")]
    [InlineData("""{"format":""", "not valid JSON")]
    [InlineData("""{"format":"wasmc-bundle-archive","version":1,"bundle":"test-1","images":{"file":"images.tar","sha256":"00","size":1},"toolchains":[]}""", "no valid images sha256")]
    public void A_manifest_this_wasmc_cannot_read_is_corrupt(string json, string expected)
    {
        var error = Should.Throw<BundleVerificationException>(() => BundleArchiveManifest.Parse(Encoding.UTF8.GetBytes(json)));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task A_changed_byte_in_the_images_fails_the_checksum()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        var manifest = FakeArchives.ManifestFor(_bundle, tar, digests);
        tar[1000] ^= 0x01;
        FakeArchives.Write(ArchivePath, manifest, tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.ChecksumMismatch);
        error.Message.ShouldContain("the file was changed or damaged");
    }

    [Fact]
    public async Task Images_of_another_size_than_recorded_fail_the_checksum()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        var manifest = FakeArchives.ManifestFor(_bundle, tar, digests) with { ImagesSize = tar.Length + 512 };
        FakeArchives.Write(ArchivePath, manifest, tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.ChecksumMismatch);
    }

    [Fact]
    public async Task An_archive_of_a_bundle_the_catalog_does_not_know_is_refused()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        FakeArchives.Write(ArchivePath, FakeArchives.ManifestFor(_bundle, tar, digests) with { Bundle = "sid-1999.1" }, tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.UnknownBundle);
        error.Message.ShouldContain("bundle 'sid-1999.1', which this wasmc does not know (known bundles: test-1)");
    }

    [Fact]
    public async Task An_archive_whose_manifest_names_another_definition_is_refused()
    {
        var (tar, digests) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        var manifest = FakeArchives.ManifestFor(_bundle, tar, digests);
        manifest = manifest with { Toolchains = [manifest.Toolchains[0] with { DefinitionHash = new string('0', 64) }] };
        FakeArchives.Write(ArchivePath, manifest, tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.OtherDefinition);
        error.Message.ShouldContain("not the current clang image of bundle 'test-1'");
    }

    [Fact]
    public async Task Images_labelled_with_another_definition_are_refused_even_when_the_manifest_claims_the_current_one()
    {
        var toolchain = _bundle.GetToolchain("clang");
        var labels = FakeArchives.LabelsOf(toolchain);
        labels[ImageLabels.DefinitionHash] = new string('1', 64);
        var (tar, digests) = FakeArchives.DockerSaveTar([new FakeImage(toolchain.ImageReference, labels)]);
        FakeArchives.Write(ArchivePath, FakeArchives.ManifestFor(_bundle, tar, digests), tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.OtherDefinition);
        error.Message.ShouldContain($"{ImageLabels.DefinitionHash}={new string('1', 64)}");
    }

    [Fact]
    public async Task Images_that_would_be_tagged_with_another_name_are_refused()
    {
        var toolchain = _bundle.GetToolchain("clang");
        var (tar, digests) = FakeArchives.DockerSaveTar([new FakeImage("wasmc/debian:trixie", FakeArchives.LabelsOf(toolchain))]);
        FakeArchives.Write(ArchivePath, FakeArchives.ManifestFor(_bundle, tar, digests), tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain("would tag the clang image as wasmc/debian:trixie");
    }

    [Fact]
    public async Task An_extra_image_in_the_images_tar_is_refused()
    {
        var toolchain = _bundle.GetToolchain("clang");
        var images = FakeArchives.ImagesOf(_bundle);
        images.Add(new FakeImage("wasmc/debian:trixie", new Dictionary<string, string>()));
        var (tar, digests) = FakeArchives.DockerSaveTar(images);
        FakeArchives.Write(ArchivePath, FakeArchives.ManifestFor(_bundle, tar, digests), tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain("holds 2 image(s), the archive's manifest lists 1");
    }

    [Theory]
    [InlineData(BundleArchiveManifest.ImagesEntryName, 0)]
    [InlineData(BundleArchiveManifest.ImagesEntryName, 700)]
    [InlineData(BundleArchiveManifest.EntryName, 20)]
    public async Task An_archive_cut_inside_an_entry_is_corrupt(string entryName, int keptBytesOfEntry)
    {
        FakeArchives.WriteValid(ArchivePath, _bundle);
        var cut = await DataOffsetAsync(entryName) + keptBytesOfEntry;
        var bytes = await File.ReadAllBytesAsync(ArchivePath);
        await File.WriteAllBytesAsync(ArchivePath, bytes[..(int)cut]);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain("is not a valid wasmc bundle archive");
    }

    [Fact]
    public async Task A_file_that_is_not_a_tar_is_corrupt()
    {
        await File.WriteAllTextAsync(ArchivePath, "this is not an archive\n");

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
    }

    [Fact]
    public async Task A_docker_save_tar_without_the_wasmc_manifest_is_not_a_bundle_archive()
    {
        var (tar, _) = FakeArchives.DockerSaveTar(FakeArchives.ImagesOf(_bundle));
        await File.WriteAllBytesAsync(ArchivePath, tar);

        var error = await Should.ThrowAsync<BundleVerificationException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Failure.ShouldBe(BundleVerificationFailure.Corrupt);
        error.Message.ShouldContain("it has no wasmc-bundle.json (make archives with `wasmc bundle save`)");
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var error = await Should.ThrowAsync<FileNotFoundException>(() => BundleTransfer.CheckArchiveAsync(ArchivePath, _catalog));

        error.Message.ShouldContain("test-1.tar does not exist");
    }
}
