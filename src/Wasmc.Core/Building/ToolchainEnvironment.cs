using System.Collections.Concurrent;
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

    /// <summary>Creates the runner session; the caller disposes it.</summary>
    Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken);
}

/// <summary>Steps run in the bundles' toolchain images through the Docker engine (the default).</summary>
public sealed class DockerToolchainEnvironment : IToolchainEnvironment
{
    private readonly Func<CancellationToken, Task<IDockerClient>> _connect;
    private readonly DockerRunnerOptions? _runnerOptions;
    private readonly ConcurrentDictionary<string, string> _imageIds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private IDockerClient? _client;

    /// <param name="connect">Connects to the engine; default: endpoint discovery (<c>DOCKER_HOST</c>, socket).</param>
    /// <param name="runnerOptions">Options of the Docker runner.</param>
    public DockerToolchainEnvironment(Func<CancellationToken, Task<IDockerClient>>? connect = null, DockerRunnerOptions? runnerOptions = null)
    {
        _connect = connect ?? (cancellationToken => DockerClientFactory.ConnectAsync(cancellationToken: cancellationToken));
        _runnerOptions = runnerOptions;
    }

    public async Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken)
    {
        if (_imageIds.TryGetValue(image, out var known))
        {
            return known;
        }

        var docker = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var inspected = await docker.Images.InspectAsync(image, cancellationToken).ConfigureAwait(false)
            ?? throw new ToolchainImageMissingException(image, bundleName, toolchain);
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

    public Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IToolchainRunner>(new HostToolchainRunner(cacheRoot));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
