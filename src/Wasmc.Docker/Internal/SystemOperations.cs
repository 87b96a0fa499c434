using Engine = Docker.DotNet;

namespace Wasmc.Docker.Internal;

internal sealed class SystemOperations(Engine.IDockerClient engine, EngineErrors errors, string engineApiVersion) : IDockerSystemOperations
{
    public async Task<string> PingAsync(CancellationToken cancellationToken = default)
    {
        await errors.CallAsync("pinging the engine", () => engine.System.PingAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return engineApiVersion;
    }

    public async Task<DockerVersion> VersionAsync(CancellationToken cancellationToken = default)
    {
        var version = await errors.CallAsync("reading the engine version", () => engine.System.GetVersionAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return new DockerVersion(version.Version, version.APIVersion, version.MinAPIVersion ?? "", version.Os, version.Arch, version.KernelVersion ?? "");
    }

    public async Task<DockerInfo> InfoAsync(CancellationToken cancellationToken = default)
    {
        var info = await errors.CallAsync("reading engine information", () => engine.System.GetSystemInfoAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return new DockerInfo(
            info.ServerVersion,
            info.OperatingSystem,
            info.OSType,
            info.Architecture,
            (int)info.NCPU,
            info.MemTotal,
            info.DockerRootDir,
            info.Driver,
            info.CgroupVersion ?? "",
            ContainerOperations.List(info.SecurityOptions),
            (int)info.Containers,
            (int)info.Images);
    }

    /// <remarks>
    /// Docker.DotNet models the summary form of <c>/system/df</c> (API 1.52, Docker 29); older engines answer
    /// with per-item lists that it does not read, and then the figures are 0.
    /// </remarks>
    public async Task<DockerDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default)
    {
        var usage = await errors.CallAsync("reading disk usage", () => engine.System.GetDataUsageInfoAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return new DockerDiskUsage(
            usage.ImageUsage?.TotalSize ?? 0,
            (int)(usage.ImageUsage?.TotalCount ?? 0),
            usage.ImageUsage?.TotalSize ?? 0,
            (int)(usage.ContainerUsage?.TotalCount ?? 0),
            usage.ContainerUsage?.TotalSize ?? 0,
            (int)(usage.VolumeUsage?.TotalCount ?? 0),
            usage.VolumeUsage?.TotalSize ?? 0,
            usage.BuildCacheUsage?.TotalSize ?? 0);
    }
}
