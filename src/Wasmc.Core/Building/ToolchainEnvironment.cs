using System.Collections.Concurrent;
using Wasmc.Containers.Images;
using Wasmc.Containers.Running;
using Wasmc.Docker;

namespace Wasmc.Core.Building;

/// <summary>
/// Where a build's steps run: tells the build which image a toolchain really is (its id keys the
/// build cache) and creates the one runner session of a build. Creating the runner is deferred until
/// a component actually needs to build, so an up-to-date workspace starts no container.
/// </summary>
public interface IToolchainEnvironment : IAsyncDisposable
{
    /// <summary>The id of the local image <paramref name="image"/> (Docker's <c>sha256:...</c>).</summary>
    /// <exception cref="ToolchainImageMissingException">The image is not present locally.</exception>
    /// <exception cref="DockerException">Docker cannot be reached.</exception>
    Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken);

    /// <summary>
    /// The id <paramref name="image"/> had when the engine last reported it, known without contacting the engine; null
    /// when unknown. An up-to-date build decides on it alone; a build that runs steps asks <see cref="GetImageIdAsync"/>.
    /// </summary>
    string? RecordedImageId(string image, string bundleName, string toolchain) => null;

    /// <summary>Creates the runner session; the caller disposes it.</summary>
    Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken);
}

/// <summary>Steps run in the bundles' toolchain images through the Docker engine (the default).</summary>
public sealed class DockerToolchainEnvironment : IToolchainEnvironment
{
    private readonly Func<CancellationToken, Task<IDockerClient>> _connect;
    private readonly DockerRunnerOptions? _runnerOptions;
    private readonly ImageIdRecord? _record;
    private readonly ConcurrentDictionary<string, string> _imageIds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private IDockerClient? _client;

    /// <param name="connect">Connects to the engine; default: endpoint discovery (<c>DOCKER_HOST</c>, socket).</param>
    /// <param name="runnerOptions">Options of the Docker runner.</param>
    /// <param name="record">
    /// The engine's image ids as last seen, so an up-to-date build needs no engine; default: the discovered engine's record
    /// when <paramref name="connect"/> is the default, none otherwise.
    /// </param>
    public DockerToolchainEnvironment(
        Func<CancellationToken, Task<IDockerClient>>? connect = null,
        DockerRunnerOptions? runnerOptions = null,
        ImageIdRecord? record = null)
    {
        _connect = connect ?? (cancellationToken => DockerClientFactory.ConnectAsync(cancellationToken: cancellationToken));
        _runnerOptions = runnerOptions;
        _record = record ?? (connect is null ? ImageIdRecord.ForDiscoveredEngine() : null);
    }

    public string? RecordedImageId(string image, string bundleName, string toolchain) =>
        _imageIds.TryGetValue(image, out var known) ? known : _record?.Find(image);

    public async Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken)
    {
        if (_imageIds.TryGetValue(image, out var known))
        {
            return known;
        }

        var docker = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var inspected = await docker.Images.InspectAsync(image, cancellationToken).ConfigureAwait(false);
        if (inspected is null)
        {
            _record?.Forget(image);
            throw new ToolchainImageMissingException(image, bundleName, toolchain);
        }

        _record?.Remember(image, inspected.Id);
        return _imageIds.GetOrAdd(image, inspected.Id);
    }

    public async Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken) =>
        new DockerToolchainRunner(await ClientAsync(cancellationToken).ConfigureAwait(false), _runnerOptions);

    private async Task<IDockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _client ??= await _connect(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        _connectLock.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Steps run directly on the host, with the bundle's tools on PATH (a dev container built from a
/// bundle image). There are no images, so the cache keys on the image reference instead of its id.
/// </summary>
public sealed class HostToolchainEnvironment(string? cacheRoot = null) : IToolchainEnvironment
{
    public Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken) =>
        Task.FromResult("host:" + image);

    public string? RecordedImageId(string image, string bundleName, string toolchain) => "host:" + image;

    public Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IToolchainRunner>(new HostToolchainRunner(cacheRoot));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
