using Engine = Docker.DotNet;
using Models = Docker.DotNet.Models;

namespace Wasmc.Docker.Internal;

internal sealed class VolumeOperations(Engine.IDockerClient engine, EngineErrors errors) : IDockerVolumeOperations
{
    public async Task<VolumeInfo> CreateAsync(string name, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        var parameters = new Models.VolumesCreateParameters { Name = name, Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) };
        return ToVolume(await errors.CallAsync($"creating volume {name}", () => engine.Volumes.CreateAsync(parameters, cancellationToken), cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, CancellationToken cancellationToken = default)
    {
        var response = await errors.CallAsync(
            "listing volumes",
            () => engine.Volumes.ListAsync(new Models.VolumesListParameters { Filters = ContainerOperations.LabelFilters(labels) }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return [.. (response.Volumes ?? []).Select(ToVolume)];
    }

    public async Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await errors.CallAsync($"removing volume {name}", () => engine.Volumes.RemoveAsync(name, force, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
    }

    private static VolumeInfo ToVolume(Models.VolumeResponse volume) =>
        new(volume.Name, volume.Driver ?? "", volume.Mountpoint ?? "", ContainerOperations.Map(volume.Labels));
}
