using System.Globalization;
using Wasmc.Docker;

namespace Wasmc.Containers.Running;

/// <summary>Finds and removes containers left behind by wasmc sessions that crashed or were killed.</summary>
public static class ToolchainContainerCleanup
{
    /// <summary>
    /// Removes wasmc-labelled containers whose owning process (pid + start time, same machine)
    /// no longer runs. Containers of live sessions and of other machines are left alone.
    /// </summary>
    /// <returns>The ids of the removed containers.</returns>
    public static async Task<IReadOnlyList<string>> RemoveLeftoversAsync(IDockerClient docker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var containers = await docker.Containers.ListAsync(new Dictionary<string, string?> { [WasmcLabels.Managed] = "true" }, all: true, cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        foreach (var container in containers.Where(container => IsLeftover(container.Labels, HostIdentity.MachineName, HostIdentity.IsProcessAlive)))
        {
            await docker.Containers.RemoveAsync(container.Id, force: true, cancellationToken).ConfigureAwait(false);
            removed.Add(container.Id);
        }

        return removed;
    }

    /// <summary>Whether a container's labels name a session that is certainly dead.</summary>
    internal static bool IsLeftover(IReadOnlyDictionary<string, string> labels, string machineName, Func<int, long, bool> isProcessAlive)
    {
        if (!labels.TryGetValue(WasmcLabels.Session, out _)
            || labels.GetValueOrDefault(WasmcLabels.Host) != machineName
            || !int.TryParse(labels.GetValueOrDefault(WasmcLabels.ProcessId), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return false;
        }

        _ = long.TryParse(labels.GetValueOrDefault(WasmcLabels.ProcessStart), NumberStyles.None, CultureInfo.InvariantCulture, out var start);
        return !isProcessAlive(processId, start);
    }
}
