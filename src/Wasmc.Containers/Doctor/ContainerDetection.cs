namespace Wasmc.Containers.Doctor;

/// <summary>Where wasmc itself runs: on a host, in a container, or in a dev container.</summary>
/// <param name="InContainer">Whether the process runs inside a container.</param>
/// <param name="ContainerEvidence">What gave it away (<c>/.dockerenv</c>, ...), or null.</param>
/// <param name="InDevContainer">Whether it is a dev container (VS Code Remote Containers, Codespaces, devcontainer CLI).</param>
/// <param name="DevContainerEvidence">What gave it away, or null.</param>
public sealed record RuntimeEnvironment(bool InContainer, string? ContainerEvidence, bool InDevContainer, string? DevContainerEvidence)
{
    /// <summary>Inspects the current process's machine.</summary>
    public static RuntimeEnvironment Detect() => ContainerDetection.Detect(SystemDoctorEnvironment.Instance);
}

internal static class ContainerDetection
{
    private static readonly string[] CgroupMarkers = ["docker", "containerd", "kubepods", "libpod", "lxc"];

    public static RuntimeEnvironment Detect(IDoctorEnvironment environment)
    {
        var container = ContainerEvidence(environment);
        var devContainer = DevContainerEvidence(environment);
        // A dev container is a container even when the usual marker files are absent.
        return new RuntimeEnvironment(container is not null || devContainer is not null, container ?? devContainer, devContainer is not null, devContainer);
    }

    private static string? ContainerEvidence(IDoctorEnvironment environment)
    {
        if (environment.FileExists("/.dockerenv"))
        {
            return "/.dockerenv exists";
        }

        if (environment.FileExists("/run/.containerenv"))
        {
            return "/run/.containerenv exists (Podman)";
        }

        var cgroup = environment.ReadText("/proc/1/cgroup");
        var marker = cgroup is null ? null : CgroupMarkers.FirstOrDefault(m => cgroup.Contains(m, StringComparison.Ordinal));
        return marker is null ? null : $"/proc/1/cgroup mentions '{marker}'";
    }

    private static string? DevContainerEvidence(IDoctorEnvironment environment)
    {
        foreach (var variable in new[] { "REMOTE_CONTAINERS", "CODESPACES", "DEVCONTAINER" })
        {
            if (environment.GetEnvironmentVariable(variable) is { Length: > 0 } value && value != "false")
            {
                return $"{variable}={value}";
            }
        }

        return environment.DirectoryExists("/workspaces") ? "/workspaces exists" : null;
    }
}
