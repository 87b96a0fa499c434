using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

internal sealed class SystemOperations(DockerTransport transport) : IDockerSystemOperations
{
    public Task<string> PingAsync(CancellationToken cancellationToken = default) => transport.PingAsync(cancellationToken);

    public async Task<DockerVersion> VersionAsync(CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, "/version", null, "reading the engine version", cancellationToken).ConfigureAwait(false);
        return new DockerVersion(
            Json.String(json, "Version"),
            Json.String(json, "ApiVersion"),
            Json.String(json, "MinAPIVersion"),
            Json.String(json, "Os"),
            Json.String(json, "Arch"),
            Json.String(json, "KernelVersion"));
    }

    public async Task<DockerInfo> InfoAsync(CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, "/info", null, "reading engine information", cancellationToken).ConfigureAwait(false);
        return new DockerInfo(
            Json.String(json, "ServerVersion"),
            Json.String(json, "OperatingSystem"),
            Json.String(json, "OSType"),
            Json.String(json, "Architecture"),
            (int)Json.Long(json, "NCPU"),
            Json.Long(json, "MemTotal"),
            Json.String(json, "DockerRootDir"),
            Json.String(json, "Driver"),
            Json.String(json, "CgroupVersion"),
            Json.Strings(json, "SecurityOptions"),
            (int)Json.Long(json, "Containers"),
            (int)Json.Long(json, "Images"));
    }

    public async Task<DockerDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, "/system/df", null, "reading disk usage", cancellationToken).ConfigureAwait(false);
        static (int Count, long Size) Sum(JsonNode? list, string sizeField) =>
            list is JsonArray array ? (array.Count, array.Sum(item => Math.Max(0, Json.Long(item, sizeField)))) : (0, 0);
        static long VolumeSize(JsonNode? volume) => Math.Max(0, Json.Long(volume?["UsageData"], "Size"));

        var images = Sum(json?["Images"], "Size");
        var containers = Sum(json?["Containers"], "SizeRw");
        var volumes = json?["Volumes"] as JsonArray ?? [];
        var buildCache = Sum(json?["BuildCache"], "Size");
        return new DockerDiskUsage(
            Json.Long(json, "LayersSize"),
            images.Count,
            images.Size,
            containers.Count,
            containers.Size,
            volumes.Count,
            volumes.Sum(VolumeSize),
            buildCache.Size);
    }
}
