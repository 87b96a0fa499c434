namespace Wasmc.Docker;

/// <summary>Engine version (<c>GET /version</c>).</summary>
public sealed record DockerVersion(string Version, string ApiVersion, string MinApiVersion, string Os, string Architecture, string KernelVersion);

/// <summary>Engine facts (<c>GET /info</c>).</summary>
public sealed record DockerInfo(
    string ServerVersion,
    string OperatingSystem,
    string OsType,
    string Architecture,
    int Cpus,
    long MemoryBytes,
    string DockerRootDir,
    string StorageDriver,
    string CgroupVersion,
    IReadOnlyList<string> SecurityOptions,
    int Containers,
    int Images);

/// <summary>Space used by the engine (<c>GET /system/df</c>).</summary>
public sealed record DockerDiskUsage(long LayersSize, int Images, long ImagesSize, int Containers, long ContainersSize, int Volumes, long VolumesSize, long BuildCacheSize);

/// <summary>One JSON message of a pull or build stream.</summary>
/// <param name="Id">Layer id (pull) or null.</param>
/// <param name="Status">Status text (pull).</param>
/// <param name="Progress">Progress bar text (pull).</param>
/// <param name="Stream">Build output text (may contain several lines).</param>
/// <param name="Error">Error text; the operation failed.</param>
public sealed record ProgressMessage(string? Id, string? Status, string? Progress, string? Stream, string? Error)
{
    /// <summary>
    /// The message's <c>aux</c> object (its scalar fields as text), or null: a build reports the image
    /// id (<c>ID</c>), a push the pushed manifest (<c>Tag</c>, <c>Digest</c>, <c>Size</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Aux { get; init; }
}

/// <summary>A local image (<c>GET /images/{name}/json</c>).</summary>
public sealed record ImageInspect(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    IReadOnlyDictionary<string, string> Labels,
    long Size,
    DateTimeOffset? Created,
    string Architecture,
    string Os);

/// <summary>An image in a list (<c>GET /images/json</c>).</summary>
public sealed record ImageSummary(string Id, IReadOnlyList<string> RepoTags, IReadOnlyDictionary<string, string> Labels, long Size, DateTimeOffset Created);

/// <summary>Options of <see cref="IDockerImageOperations.BuildAsync"/>.</summary>
public sealed record ImageBuildParameters
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Dockerfile path inside the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Network for <c>RUN</c> steps (<c>none</c>, <c>host</c>, <c>default</c>); null = engine default.</summary>
    public string? NetworkMode { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Always try to pull newer base images. Off: bases come from the local store.</summary>
    public bool Pull { get; init; }

    /// <summary>Multi-stage target, or null for the last stage.</summary>
    public string? Target { get; init; }

    /// <summary>Remove intermediate containers even after a failed build.</summary>
    public bool ForceRemoveIntermediateContainers { get; init; } = true;
}

/// <summary>Kinds of <see cref="MountSpec"/>.</summary>
public enum MountType
{
    /// <summary>A host folder.</summary>
    Bind,

    /// <summary>A named volume (created on first use).</summary>
    Volume,

    /// <summary>An in-memory file system.</summary>
    Tmpfs,
}

/// <summary>A mount of a container (<c>HostConfig.Mounts</c>).</summary>
/// <param name="Type">What is mounted.</param>
/// <param name="Source">Host path (bind) or volume name (volume); ignored for tmpfs.</param>
/// <param name="Target">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted read-only.</param>
public sealed record MountSpec(MountType Type, string Source, string Target, bool ReadOnly);

/// <summary>What <see cref="IDockerContainerOperations.CreateAsync"/> creates: config and host config in one record.</summary>
public sealed record ContainerSpec(string Image)
{
    /// <summary>Container name; null lets the engine choose.</summary>
    public string? Name { get; init; }

    /// <summary>Replaces the image's entrypoint when not null (empty list clears it).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Replaces the image's command when not null.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary><c>uid:gid</c> or a user name; null = the image's user.</summary>
    public string? User { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Tty { get; init; }

    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary><c>none</c>, <c>host</c>, <c>bridge</c>, ...; null = engine default.</summary>
    public string? NetworkMode { get; init; }

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    /// <summary>E.g. <c>no-new-privileges</c>.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    /// <summary>Memory limit in bytes; 0 = unlimited.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Memory + swap in bytes; -1 = unlimited swap, 0 = engine default (twice the memory).</summary>
    public long MemorySwapBytes { get; init; }

    /// <summary>CPU quota in units of 10^-9 CPUs; 0 = unlimited.</summary>
    public long NanoCpus { get; init; }

    /// <summary>Maximum number of processes; 0 = unlimited.</summary>
    public long PidsLimit { get; init; }

    public bool ReadonlyRootfs { get; init; }

    /// <summary>tmpfs mounts by container path, with their mount options (<c>rw,exec,nosuid,nodev,size=1g</c>): <c>HostConfig.Tmpfs</c>.</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();

    /// <summary>Run an init process as PID 1 (reaps zombies, forwards signals).</summary>
    public bool Init { get; init; }

    /// <summary>Remove the container when it exits.</summary>
    public bool AutoRemove { get; init; }
}

/// <summary>A container in a list (<c>GET /containers/json</c>).</summary>
public sealed record ContainerSummary(string Id, IReadOnlyList<string> Names, string Image, string State, string Status, IReadOnlyDictionary<string, string> Labels);

/// <summary>A container (<c>GET /containers/{id}/json</c>), with the fields wasmc looks at.</summary>
public sealed record ContainerInspect(
    string Id,
    string Name,
    string Image,
    ContainerState State,
    ContainerConfigInfo Config,
    ContainerHostConfigInfo HostConfig,
    IReadOnlyList<ContainerMountInfo> Mounts);

public sealed record ContainerState(string Status, bool Running, long ExitCode, bool OomKilled, int Pid, string Error);

public sealed record ContainerConfigInfo(
    string Image,
    string User,
    string WorkingDirectory,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Environment,
    IReadOnlyDictionary<string, string> Labels,
    bool Tty);

public sealed record ContainerHostConfigInfo(
    string NetworkMode,
    IReadOnlyList<string> CapDrop,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> SecurityOpt,
    long MemoryBytes,
    long MemorySwapBytes,
    long NanoCpus,
    long PidsLimit,
    bool ReadonlyRootfs,
    bool Privileged);

/// <summary>A mount as the engine reports it.</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c>, <c>tmpfs</c>.</param>
/// <param name="Name">Volume name (volumes only).</param>
/// <param name="Source">Host path.</param>
/// <param name="Destination">Path inside the container.</param>
/// <param name="ReadWrite">Whether it is writable.</param>
public sealed record ContainerMountInfo(string Type, string? Name, string Source, string Destination, bool ReadWrite);

/// <summary>What <see cref="IDockerExecOperations.CreateAsync"/> runs.</summary>
/// <param name="Cmd">Program and arguments (no shell).</param>
public sealed record ExecSpec(IReadOnlyList<string> Cmd)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary><c>uid:gid</c>; null = the container's user.</summary>
    public string? User { get; init; }

    public bool Tty { get; init; }
}

/// <summary>An exec instance (<c>GET /exec/{id}/json</c>); <c>ExitCode</c> is null while it runs.</summary>
public sealed record ExecInspect(string Id, bool Running, long? ExitCode, int Pid, string ContainerId);

/// <summary>A named volume.</summary>
public sealed record VolumeInfo(string Name, string Driver, string Mountpoint, IReadOnlyDictionary<string, string> Labels);
