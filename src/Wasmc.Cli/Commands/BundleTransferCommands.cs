using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.Transfer;
using Wasmc.Docker;

namespace Wasmc.Cli.Commands;

[Command("save", Description = "Write all toolchain images of a bundle into one archive file (for machines without a registry).",
    ExtendedHelpText = """

The archive is a tar holding the images (docker save format) and wasmc-bundle.json (bundle, image ids,
definition hashes, sha256 of the images). It is written to a temporary file next to FILE and renamed
at the end, so an error or Ctrl-C leaves no partial file. Every image must be present locally
(exit code 3 otherwise: run 'dotnet wasmc bundle build NAME' first).

Examples:
  dotnet wasmc bundle save sid-2026.11.2 -o sid-2026.11.2.tar
""")]
internal sealed class BundleSaveCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle whose images to save.")]
    public string? Name { get; set; }

    [Option("-o|--output <FILE>", Description = "The archive to write (replaced when it exists).")]
    public string? Output { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var bundle = containers.Get(Name ?? throw new BadInputException("'bundle save' needs a bundle name (see 'dotnet wasmc bundle list')"));
        var archivePath = session.ResolvePath(Output ?? throw new BadInputException("'bundle save' needs the archive file: -o FILE"));
        if (!Directory.Exists(Path.GetDirectoryName(archivePath)))
        {
            throw new BadInputException($"cannot write {archivePath}: its folder does not exist");
        }

        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var transfer = new BundleTransfer(docker, containers.Catalog());
        var archive = await TransferErrors.RunAsync(() => transfer.SaveAsync(bundle, archivePath, TransferOutput.Progress(output), session.Cancellation));
        output.Line($"Saved {archive.Images.Count} image(s) of bundle {bundle.Name} to {archive.Path} ({TransferOutput.Size(archive.ImagesSize)} of images, sha256 {archive.ImagesSha256})");
        return ExitCodes.Success;
    }
}

[Command("load", Description = "Load a bundle's toolchain images from an archive made by 'bundle save'.",
    ExtendedHelpText = """

The whole archive is checked before anything is loaded: its sha256, that wasmc knows the bundle, and
that every image carries the bundle's current definition hash (wasmc.bundle, wasmc.toolchain and
wasmc.definition-hash labels). Anything else is refused with exit code 2. Loaded images are tagged
wasmc/<bundle>/<toolchain>:<tag> and count as present for 'bundle build'.

Examples:
  dotnet wasmc bundle load sid-2026.11.2.tar
""")]
internal sealed class BundleLoadCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "file", "The archive to load.")]
    public string? File { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var archivePath = session.ResolvePath(File ?? throw new BadInputException("'bundle load' needs the archive file (made by 'dotnet wasmc bundle save')"));
        var progress = TransferOutput.Progress(output);

        // Checked before Docker is asked: a bad archive is bad input whether or not an engine runs.
        var archive = await TransferErrors.RunAsync(() => BundleTransfer.CheckArchiveAsync(archivePath, containers.Catalog(), progress, session.Cancellation));
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var transfer = new BundleTransfer(docker, containers.Catalog());
        var loaded = await TransferErrors.RunAsync(() => transfer.LoadAsync(archive, progress, session.Cancellation));
        output.Line($"Loaded {loaded.Count} image(s) of bundle {archive.Bundle.Name}: {string.Join(", ", loaded.Select(image => image.Reference))}");
        return ExitCodes.Success;
    }
}

[Command("push", Description = "Push a bundle's toolchain images to an OCI registry and record their digests.",
    ExtendedHelpText = """

Each image goes to HOST[:PORT]/PREFIX/<bundle>/<toolchain>:<tag> (tag = its local tag, from the
definition hash). The pushed digests are recorded in a TOML file (--record, default
<bundle>.images.toml here), written once every push succeeded; 'bundle pull --record' pulls exactly
those digests. The engine pushes without credentials; plain HTTP works for registries on 127.0.0.0/8
and the engine's insecure-registries. Registry unreachable or missing images: exit code 3.

Examples:
  dotnet wasmc bundle push sid-2026.11.2 --registry 127.0.0.1:5000/wasmc
  dotnet wasmc bundle push sid-2026.11.2 --registry 127.0.0.1:5000/wasmc --record sid.images.toml
""")]
internal sealed class BundlePushCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle whose images to push.")]
    public string? Name { get; set; }

    [Option("--registry <REGISTRY>", Description = "Where to push: HOST[:PORT]/PREFIX.")]
    public string? Registry { get; set; }

    [Option("--record <FILE>", Description = "The record of pushed digests to write (default: <bundle>.images.toml in the current folder).")]
    public string? Record { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var bundle = containers.Get(Name ?? throw new BadInputException("'bundle push' needs a bundle name (see 'dotnet wasmc bundle list')"));
        var registry = TransferOutput.ParseRegistry(Registry ?? throw new BadInputException("'bundle push' needs --registry HOST[:PORT]/PREFIX"));
        var recordPath = session.ResolvePath(Record ?? BundleTransfer.DefaultRecordFileName(bundle.Name));
        if (!Directory.Exists(Path.GetDirectoryName(recordPath)))
        {
            throw new BadInputException($"cannot write the record {recordPath}: its folder does not exist");
        }

        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var transfer = new BundleTransfer(docker, containers.Catalog());
        var result = await TransferErrors.RunAsync(() => transfer.PushAsync(bundle, registry, recordPath, TransferOutput.Progress(output), session.Cancellation));
        output.Line($"Pushed {result.Images.Count} image(s) of bundle {bundle.Name} to {result.Registry}; digests recorded in {result.RecordPath}");
        return ExitCodes.Success;
    }
}

[Command("pull", Description = "Pull a bundle's toolchain images from a registry and check they are the bundle's.",
    ExtendedHelpText = """

With a record from 'bundle push' (--record FILE, or <bundle>.images.toml in the current folder) the
recorded digests are pulled, from --registry or else the record's registry. Without one, --registry
pulls by tag, and no option at all uses the registry and digests in the bundle file. Every pulled
image must carry the bundle's current definition hash, or it is removed again (exit code 2). Pulled
images are tagged wasmc/<bundle>/<toolchain>:<tag>. Registry unreachable or image not there: exit code 3.

Examples:
  dotnet wasmc bundle pull sid-2026.11.2 --registry 127.0.0.1:5000/wasmc
  dotnet wasmc bundle pull sid-2026.11.2 --record sid-2026.11.2.images.toml
  dotnet wasmc bundle pull sid-2026.11.2
""")]
internal sealed class BundlePullCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle to pull.")]
    public string? Name { get; set; }

    [Option("--registry <REGISTRY>", Description = "Where to pull from: HOST[:PORT]/PREFIX (default: the record's, else the bundle file's).")]
    public string? Registry { get; set; }

    [Option("--record <FILE>", Description = "A record from 'bundle push' whose digests to pull (default: <bundle>.images.toml here, when it exists).")]
    public string? Record { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var bundle = containers.Get(Name ?? throw new BadInputException("'bundle pull' needs a bundle name (see 'dotnet wasmc bundle list')"));
        var registry = Registry is null ? null : TransferOutput.ParseRegistry(Registry);
        string? recordPath = null;
        if (Record is not null)
        {
            recordPath = session.ResolvePath(Record);
            if (!System.IO.File.Exists(recordPath))
            {
                throw new BadInputException($"the record {recordPath} does not exist");
            }
        }
        else if (session.ResolvePath(BundleTransfer.DefaultRecordFileName(bundle.Name)) is var defaultRecord && System.IO.File.Exists(defaultRecord))
        {
            recordPath = defaultRecord;
        }

        // The plan reads the record and decides what to pull before Docker is asked, so bad input is exit 2 regardless.
        var plan = await TransferErrors.RunAsync(() => Task.FromResult(BundleTransfer.PlanPull(bundle, new BundlePullSource { Registry = registry, RecordPath = recordPath })));
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var transfer = new BundleTransfer(docker, containers.Catalog());
        var pulled = await TransferErrors.RunAsync(() => transfer.PullAsync(plan, TransferOutput.Progress(output), session.Cancellation));
        output.Line($"Pulled {pulled.Count} image(s) of bundle {bundle.Name} from {plan.Description}");
        if (plan.NotPublished.Count > 0)
        {
            throw new EnvironmentProblemException(
                $"toolchain(s) {string.Join(", ", plan.NotPublished)} of bundle '{bundle.Name}' are not published in its bundle file; " +
                $"build them: `containers/bootstrap` (Debian base images), then `dotnet wasmc bundle build {bundle.Name}`");
        }

        return ExitCodes.Success;
    }
}

/// <summary>Progress lines and sizes for the transfer verbs.</summary>
internal static class TransferOutput
{
    /// <summary>wasmc's steps at normal verbosity, Docker's own lines at <c>-v detailed</c>; in order (synchronous).</summary>
    public static IProgress<BundleTransferProgress> Progress(CliOutput output) => new LineProgress(output);

    public static string Size(long bytes) => bytes >= 1_000_000_000
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    public static RegistryLocation ParseRegistry(string text)
    {
        try
        {
            return RegistryLocation.Parse(text);
        }
        catch (FormatException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    private sealed class LineProgress(CliOutput output) : IProgress<BundleTransferProgress>
    {
        public void Report(BundleTransferProgress value)
        {
            var prefix = value.Bundle.Length == 0 ? "" : value.Toolchain is null ? $"[{value.Bundle}] " : $"[{value.Bundle}/{value.Toolchain}] ";
            if (value.IsDetail)
            {
                output.Detail(prefix + value.Message);
            }
            else
            {
                output.Line(prefix + value.Message);
            }
        }
    }
}

/// <summary>The transfer exceptions as exit codes: refused input 2, environment 3, engine failures 1.</summary>
internal static class TransferErrors
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BundleVerificationException e)
        {
            throw new BadInputException(e.Message, inner: e);
        }
        catch (FileNotFoundException e)
        {
            throw new BadInputException(e.Message, inner: e);
        }
        catch (Exception e) when (e is BundleImagesMissingException or RegistryException or BundleNotPublishedException)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new BadInputException(e.Message, inner: e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new EnvironmentProblemException($"file error: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EnvironmentProblemException($"file error: {e.Message}", e);
        }
        catch (DockerApiException e) when (e is not DockerNotFoundException)
        {
            throw new FailureException($"Docker failed: {e.Message}");
        }
    }
}
