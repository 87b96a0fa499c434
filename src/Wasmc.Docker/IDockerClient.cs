namespace Wasmc.Docker;

/// <summary>
/// A connection to one Docker Engine, split by area like the Engine API itself.
/// Get one from <see cref="DockerClientFactory.ConnectAsync"/>; it is thread-safe.
/// </summary>
public interface IDockerClient : IDisposable
{
    /// <summary>Where the engine is.</summary>
    DockerEndpoint Endpoint { get; }

    /// <summary>The API version in use: the lower of the engine's (from <c>/_ping</c>) and this client's maximum.</summary>
    string ApiVersion { get; }

    IDockerSystemOperations System { get; }

    IDockerImageOperations Images { get; }

    IDockerContainerOperations Containers { get; }

    IDockerExecOperations Exec { get; }

    IDockerVolumeOperations Volumes { get; }
}

/// <summary>Engine-wide information.</summary>
public interface IDockerSystemOperations
{
    /// <summary>Checks the engine answers; returns its API version.</summary>
    Task<string> PingAsync(CancellationToken cancellationToken = default);

    Task<DockerVersion> VersionAsync(CancellationToken cancellationToken = default);

    Task<DockerInfo> InfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Space used by images, containers, volumes and the build cache (slow on big hosts).</summary>
    Task<DockerDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default);
}

/// <summary>Local images: inspect, pull, push, build, save, load, list, remove.</summary>
public interface IDockerImageOperations
{
    /// <summary>Returns the image, or <c>null</c> when it is not present locally.</summary>
    Task<ImageInspect?> InspectAsync(string nameOrId, CancellationToken cancellationToken = default);

    /// <summary>Pulls <paramref name="reference"/> (<c>repo:tag</c> or <c>repo@sha256:...</c>).</summary>
    /// <exception cref="DockerApiException">The engine refused, or reported an error mid-stream.</exception>
    Task PullAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pushes <paramref name="reference"/> (<c>registry/repo:tag</c>, already tagged locally) to its registry;
    /// returns the digest (<c>sha256:...</c>) of the manifest the registry stored.
    /// </summary>
    /// <exception cref="DockerApiException">The engine refused, or reported an error mid-stream (registry unreachable, denied, ...).</exception>
    Task<string> PushAsync(string reference, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the images named by <paramref name="references"/> (<c>docker save</c> format: one tar with
    /// their layers, configs, <c>manifest.json</c> and the given tags) to <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="DockerImageNotFoundException">One of the images is not present locally.</exception>
    Task SaveAsync(IReadOnlyList<string> references, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads images from a <c>docker save</c> tar; returns what the engine reports as loaded (tags, or image
    /// ids for untagged images).
    /// </summary>
    /// <exception cref="DockerApiException">The engine rejected the tar (reported mid-stream).</exception>
    Task<IReadOnlyList<string>> LoadAsync(Stream tar, IProgress<ProgressMessage>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Builds an image from a tar build context; returns the image id (<c>sha256:...</c>).</summary>
    /// <exception cref="DockerApiException">The build failed (the message holds the engine's error and the last output lines).</exception>
    Task<string> BuildAsync(
        Stream tarContext,
        ImageBuildParameters parameters,
        IProgress<ProgressMessage>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>Lists images; <paramref name="labels"/> filters by label (value <c>null</c> = label present).</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(
        IReadOnlyDictionary<string, string?>? labels = null,
        CancellationToken cancellationToken = default);

    /// <summary>Removes an image (or one of its tags). Missing images are not an error.</summary>
    Task RemoveAsync(string nameOrId, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Adds a tag (<c>repo:tag</c>) to an existing image.</summary>
    Task TagAsync(string nameOrId, string repository, string tag, CancellationToken cancellationToken = default);
}

/// <summary>Containers: lifecycle, output, files.</summary>
public interface IDockerContainerOperations
{
    /// <summary>Creates a container; returns its id.</summary>
    /// <exception cref="DockerImageNotFoundException">The image is not present locally.</exception>
    Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default);

    Task StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Attaches to stdout/stderr (attach before <see cref="StartAsync"/> to miss nothing).</summary>
    Task<MultiplexedStream> AttachAsync(string id, bool tty, CancellationToken cancellationToken = default);

    /// <summary>Waits until the container stops; returns its exit code.</summary>
    Task<long> WaitAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Sends a signal (default <c>SIGKILL</c>). A container that is not running is not an error.</summary>
    Task KillAsync(string id, string signal = "SIGKILL", CancellationToken cancellationToken = default);

    /// <summary>Removes a container (and its anonymous volumes); it is gone on return, also when another process was removing it. Missing containers are not an error.</summary>
    Task RemoveAsync(string id, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>The container's output so far (or followed, when <paramref name="follow"/>).</summary>
    Task<MultiplexedStream> LogsAsync(string id, bool follow = false, CancellationToken cancellationToken = default);

    /// <summary>Returns the container, or <c>null</c> when it does not exist.</summary>
    Task<ContainerInspect?> InspectAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists containers; <paramref name="labels"/> filters by label (value <c>null</c> = label present).</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(
        IReadOnlyDictionary<string, string?>? labels = null,
        bool all = true,
        CancellationToken cancellationToken = default);

    /// <summary>Extracts a tar archive into <paramref name="path"/> inside the container.</summary>
    Task PutArchiveAsync(string id, string path, Stream tar, CancellationToken cancellationToken = default);

    /// <summary>Returns <paramref name="path"/> from inside the container as a tar stream (dispose it).</summary>
    Task<Stream> GetArchiveAsync(string id, string path, CancellationToken cancellationToken = default);
}

/// <summary>Commands run inside a running container.</summary>
public interface IDockerExecOperations
{
    /// <summary>Creates an exec instance in a running container; returns its id.</summary>
    Task<string> CreateAsync(string containerId, ExecSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Starts it and returns its output; read it to the end, then <see cref="InspectAsync"/> for the exit code.</summary>
    Task<MultiplexedStream> StartAsync(string execId, bool tty = false, CancellationToken cancellationToken = default);

    Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default);
}

/// <summary>Named volumes (used for per-bundle caches).</summary>
public interface IDockerVolumeOperations
{
    /// <summary>Creates the volume, or returns the existing one of that name.</summary>
    Task<VolumeInfo> CreateAsync(string name, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VolumeInfo>> ListAsync(
        IReadOnlyDictionary<string, string?>? labels = null,
        CancellationToken cancellationToken = default);

    /// <summary>Removes a volume. Missing volumes are not an error; volumes in use raise <see cref="DockerConflictException"/>.</summary>
    Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default);
}
