using System.Formats.Tar;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Docker;

namespace Wasmc.Containers.Transfer;

/// <summary>
/// Moves the toolchain images of a bundle between machines: through an archive file (save, check, load) or an
/// OCI registry (push, plan a pull, pull). Whatever comes in is checked against the catalog's current definition
/// of the bundle (the images' <c>wasmc.*</c> labels) and refused with <see cref="BundleVerificationException"/>
/// otherwise; archives and pull plans are checked without Docker, before anything enters the engine.
/// Formats: docs/bundles.md, "Moving images".
/// </summary>
public sealed class BundleTransfer
{
    private static readonly UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly IDockerClient _docker;
    private readonly ImageIdRecord _record;
    private readonly BundleCatalog _catalog;

    public BundleTransfer(IDockerClient docker, BundleCatalog catalog)
    {
        _docker = docker;
        _record = ImageIdRecord.For(docker.Endpoint);
        _catalog = catalog;
    }

    /// <summary>The record file <see cref="PushAsync"/> writes by default: <c>&lt;bundle&gt;.images.toml</c>.</summary>
    public static string DefaultRecordFileName(string bundle) => ImageRecordFile.DefaultFileName(bundle);

    /// <summary>
    /// Writes every toolchain image of <paramref name="bundle"/> into one archive at <paramref name="archivePath"/>
    /// (replacing it), all at once or not at all: on any error or cancellation no file is left behind.
    /// </summary>
    /// <exception cref="BundleImagesMissingException">An image is missing locally or not of the bundle's current definition.</exception>
    public async Task<BundleArchive> SaveAsync(
        Bundle bundle,
        string archivePath,
        IProgress<BundleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var path = Path.GetFullPath(archivePath);
        var images = await RequireCurrentImagesAsync(bundle, cancellationToken).ConfigureAwait(false);
        var estimate = images.Sum(image => image.Image.Size);
        Report(progress, bundle, null, $"saving {images.Count} image(s) (about {ByteSizes.Format(estimate)}; layers they share are stored once) to {path}");

        BundleArchiveManifest? manifest = null;
        await AtomicFile.WriteAsync(
            path,
            async file =>
            {
                await using var tar = new TarWriter(file, TarEntryFormat.Gnu, leaveOpen: true);
                var (size, sha256) = await WriteImagesEntryAsync(tar, images.Select(i => i.Toolchain.ImageReference).ToList(), estimate, bundle, progress, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);

                // Read back what was written: it gives the config digests for the manifest, and proves the tar
                // holds the images with their labels before the file gets its final name.
                Report(progress, bundle, null, "checking the written images");
                var saved = await ReadBackAsync(file.Name, cancellationToken).ConfigureAwait(false);
                manifest = new BundleArchiveManifest(
                    bundle.Name,
                    DateTimeOffset.UtcNow,
                    sha256,
                    size,
                    images.Select(item => new ArchivedToolchain(
                        item.Toolchain.Name,
                        item.Toolchain.ImageReference,
                        item.Image.Id,
                        (saved.FirstOrDefault(s => s.RepoTags.Contains(item.Toolchain.ImageReference))
                            ?? throw new InvalidOperationException($"Docker saved no image tagged {item.Toolchain.ImageReference}")).ConfigDigest,
                        item.Image.Labels[ImageLabels.DefinitionHash])).ToList());
                BundleArchiveReader.CheckImages(manifest, bundle, saved);

                await tar.WriteEntryAsync(
                    new GnuTarEntry(TarEntryType.RegularFile, BundleArchiveManifest.EntryName)
                    {
                        DataStream = new MemoryStream(manifest.ToJson()),
                        Mode = FileMode644,
                        ModificationTime = manifest.Created,
                    },
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        return new BundleArchive(path, bundle, manifest!);
    }

    /// <summary>
    /// Checks an archive completely without Docker: its manifest, that the catalog knows the bundle and that the
    /// images are of its current definition, the images tar's size and sha256, and the labels, config digests and
    /// tags of the images inside (from their config files).
    /// </summary>
    /// <exception cref="BundleVerificationException">The archive is damaged, of an unknown bundle, or of another definition.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static async Task<BundleArchive> CheckArchiveAsync(
        string archivePath,
        BundleCatalog catalog,
        IProgress<BundleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var path = Path.GetFullPath(archivePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist", path);
        }

        progress?.Report(new BundleTransferProgress("", null, $"checking {path} ({ByteSizes.Format(new FileInfo(path).Length)})", false));
        return await BundleArchiveReader.VerifyAsync(
            path,
            catalog,
            (read, total) => progress?.Report(new BundleTransferProgress("", null, $"checked {ByteSizes.Format(read)} of {ByteSizes.Format(total)}", false)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the archive (<see cref="CheckArchiveAsync"/>), then loads it.</summary>
    /// <exception cref="BundleVerificationException">The archive is damaged, of an unknown bundle, or of another definition; nothing was loaded.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public async Task<IReadOnlyList<TransferredImage>> LoadAsync(string archivePath, IProgress<BundleTransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        await LoadAsync(await CheckArchiveAsync(archivePath, _catalog, progress, cancellationToken).ConfigureAwait(false), progress, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Loads a checked archive into the engine, then checks that each image has the id the archive records and
    /// tags it with its local reference.
    /// </summary>
    /// <exception cref="BundleVerificationException">The file changed since it was checked, or the engine loaded other images.</exception>
    public async Task<IReadOnlyList<TransferredImage>> LoadAsync(BundleArchive archive, IProgress<BundleTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var bundle = archive.Bundle;
        var manifest = archive.Manifest;

        Report(progress, bundle, null, $"loading {manifest.Toolchains.Count} image(s) ({ByteSizes.Format(manifest.ImagesSize)}) into Docker");
        string sentSha256 = "";
        await BundleArchiveReader.WithImagesAsync(
            archive.Path,
            async images =>
            {
                await using var metered = new MeteredReadStream(
                    images,
                    ByteSizes.ReportStep(manifest.ImagesSize),
                    read => Report(progress, bundle, null, $"sent {ByteSizes.Format(read)} of {ByteSizes.Format(manifest.ImagesSize)} to Docker"));
                await _docker.Images.LoadAsync(metered, DockerLines(bundle, null, progress), cancellationToken).ConfigureAwait(false);
                sentSha256 = metered.Sha256Hex();
            },
            cancellationToken).ConfigureAwait(false);
        if (sentSha256 != manifest.ImagesSha256)
        {
            throw new BundleVerificationException(
                BundleVerificationFailure.ChecksumMismatch,
                $"{archive.Path} changed after it was checked (the images sent to Docker have sha256 {sentSha256}); check and load it again");
        }

        var loaded = new List<TransferredImage>();
        foreach (var archived in manifest.Toolchains)
        {
            var toolchain = bundle.GetToolchain(archived.Name);
            var image = await _docker.Images.InspectAsync(toolchain.ImageReference, cancellationToken).ConfigureAwait(false);
            if (image?.Id != archived.ImageId)
            {
                throw new BundleVerificationException(
                    BundleVerificationFailure.Corrupt,
                    $"after loading, {toolchain.ImageReference} is image {image?.Id ?? "(none)"}, but the archive says {archived.ImageId}");
            }

            await _docker.Images.TagAsync(image.Id, toolchain.ImageRepository, toolchain.ImageTag, cancellationToken).ConfigureAwait(false);
            _record.Remember(toolchain.ImageReference, image.Id);
            Report(progress, bundle, toolchain.Name, $"loaded {toolchain.ImageReference} ({image.Id})");
            loaded.Add(new TransferredImage(toolchain.Name, toolchain.ImageReference, image.Id));
        }

        return loaded;
    }

    /// <summary>
    /// Pushes every toolchain image of <paramref name="bundle"/> to <c>REGISTRY/BUNDLE/TOOLCHAIN:TAG</c> (TAG = the local
    /// tag) and records the pushed digests in <paramref name="recordPath"/> (written all at once, after every push succeeded).
    /// </summary>
    /// <exception cref="BundleImagesMissingException">An image is missing locally or not of the bundle's current definition.</exception>
    /// <exception cref="RegistryException">The registry is unreachable or refused a push.</exception>
    public async Task<BundlePushResult> PushAsync(
        Bundle bundle,
        RegistryLocation registry,
        string recordPath,
        IProgress<BundleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(registry);
        var images = await RequireCurrentImagesAsync(bundle, cancellationToken).ConfigureAwait(false);
        var pushed = new List<PushedImage>();
        foreach (var (toolchain, image) in images)
        {
            var repository = registry.Repository(bundle.Name, toolchain.Name);
            var remote = $"{repository}:{toolchain.ImageTag}";
            Report(progress, bundle, toolchain.Name, $"pushing {toolchain.ImageReference} as {remote} ({ByteSizes.Format(image.Size)})");
            var hadRemoteTag = await _docker.Images.InspectAsync(remote, cancellationToken).ConfigureAwait(false) is not null;
            await _docker.Images.TagAsync(image.Id, repository, toolchain.ImageTag, cancellationToken).ConfigureAwait(false);
            string digest;
            try
            {
                digest = await _docker.Images.PushAsync(remote, DockerLines(bundle, toolchain.Name, progress), cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e is not DockerImageNotFoundException)
            {
                throw RegistryErrors.Translate(e, registry.ToString(), $"pushing {remote}");
            }
            finally
            {
                // The registry name was only the vehicle of the push; the image stays known by its wasmc name.
                if (!hadRemoteTag)
                {
                    await RemoveQuietlyAsync(remote).ConfigureAwait(false);
                }
            }

            Report(progress, bundle, toolchain.Name, $"pushed {remote} ({digest})");
            pushed.Add(new PushedImage(toolchain.Name, repository, toolchain.ImageTag, digest, image.Id, image.Labels[ImageLabels.DefinitionHash]));
        }

        var fullRecordPath = Path.GetFullPath(recordPath);
        var record = ImageRecordFile.Render(new ImageRecord(bundle.Name, registry, DateTimeOffset.UtcNow, pushed));
        await AtomicFile.WriteAsync(fullRecordPath, file => file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(record), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        Report(progress, bundle, null, $"recorded the digests in {fullRecordPath}");
        return new BundlePushResult(bundle.Name, registry, fullRecordPath, pushed);
    }

    /// <summary>
    /// Decides what <see cref="PullAsync"/> pulls, without Docker: by the digests of a record file, else by tag from a
    /// registry, else by the bundle file's <c>registry</c> and <c>digest</c>s.
    /// </summary>
    /// <exception cref="BundleVerificationException">The record is malformed, or of another bundle or definition.</exception>
    /// <exception cref="BundleNotPublishedException">No registry, no record, and the bundle file names no published images.</exception>
    /// <exception cref="FileNotFoundException">The record file does not exist.</exception>
    public static BundlePullPlan PlanPull(Bundle bundle, BundlePullSource source)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(source);
        if (source.RecordPath is { } recordPath)
        {
            var fullRecordPath = Path.GetFullPath(recordPath);
            var record = ImageRecordFile.Read(fullRecordPath);
            if (record.Bundle != bundle.Name)
            {
                throw new BundleVerificationException(BundleVerificationFailure.OtherDefinition, $"{fullRecordPath} records images of bundle '{record.Bundle}', not '{bundle.Name}'");
            }

            var registry = source.Registry ?? record.Registry;
            var targets = new List<PullTarget>();
            foreach (var toolchain in bundle.Toolchains)
            {
                var recorded = record.Images.FirstOrDefault(image => image.Toolchain == toolchain.Name)
                    ?? throw new BundleVerificationException(BundleVerificationFailure.OtherDefinition, $"{fullRecordPath} records no image for toolchain '{toolchain.Name}' of bundle '{bundle.Name}'");
                if (recorded.DefinitionHash != toolchain.DefinitionHash)
                {
                    throw BundleArchiveReader.OtherDefinition(bundle, toolchain, $"the image {fullRecordPath} records for {toolchain.Name} (definition hash {recorded.DefinitionHash})");
                }

                // Digests name content, so they hold in any registry the images were copied to.
                targets.Add(new PullTarget(toolchain, $"{registry.Repository(bundle.Name, toolchain.Name)}@{recorded.Digest}", recorded.ImageId));
            }

            return new BundlePullPlan(bundle, registry.ToString(), $"{registry} by the digests in {fullRecordPath}", targets, []);
        }

        if (source.Registry is { } byTag)
        {
            return new BundlePullPlan(
                bundle,
                byTag.ToString(),
                $"{byTag} by tag",
                [.. bundle.Toolchains.Select(t => new PullTarget(t, $"{byTag.Repository(bundle.Name, t.Name)}:{t.ImageTag}", null))],
                []);
        }

        var published = bundle.Toolchains.Where(t => t.Digest is not null).ToList();
        if (bundle.Registry is not { } bundleRegistry || published.Count == 0)
        {
            throw new BundleNotPublishedException(bundle.Name);
        }

        return new BundlePullPlan(
            bundle,
            bundleRegistry,
            $"{bundleRegistry} by the digests in the bundle file",
            [.. published.Select(t => new PullTarget(t, $"{bundleRegistry}/{bundle.Name}/{t.Name}@{t.Digest}", null))],
            [.. bundle.Toolchains.Where(t => t.Digest is null).Select(t => t.Name)]);
    }

    /// <summary>
    /// Pulls what <paramref name="plan"/> names. Each pulled image must carry the bundle's labels and current definition
    /// hash (and the record's image id); it is then tagged with its local reference. An image that fails the check is
    /// removed again. Registry names wasmc added are removed, so the images are known by their wasmc names only.
    /// </summary>
    /// <returns>The pulled images; toolchains the source does not publish are in <see cref="BundlePullPlan.NotPublished"/>.</returns>
    /// <exception cref="BundleVerificationException">A pulled image is not of the bundle's current definition.</exception>
    /// <exception cref="RegistryException">The registry is unreachable, or does not have an image.</exception>
    public async Task<IReadOnlyList<TransferredImage>> PullAsync(
        BundlePullPlan plan,
        IProgress<BundleTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var bundle = plan.Bundle;
        var registry = plan.Registry;
        Report(progress, bundle, null, $"pulling {plan.Targets.Count} image(s) from {plan.Description}");

        var pulled = new List<TransferredImage>();
        foreach (var target in plan.Targets)
        {
            var toolchain = target.Toolchain;
            Report(progress, bundle, toolchain.Name, $"pulling {target.Remote}");
            var hadRemote = await _docker.Images.InspectAsync(target.Remote, cancellationToken).ConfigureAwait(false) is not null;
            try
            {
                await _docker.Images.PullAsync(target.Remote, DockerLines(bundle, toolchain.Name, progress), cancellationToken).ConfigureAwait(false);
            }
            catch (DockerImageNotFoundException e)
            {
                throw new RegistryException(registry, unreachable: false, $"{target.Remote} is not in the registry {registry}: {e.Message}", e);
            }
            catch (DockerApiException e)
            {
                throw RegistryErrors.Translate(e, registry, $"pulling {target.Remote}");
            }

            var image = await _docker.Images.InspectAsync(target.Remote, cancellationToken).ConfigureAwait(false)
                ?? throw new RegistryException(registry, unreachable: false, $"Docker pulled {target.Remote} but does not have it afterwards");
            var problem = CheckPulledImage(bundle, toolchain, image, target);
            if (problem is not null)
            {
                if (!hadRemote)
                {
                    await RemoveQuietlyAsync(target.Remote).ConfigureAwait(false);
                }

                throw problem;
            }

            await _docker.Images.TagAsync(image.Id, toolchain.ImageRepository, toolchain.ImageTag, cancellationToken).ConfigureAwait(false);
            _record.Remember(toolchain.ImageReference, image.Id);
            if (!hadRemote)
            {
                await RemoveQuietlyAsync(target.Remote).ConfigureAwait(false);
            }

            Report(progress, bundle, toolchain.Name, $"pulled {target.Remote} as {toolchain.ImageReference} ({image.Id})");
            pulled.Add(new TransferredImage(toolchain.Name, toolchain.ImageReference, image.Id));
        }

        return pulled;
    }

    private async Task<(long Size, string Sha256)> WriteImagesEntryAsync(
        TarWriter tar,
        IReadOnlyList<string> references,
        long estimate,
        Bundle bundle,
        IProgress<BundleTransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        // Docker writes the images (push) and the tar writer reads them (pull); a pipe joins the two without
        // holding gigabytes in memory. The tar writer puts an entry of unknown length in place by seeking back.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 20, resumeWriterThreshold: 8 << 20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var saving = Task.Run(
            async () =>
            {
                Exception? failure = null;
                try
                {
                    await using var writer = pipe.Writer.AsStream(leaveOpen: true);
                    await _docker.Images.SaveAsync(references, writer, stop.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    failure = e;
                    throw;
                }
                finally
                {
                    await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
                }
            },
            CancellationToken.None);

        await using var images = new MeteredReadStream(
            pipe.Reader.AsStream(),
            ByteSizes.ReportStep(estimate),
            written => Report(progress, bundle, null, $"written {ByteSizes.Format(written)} of about {ByteSizes.Format(estimate)}"));
        try
        {
            await tar.WriteEntryAsync(
                new GnuTarEntry(TarEntryType.RegularFile, BundleArchiveManifest.ImagesEntryName)
                {
                    DataStream = images,
                    Mode = FileMode644,
                    ModificationTime = DateTimeOffset.UtcNow,
                },
                stop.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await saving.ConfigureAwait(false);
            }
            catch (Exception saveError) when (saveError is not OperationCanceledException)
            {
                // Docker's own error explains more than the broken pipe it caused.
                ExceptionDispatchInfo.Throw(saveError);
            }
            catch (OperationCanceledException)
            {
            }

            throw;
        }

        await saving.ConfigureAwait(false);
        return (images.BytesRead, images.Sha256Hex());
    }

    private static async Task<IReadOnlyList<SavedImage>> ReadBackAsync(string temporaryArchive, CancellationToken cancellationToken)
    {
        // The writer still has the file open, so share it for writing.
        await using var file = new FileStream(temporaryArchive, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        using var reader = new TarReader(file, leaveOpen: true);
        var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        if (entry?.Name != BundleArchiveManifest.ImagesEntryName || entry.DataStream is null)
        {
            throw new InvalidOperationException($"the archive being written does not start with {BundleArchiveManifest.ImagesEntryName}");
        }

        return await DockerSaveTar.ReadAsync(entry.DataStream, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<(BundleToolchain Toolchain, ImageInspect Image)>> RequireCurrentImagesAsync(Bundle bundle, CancellationToken cancellationToken)
    {
        var images = new List<(BundleToolchain, ImageInspect)>();
        var missing = new List<string>();
        foreach (var toolchain in bundle.Toolchains)
        {
            var image = await _docker.Images.InspectAsync(toolchain.ImageReference, cancellationToken).ConfigureAwait(false);
            if (image is null || !ImageStatusRules.MatchesDefinition(toolchain, image))
            {
                missing.Add(toolchain.ImageReference);
            }
            else
            {
                images.Add((toolchain, image));
            }
        }

        return missing.Count == 0 ? images : throw new BundleImagesMissingException(bundle.Name, missing);
    }

    private static BundleVerificationException? CheckPulledImage(Bundle bundle, BundleToolchain toolchain, ImageInspect image, PullTarget target)
    {
        var labels = image.Labels;
        if (!labels.TryGetValue(ImageLabels.Bundle, out var labelBundle) || labelBundle != bundle.Name
            || !labels.TryGetValue(ImageLabels.Toolchain, out var labelToolchain) || labelToolchain != toolchain.Name
            || !ImageStatusRules.MatchesDefinition(toolchain, image))
        {
            return BundleArchiveReader.OtherDefinition(bundle, toolchain, $"{target.Remote} (labelled {BundleArchiveReader.Describe(labels)})");
        }

        return target.ExpectedImageId is { } expected && image.Id != expected
            ? new BundleVerificationException(
                BundleVerificationFailure.OtherDefinition,
                $"{target.Remote} is image {image.Id}, but the record says {expected}; it is refused")
            : null;
    }

    private async Task RemoveQuietlyAsync(string reference)
    {
        try
        {
            // Runs after failures and cancellation too, so it must not use the caller's token.
            await _docker.Images.RemoveAsync(reference, force: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerException)
        {
        }
    }

    private static void Report(IProgress<BundleTransferProgress>? progress, Bundle bundle, string? toolchain, string message) =>
        progress?.Report(new BundleTransferProgress(bundle.Name, toolchain, message, false));

    /// <summary>Docker's status lines as detail progress; progress-bar updates are left out.</summary>
    private static SynchronousProgress? DockerLines(Bundle bundle, string? toolchain, IProgress<BundleTransferProgress>? progress)
    {
        if (progress is null)
        {
            return null;
        }

        return new SynchronousProgress(message =>
        {
            if (message.Progress is not null)
            {
                return;
            }

            var text = message.Stream ?? (message.Status is null ? null : $"{message.Id} {message.Status}".Trim());
            foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                progress.Report(new BundleTransferProgress(bundle.Name, toolchain, line, true));
            }
        });
    }

    private sealed class SynchronousProgress(Action<ProgressMessage> handler) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value) => handler(value);
    }
}
