using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

internal sealed class VolumeOperations(DockerTransport transport) : IDockerVolumeOperations
{
    public async Task<VolumeInfo> CreateAsync(string name, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["Name"] = name, ["Labels"] = Json.Object(labels ?? new Dictionary<string, string>()) };
        return ToVolume(await transport.SendJsonAsync(HttpMethod.Post, "/volumes/create", body, $"creating volume {name}", cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, "/volumes?" + Json.LabelFilter(labels), null, "listing volumes", cancellationToken).ConfigureAwait(false);
        return json?["Volumes"] is JsonArray volumes ? [.. volumes.Select(ToVolume)] : [];
    }

    public async Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.SendJsonAsync(HttpMethod.Delete, $"/volumes/{Uri.EscapeDataString(name)}?force={(force ? "1" : "0")}", null, $"removing volume {name}", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
    }

    private static VolumeInfo ToVolume(JsonNode? json) =>
        new(Json.String(json, "Name"), Json.String(json, "Driver"), Json.String(json, "Mountpoint"), Json.Map(json, "Labels"));
}
