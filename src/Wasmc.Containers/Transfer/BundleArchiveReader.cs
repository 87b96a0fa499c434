using System.Formats.Tar;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;

namespace Wasmc.Containers.Transfer;

/// <summary>
/// Checks a bundle archive completely from the file alone, before anything is loaded into the engine:
/// the manifest, the bundle and its current definition, the images tar's size and sha256, and the labels,
/// config digests and tags of the images inside it.
/// </summary>
internal static class BundleArchiveReader
{
    private const int MaxManifestBytes = 1 << 20;

    /// <exception cref="BundleVerificationException">The archive is not one of a known bundle's current images.</exception>
    public static async Task<BundleArchive> VerifyAsync(string path, BundleCatalog catalog, Action<long, long>? onHashed, CancellationToken cancellationToken)
    {
        // The cheap checks first: the manifest alone says which bundle and definition the images claim to be.
        var (manifest, imagesLength) = await ReadManifestAsync(path, cancellationToken).ConfigureAwait(false);
        var bundle = CheckAgainstCatalog(manifest, catalog);
        if (imagesLength != manifest.ImagesSize)
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.ChecksumMismatch,
                $"{path}: the images tar is {imagesLength} bytes, the archive's manifest says {manifest.ImagesSize}; the file was changed or damaged");
        }

        IReadOnlyList<SavedImage>? saved = null;
        BundleVerificationException? unreadable = null;
        string sha256;
        await using (var file = OpenRead(path))
        {
            var entry = await FindEntryAsync(file, BundleArchiveManifest.ImagesEntryName, cancellationToken).ConfigureAwait(false);
            await using var images = new MeteredReadStream(entry.DataStream!, ByteSizes.ReportStep(imagesLength), read => onHashed?.Invoke(read, imagesLength));
            try
            {
                saved = await DockerSaveTar.ReadAsync(images, cancellationToken).ConfigureAwait(false);
            }
            catch (BundleVerificationException e)
            {
                // A damaged tar usually also fails the checksum, which explains it better; decide after hashing it all.
                unreadable = e;
            }

            await images.DrainAsync(cancellationToken).ConfigureAwait(false);
            sha256 = images.Sha256Hex();
        }

        if (sha256 != manifest.ImagesSha256)
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.ChecksumMismatch,
                $"{path}: the images tar has sha256 {sha256}, the archive's manifest says {manifest.ImagesSha256}; the file was changed or damaged");
        }

        if (unreadable is not null)
        {
            throw unreadable;
        }

        CheckImages(manifest, bundle, saved!);
        return new BundleArchive(Path.GetFullPath(path), bundle, manifest);
    }

    /// <summary>Opens the images tar inside the archive and passes it to <paramref name="use"/>.</summary>
    public static async Task WithImagesAsync(string path, Func<Stream, Task> use, CancellationToken cancellationToken)
    {
        await using var file = OpenRead(path);
        var entry = await FindEntryAsync(file, BundleArchiveManifest.ImagesEntryName, cancellationToken).ConfigureAwait(false);
        await use(entry.DataStream!).ConfigureAwait(false);
    }

    private static async Task<(BundleArchiveManifest Manifest, long ImagesLength)> ReadManifestAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = OpenRead(path);
        byte[]? manifest = null;
        long? imagesLength = null;
        try
        {
            // The file is seekable, so the reader seeks over the images' data instead of reading it.
            using var reader = new TarReader(file, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.DataOffset + entry.Length > file.Length)
                {
                    throw Truncated(path, $"entry {entry.Name} ends after the end of the file");
                }

                if (entry.Name == BundleArchiveManifest.EntryName && entry.DataStream is not null)
                {
                    if (entry.Length > MaxManifestBytes)
                    {
                        throw Corrupt(path, $"{entry.Name} is {entry.Length} bytes, far more than a manifest");
                    }

                    manifest = new byte[entry.Length];
                    await entry.DataStream.ReadExactlyAsync(manifest, cancellationToken).ConfigureAwait(false);
                }
                else if (entry.Name == BundleArchiveManifest.ImagesEntryName && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    imagesLength = entry.Length;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw Truncated(path, e.Message, e);
        }

        if (manifest is null)
        {
            throw Corrupt(path, $"it has no {BundleArchiveManifest.EntryName} (make archives with `wasmc bundle save`)");
        }

        if (imagesLength is null)
        {
            throw Corrupt(path, $"it has no {BundleArchiveManifest.ImagesEntryName}");
        }

        try
        {
            return (BundleArchiveManifest.Parse(manifest), imagesLength.Value);
        }
        catch (BundleVerificationException e)
        {
            throw new BundleVerificationException(e.Failure, $"{path}: {e.Message}", e);
        }
    }

    /// <summary>The bundle the manifest names, if the catalog knows it and the manifest matches its current definition.</summary>
    internal static Bundle CheckAgainstCatalog(BundleArchiveManifest manifest, BundleCatalog catalog)
    {
        if (!catalog.TryGet(manifest.Bundle, out var bundle))
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.UnknownBundle,
                $"the archive holds images of bundle '{manifest.Bundle}', which this wasmc does not know (known bundles: {string.Join(", ", catalog.Bundles.Select(b => b.Name))})");
        }

        var expected = bundle.Toolchains.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var archived = manifest.Toolchains.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(archived))
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.OtherDefinition,
                $"the archive holds toolchains {string.Join(", ", archived)} of bundle '{bundle.Name}', which has {string.Join(", ", expected)}");
        }

        foreach (var archivedToolchain in manifest.Toolchains)
        {
            var toolchain = bundle.GetToolchain(archivedToolchain.Name);
            if (archivedToolchain.DefinitionHash != toolchain.DefinitionHash || archivedToolchain.Reference != toolchain.ImageReference)
            {
                throw OtherDefinition(bundle, toolchain, archivedToolchain.Reference);
            }
        }

        return bundle;
    }

    /// <summary>What the docker-save tar would load must be exactly the manifest's images, labelled as the bundle's current ones.</summary>
    internal static void CheckImages(BundleArchiveManifest manifest, Bundle bundle, IReadOnlyList<SavedImage> saved)
    {
        if (saved.Count != manifest.Toolchains.Count)
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.Corrupt,
                $"the images tar holds {saved.Count} image(s), the archive's manifest lists {manifest.Toolchains.Count}");
        }

        foreach (var archived in manifest.Toolchains)
        {
            var toolchain = bundle.GetToolchain(archived.Name);
            var image = saved.FirstOrDefault(s => s.ConfigDigest == archived.ConfigDigest)
                ?? throw new BundleVerificationException(
                    BundleVerificationFailure.Corrupt,
                    $"the images tar has no image with config {archived.ConfigDigest} (toolchain {archived.Name})");
            if (image.RepoTags.Any(tag => tag != toolchain.ImageReference))
            {
                throw new BundleVerificationException(
                    BundleVerificationFailure.Corrupt,
                    $"the images tar would tag the {archived.Name} image as {string.Join(", ", image.RepoTags)}, not {toolchain.ImageReference}");
            }

            if (!image.Labels.TryGetValue(ImageLabels.Bundle, out var labelBundle) || labelBundle != bundle.Name
                || !image.Labels.TryGetValue(ImageLabels.Toolchain, out var labelToolchain) || labelToolchain != toolchain.Name
                || !image.Labels.TryGetValue(ImageLabels.DefinitionHash, out var labelDefinition) || labelDefinition != toolchain.DefinitionHash)
            {
                throw OtherDefinition(bundle, toolchain, $"the image labelled {Describe(image.Labels)}");
            }
        }
    }

    internal static BundleVerificationException OtherDefinition(Bundle bundle, BundleToolchain toolchain, string what) =>
        new(
            BundleVerificationFailure.OtherDefinition,
            $"{what} is not the current {toolchain.Name} image of bundle '{bundle.Name}' (expected {toolchain.ImageReference}, " +
            $"definition hash {toolchain.DefinitionHash}); it was made from another definition of the bundle, so it is refused");

    internal static string Describe(IReadOnlyDictionary<string, string> labels) =>
        string.Join(
            ", ",
            new[] { ImageLabels.Bundle, ImageLabels.Toolchain, ImageLabels.DefinitionHash }
                .Select(label => $"{label}={(labels.TryGetValue(label, out var value) ? value : "(none)")}"));

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path} does not exist", path, e);
        }
    }

    private static async Task<TarEntry> FindEntryAsync(FileStream file, string name, CancellationToken cancellationToken)
    {
        // Not disposed: disposing the reader would dispose the entry's data stream, which the caller still reads.
        var reader = new TarReader(file, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.Name == name && entry.DataStream is not null)
            {
                return entry;
            }
        }

        throw Corrupt(file.Name, $"it has no {name}");
    }

    private static BundleVerificationException Corrupt(string path, string message, Exception? inner = null) =>
        new(BundleVerificationFailure.Corrupt, $"{path} is not a valid wasmc bundle archive: {message}", inner);

    private static BundleVerificationException Truncated(string path, string message, Exception? inner = null) =>
        new(BundleVerificationFailure.Corrupt, $"{path} is not a valid wasmc bundle archive: it is truncated or damaged ({message})", inner);
}
