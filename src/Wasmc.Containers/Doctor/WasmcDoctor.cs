using System.Globalization;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Images;
using Wasmc.Docker;

namespace Wasmc.Containers.Doctor;

/// <summary>What <see cref="WasmcDoctor.RunAsync"/> checks.</summary>
public sealed record DoctorOptions
{
    /// <summary>Bundles whose images are checked; null skips the image checks.</summary>
    public BundleCatalog? Catalog { get; init; }

    /// <summary>Connects to Docker; default: <see cref="DockerClientFactory.ConnectAsync"/> with endpoint discovery.</summary>
    public Func<CancellationToken, Task<IDockerClient>> ConnectDocker { get; init; } =
        cancellationToken => DockerClientFactory.ConnectAsync(cancellationToken: cancellationToken);

    /// <summary>Below this much free space in Docker's root folder the disk check fails.</summary>
    public long FailBelowFreeBytes { get; init; } = 2L << 30;

    /// <summary>Below this much free space the disk check warns (both bundles' images take about 6 GB).</summary>
    public long WarnBelowFreeBytes { get; init; } = 10L << 30;

    /// <summary>The workspace root, when there is one: in a container whose engine is outside, it must be on a bind mount.</summary>
    public string? Workspace { get; init; }

    /// <summary>What <c>WASMC_RUNNER</c> asks for; decides where each bundle toolchain runs.</summary>
    public RunnerMode RunnerMode { get; init; } = RunnerMode.Auto;

    internal IDoctorEnvironment Environment { get; init; } = SystemDoctorEnvironment.Instance;
}

/// <summary>The checks behind <c>wasmc doctor</c>: each problem comes with a fix.</summary>
public static class WasmcDoctor
{
    /// <summary>The oldest Engine API wasmc is tested with (Debian's docker.io 20.10).</summary>
    public const string MinimumApiVersion = "1.41";

    /// <summary>Runs every check; never throws for an environment problem (that is what the report is for).</summary>
    public static async Task<DoctorReport> RunAsync(DoctorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DoctorOptions();
        var checks = new List<DoctorCheck>();
        var runtime = ContainerDetection.Detect(options.Environment);

        IDockerClient? docker = null;
        string? engineProblem = null;
        try
        {
            docker = await options.ConnectDocker(cancellationToken).ConfigureAwait(false);
            checks.Add(await CheckDockerAsync(docker, cancellationToken).ConfigureAwait(false));
        }
        catch (DockerException e)
        {
            engineProblem = FirstSentence(e.Message);
            checks.Add(new DoctorCheck("docker", DoctorStatus.Fail, "Docker is not usable: " + engineProblem, DockerFix(e, runtime)));
        }

        Workplace workplace;
        IReadOnlyList<ToolchainRoute> routes = [];
        try
        {
            workplace = await WorkplaceDetector.DetectAsync(options.Environment, docker, engineProblem, cancellationToken).ConfigureAwait(false);
            if (docker is null && workplace.LocalToolchains.Count > 0 && options.RunnerMode != RunnerMode.Docker)
            {
                // A dev container that holds its toolchain builds those components without an engine.
                checks[0] = checks[0] with { Status = DoctorStatus.Warn };
            }

            checks.Add(CheckEnvironment(workplace, options.Workspace));
            if (options.Catalog is { } bundles)
            {
                routes = Routes(workplace, options.RunnerMode, bundles);
                if (CheckToolchains(workplace, options.RunnerMode, routes) is { } toolchains)
                {
                    checks.Add(toolchains);
                }
            }

            if (docker is not null)
            {
                checks.Add(await CheckDiskAsync(docker, runtime, options, cancellationToken).ConfigureAwait(false));
                if (options.Catalog is { } catalog)
                {
                    checks.AddRange(await CheckBundlesAsync(docker, catalog, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        finally
        {
            docker?.Dispose();
        }

        return new DoctorReport(checks) { Workplace = workplace, Toolchains = routes, RunnerMode = options.RunnerMode };
    }

    private static async Task<DoctorCheck> CheckDockerAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var version = await docker.System.VersionAsync(cancellationToken).ConfigureAwait(false);
        var detail = $"Docker {version.Version} (engine API {version.ApiVersion}, wasmc speaks {docker.ApiVersion}) at {docker.Endpoint}";
        return CompareApiVersions(version.ApiVersion, MinimumApiVersion) < 0
            ? new DoctorCheck("docker", DoctorStatus.Warn, detail, $"This engine is older than Docker 20.10 (API {MinimumApiVersion}); upgrade Docker.")
            : new DoctorCheck("docker", DoctorStatus.Ok, detail);
    }

    private static string DockerFix(DockerException error, RuntimeEnvironment runtime)
    {
        var fix = error.Message;
        if (runtime.InContainer)
        {
            fix += " wasmc runs inside a container here: mount the host's Docker socket into it " +
                "(-v /var/run/docker.sock:/var/run/docker.sock, or the dev container feature docker-outside-of-docker).";
        }

        return fix;
    }

    /// <summary>Where wasmc runs, where the engine is, and (docker-outside-of-docker) whether the workspace can be mounted.</summary>
    internal static DoctorCheck CheckEnvironment(Workplace workplace, string? workspace)
    {
        var where = workplace.Describe();
        if (workplace.Kind == WorkplaceKind.Host)
        {
            return new DoctorCheck("environment", DoctorStatus.Ok, $"wasmc runs directly on {where}; {workplace.DescribeEngine()}");
        }

        switch (workplace.Engine)
        {
            case EngineLocation.None when workplace.LocalToolchains.Count > 0:
                return new DoctorCheck(
                    "environment",
                    DoctorStatus.Warn,
                    $"wasmc runs inside {where}, which holds {string.Join(", ", workplace.LocalToolchains)}; no Docker engine: steps of other toolchains cannot run",
                    SocketFix(workplace));
            case EngineLocation.None:
                return new DoctorCheck("environment", DoctorStatus.Fail, $"wasmc runs inside {where} without a Docker engine", SocketFix(workplace));
            case EngineLocation.Outside:
                var translator = new HostPathTranslator(workplace.Mounts);
                var binds = workplace.Mounts.Where(mount => mount.Type is "bind" or "volume" && !mount.Destination.EndsWith(".sock", StringComparison.Ordinal))
                    .Select(mount => $"{mount.Destination} -> {mount.Source}").ToList();
                var detail = $"wasmc runs inside {where}; {workplace.DescribeEngine()}" + (binds.Count == 0 ? "; no bind mounts" : $"; mounts: {string.Join(", ", binds)}");
                if (workspace is not null)
                {
                    if (!translator.TryTranslate(workspace, out var hostPath, out _))
                    {
                        return new DoctorCheck("environment", DoctorStatus.Fail, detail + $"; the workspace {workspace} is not on a bind mount", new PathNotOnHostMountException(workspace).Message);
                    }

                    detail += $"; the workspace {workspace} is {hostPath} on the engine's host";
                }

                return new DoctorCheck("environment", DoctorStatus.Ok, detail);
            default:
                return new DoctorCheck("environment", DoctorStatus.Ok, $"wasmc runs inside {where}; {workplace.DescribeEngine()}");
        }
    }

    private static string SocketFix(Workplace workplace) => workplace.Kind == WorkplaceKind.DevContainer
        ? "Mount the host's Docker socket into the dev container (`dotnet wasmc devcontainer init --mode outside`, or the docker-outside-of-docker feature) and rebuild it."
        : "Start the container with the host's Docker socket mounted: -v /var/run/docker.sock:/var/run/docker.sock.";

    /// <summary>Where each toolchain of each bundle runs.</summary>
    internal static IReadOnlyList<ToolchainRoute> Routes(Workplace workplace, RunnerMode mode, BundleCatalog catalog) =>
    [
        .. catalog.Bundles.SelectMany(bundle => bundle.Toolchains).Select(toolchain => new ToolchainRoute(
            toolchain.BundleName,
            toolchain.Name,
            toolchain.ImageReference,
            RunnerSelection.PlaceOf(workplace, mode, toolchain))),
    ];

    /// <summary>Says where toolchains run when that is not simply "all in Docker"; null otherwise.</summary>
    internal static DoctorCheck? CheckToolchains(Workplace workplace, RunnerMode mode, IReadOnlyList<ToolchainRoute> routes)
    {
        var here = routes.Where(route => route.Place == StepPlace.Here).ToList();
        if (here.Count == 0 && workplace.LocalToolchains.Count == 0 && mode == RunnerMode.Auto && workplace.Engine != EngineLocation.None)
        {
            return null;
        }

        var why = mode switch
        {
            RunnerMode.Host => $"{RunnerSelection.Variable}=host: every step runs here with the tools on PATH",
            RunnerMode.Docker => $"{RunnerSelection.Variable}=docker: every step runs in Docker",
            _ when workplace.LocalToolchains.Count > 0 => $"this container holds {string.Join(", ", workplace.LocalToolchains)} (from {workplace.LocalToolchainsSource})",
            _ => "this container holds no bundle toolchain",
        };
        var hereText = here.Count == 0 ? "none" : string.Join(", ", here.Select(route => $"{route.Bundle}/{route.Toolchain}"));
        var detail = $"{why}; run here: {hereText}; the others run in Docker";
        var stale = workplace.LocalToolchains.Where(local => !routes.Any(route => local.Matches(route.Bundle, route.Toolchain, null))).ToList();
        if (workplace.Engine == EngineLocation.None && routes.Any(route => route.Place == StepPlace.Docker))
        {
            return new DoctorCheck("toolchains", here.Count > 0 ? DoctorStatus.Warn : DoctorStatus.Fail, detail + ", and no engine is reachable", SocketFix(workplace));
        }

        if (mode == RunnerMode.Auto && workplace.LocalToolchains.Count > 0 && here.Count == 0)
        {
            return new DoctorCheck(
                "toolchains",
                DoctorStatus.Warn,
                detail + (stale.Count > 0 ? $"; {string.Join(", ", stale)} is not a toolchain of any bundle" : "; its definition differs from the bundle's now (a stale image)"),
                "Rebuild the dev container from the bundle's current image (`dotnet wasmc devcontainer init --mode toolchain --force`).");
        }

        return new DoctorCheck("toolchains", DoctorStatus.Ok, detail);
    }

    private static async Task<DoctorCheck> CheckDiskAsync(IDockerClient docker, RuntimeEnvironment runtime, DoctorOptions options, CancellationToken cancellationToken)
    {
        var info = await docker.System.InfoAsync(cancellationToken).ConfigureAwait(false);
        return CheckDisk(info.DockerRootDir, options.Environment.FreeBytes(info.DockerRootDir), runtime, options);
    }

    internal static DoctorCheck CheckDisk(string dockerRootDirectory, long? freeBytes, RuntimeEnvironment runtime, DoctorOptions options)
    {
        if (freeBytes is not { } free)
        {
            return new DoctorCheck(
                "disk",
                DoctorStatus.Warn,
                $"cannot see Docker's root folder {dockerRootDirectory} from here (remote engine, Docker Desktop VM or another container), so its free space is unknown",
                $"Make sure the engine's disk has at least {Gigabytes(options.WarnBelowFreeBytes)} free for bundle images (`docker system df`).");
        }

        var detail = $"{Gigabytes(free)} free in Docker's root folder {dockerRootDirectory}"
            + (runtime.InContainer ? " (as seen from this container; the engine's own disk may differ)" : "");
        if (free < options.FailBelowFreeBytes)
        {
            return new DoctorCheck("disk", DoctorStatus.Fail, detail, $"Free at least {Gigabytes(options.WarnBelowFreeBytes)}: `docker system prune` removes unused images and build cache.");
        }

        return free < options.WarnBelowFreeBytes
            ? new DoctorCheck("disk", DoctorStatus.Warn, detail, $"Bundle images need several GB; free space with `docker system prune` (keep at least {Gigabytes(options.WarnBelowFreeBytes)}).")
            : new DoctorCheck("disk", DoctorStatus.Ok, detail);
    }

    private static async Task<IEnumerable<DoctorCheck>> CheckBundlesAsync(IDockerClient docker, BundleCatalog catalog, CancellationToken cancellationToken)
    {
        var builder = new BundleImageBuilder(docker, catalog);
        var checks = new List<DoctorCheck>();
        foreach (var bundle in catalog.Bundles)
        {
            var statuses = await builder.GetStatusAsync(bundle, cancellationToken).ConfigureAwait(false);
            var baseImagePresent = await docker.Images.InspectAsync(bundle.Base, cancellationToken).ConfigureAwait(false) is not null;
            checks.Add(CheckBundle(bundle, statuses, baseImagePresent));
        }

        return checks;
    }

    internal static DoctorCheck CheckBundle(Bundle bundle, IReadOnlyList<ToolchainImageStatus> statuses, bool baseImagePresent)
    {
        var name = $"bundle {bundle.Name}";
        var summary = string.Join(", ", statuses.Select(s => $"{s.Toolchain} {s.State.ToString().ToLowerInvariant()}"));
        // Pins the mirror had moved on from when the images were built (the version policy in docs/bundles.md).
        var moved = statuses.SelectMany(s => s.Packages.Where(p => p.Moved).Select(p => $"{p} ({s.Toolchain})")).Distinct().ToList();
        var resolved = moved.Count == 0 ? "" : $"; resolved: {string.Join("; ", moved)}";
        if (statuses.All(s => s.State == ImageState.Present))
        {
            return new DoctorCheck(name, DoctorStatus.Ok, $"all {statuses.Count} images present ({summary}){resolved}");
        }

        var problems = string.Join("; ", statuses.Where(s => s.State != ImageState.Present).Select(s => $"{s.Reference}: {s.Detail}"));
        var build = $"wasmc bundle build {bundle.Name}";
        var fix = baseImagePresent
            ? $"Run `{build}`, or load or pull its images from a machine that has them (`wasmc bundle load FILE`, `wasmc bundle pull {bundle.Name} --registry HOST/PREFIX`)."
            : $"Create the base image {bundle.Base} with `containers/bootstrap`, then run `{build}`.";
        return new DoctorCheck(name, DoctorStatus.Warn, $"{summary}. {problems}{resolved}", fix);
    }

    private static string Gigabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static int CompareApiVersions(string left, string right) =>
        Version.TryParse(left, out var l) && Version.TryParse(right, out var r) ? l.CompareTo(r) : 0;
}
