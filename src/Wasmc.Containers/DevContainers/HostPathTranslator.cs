using Wasmc.Docker;

namespace Wasmc.Containers.DevContainers;

/// <summary>
/// Docker-outside-of-docker: wasmc runs in a container and asks the host's engine to bind-mount folders, which the
/// engine resolves on the host. This maps a path as wasmc sees it to the engine host's path, through this
/// container's own mounts as the engine reports them: <c>/workspaces/app/src</c> under the bind mount
/// <c>/home/me/app → /workspaces/app</c> is <c>/home/me/app/src</c>. The mount with the longest destination wins;
/// whole path segments only.
/// </summary>
public sealed class HostPathTranslator
{
    private readonly IReadOnlyList<ContainerMountInfo> _mounts;

    /// <param name="mounts">This container's mounts (<c>docker inspect</c>'s <c>Mounts</c>).</param>
    public HostPathTranslator(IReadOnlyList<ContainerMountInfo> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        _mounts = [.. mounts.Where(mount => mount.Destination.Length > 0).OrderByDescending(mount => mount.Destination.TrimEnd('/').Length)];
    }

    /// <summary>The engine host's path of <paramref name="path"/> (a path in this container).</summary>
    /// <exception cref="PathNotOnHostMountException">The path is in this container's own file system (or a tmpfs), which the engine cannot mount.</exception>
    public string Translate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (TryTranslate(path, out var hostPath, out _))
        {
            return hostPath;
        }

        throw new PathNotOnHostMountException(Path.GetFullPath(path));
    }

    /// <summary>Like <see cref="Translate"/>, without the exception; <paramref name="mount"/> is the mount it went through.</summary>
    public bool TryTranslate(string path, out string hostPath, out ContainerMountInfo? mount)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        foreach (var candidate in _mounts)
        {
            var destination = candidate.Destination.Length > 1 ? candidate.Destination.TrimEnd('/') : candidate.Destination;
            var rest = RestUnder(full, destination);
            if (rest is null)
            {
                continue;
            }

            // A volume's Source is its folder on the engine host (local driver), which can be bound like any folder.
            if (candidate.Source.Length == 0 || !(IsType(candidate, "bind") || IsType(candidate, "volume")))
            {
                break;
            }

            hostPath = rest.Length == 0 ? candidate.Source : candidate.Source.TrimEnd('/') + "/" + rest;
            mount = candidate;
            return true;
        }

        hostPath = "";
        mount = null;
        return false;
    }

    /// <summary>The spec with every bind source translated; volumes (by name) and tmpfs stay as they are.</summary>
    public IReadOnlyList<MountSpec> TranslateBinds(IReadOnlyList<MountSpec> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        return [.. mounts.Select(mount => mount.Type == MountType.Bind ? mount with { Source = Translate(mount.Source) } : mount)];
    }

    private static bool IsType(ContainerMountInfo mount, string type) => string.Equals(mount.Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The part of <paramref name="path"/> below <paramref name="folder"/> ("" for the folder itself), or null.</summary>
    private static string? RestUnder(string path, string folder)
    {
        if (folder == "/")
        {
            return path.TrimStart('/');
        }

        if (string.Equals(path, folder, StringComparison.Ordinal))
        {
            return "";
        }

        return path.StartsWith(folder + "/", StringComparison.Ordinal) ? path[(folder.Length + 1)..] : null;
    }
}

/// <summary>
/// A folder wasmc must bind-mount into a toolchain container lives only in this container's own file system (or a
/// tmpfs), which the Docker engine outside cannot see. Mounting it would silently show an empty folder, so wasmc stops.
/// A problem of the environment (the CLI's exit code 3), like every <see cref="DockerException"/>.
/// </summary>
public sealed class PathNotOnHostMountException : DockerException
{
    public PathNotOnHostMountException(string path)
        : base(
            $"{path} is not on a bind mount of this container, so the Docker engine outside it (docker-outside-of-docker) cannot mount it " +
            "into toolchain containers. Move the workspace into a folder mounted from the host (in a dev container, the workspace folder " +
            "under /workspaces), or mount it: docker run -v /host/path:" + path + " ... ; or build with the toolchains in this container " +
            "(a dev container from `dotnet wasmc devcontainer init --mode toolchain`, or WASMC_RUNNER=host).") =>
        Path = path;

    /// <summary>The path in this container.</summary>
    public string Path { get; }
}
