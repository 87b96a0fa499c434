using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Images;
using Wasmc.Containers.Running;
using Wasmc.Docker;

namespace Wasmc.Core.Building;

/// <summary>
/// Chooses where a build's steps run from the workplace: on a host, in Docker; in a container whose engine is outside
/// (docker-outside-of-docker), in Docker with bind sources translated to the host's paths; in a dev container built
/// from a bundle toolchain's image, that toolchain here and the rest in Docker. <c>WASMC_RUNNER</c> overrides.
/// </summary>
public static class ToolchainEnvironments
{
    /// <summary>
    /// Detects the workplace (connecting to the engine only when wasmc runs in a container) and creates the environment.
    /// </summary>
    /// <param name="mode">What <c>WASMC_RUNNER</c> asks for.</param>
    /// <param name="mountedFolders">Folders the build bind-mounts (the workspace root, the output folder): with the engine outside, each must be on a bind mount of this container.</param>
    /// <param name="cancellationToken">Cancels the detection.</param>
    /// <exception cref="PathNotOnHostMountException">A folder is only in this container's own file system, and steps need Docker.</exception>
    public static async Task<IToolchainEnvironment> CreateAsync(RunnerMode mode, IReadOnlyList<string> mountedFolders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mountedFolders);
        if (mode == RunnerMode.Host)
        {
            return new HostToolchainEnvironment();
        }

        var local = await WorkplaceDetector.DetectAsync(docker: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (local.Kind == WorkplaceKind.Host && (mode == RunnerMode.Docker || local.LocalToolchains.Count == 0))
        {
            return new DockerToolchainEnvironment();
        }

        if (mode == RunnerMode.Docker || local.LocalToolchains.Count == 0)
        {
            // Steps go to Docker (unless the engine names toolchains this container holds): where the engine is, and so how
            // paths translate, matters only once a step must run.
            return new DeferredDetection(mode, mountedFolders);
        }

        return await DetectAsync(mode, mountedFolders, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IToolchainEnvironment> DetectAsync(RunnerMode mode, IReadOnlyList<string> mountedFolders, CancellationToken cancellationToken)
    {
        IDockerClient? docker = null;
        string? problem = null;
        try
        {
            docker = await DockerClientFactory.ConnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DockerException e)
        {
            problem = e.Message;
        }

        Workplace workplace;
        try
        {
            workplace = await WorkplaceDetector.DetectAsync(docker, problem, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            docker?.Dispose();
            throw;
        }

        return Create(workplace, mode, mountedFolders, docker);
    }

    /// <summary>The environment for a detected workplace; <paramref name="docker"/> (owned by the result) is the engine it was detected with.</summary>
    public static IToolchainEnvironment Create(Workplace workplace, RunnerMode mode, IReadOnlyList<string> mountedFolders, IDockerClient? docker)
    {
        ArgumentNullException.ThrowIfNull(workplace);
        ArgumentNullException.ThrowIfNull(mountedFolders);
        if (mode == RunnerMode.Host)
        {
            docker?.Dispose();
            return new HostToolchainEnvironment();
        }

        var translator = workplace.PathTranslator;
        var dockerEnvironment = new DockerToolchainEnvironment(
            docker is null ? null : _ => Task.FromResult(docker),
            new DockerRunnerOptions { BindSources = translator },
            docker is null ? null : ImageIdRecord.For(docker.Endpoint));
        if (mode == RunnerMode.Docker || workplace.LocalToolchains.Count == 0)
        {
            CheckMounted(translator, mountedFolders);
            return dockerEnvironment;
        }

        // Steps of other toolchains go to Docker; the folders are checked when the first of them runs, not before a
        // build that may need none.
        var toDocker = new LazyMountCheck(dockerEnvironment, translator, mountedFolders);
        return new RoutedToolchainEnvironment(
            (bundle, toolchain, image) => workplace.LocalToolchains.Any(held => held.Matches(bundle, toolchain, ImageReferences.Tag(image))),
            new HostToolchainEnvironment(),
            toDocker,
            string.Join(", ", workplace.LocalToolchains.Select(held => $"{held.Bundle}/{held.Toolchain}")));
    }

    private static void CheckMounted(HostPathTranslator? translator, IReadOnlyList<string> folders)
    {
        if (translator is null)
        {
            return;
        }

        foreach (var folder in folders)
        {
            translator.Translate(folder);
        }
    }

    /// <summary>
    /// In a container holding no toolchain that it can see by itself: the engine is connected to (and the workplace detected
    /// with it) at the first image lookup or runner, so an up-to-date build decides from the recorded image ids alone. A
    /// toolchain only the engine's labels reveal has no recorded id (its steps ran here): such a build asks the engine.
    /// </summary>
    private sealed class DeferredDetection(RunnerMode mode, IReadOnlyList<string> folders) : IToolchainEnvironment
    {
        private readonly ImageIdRecord? _record = ImageIdRecord.ForDiscoveredEngine();
        private readonly SemaphoreSlim _lock = new(1, 1);
        private IToolchainEnvironment? _inner;

        public string? RecordedImageId(string image, string bundleName, string toolchain) => _record?.Find(image);

        public async Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken) =>
            await (await InnerAsync(cancellationToken).ConfigureAwait(false)).GetImageIdAsync(image, bundleName, toolchain, cancellationToken).ConfigureAwait(false);

        public async Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken) =>
            await (await InnerAsync(cancellationToken).ConfigureAwait(false)).CreateRunnerAsync(cancellationToken).ConfigureAwait(false);

        public async ValueTask DisposeAsync()
        {
            if (_inner is not null)
            {
                await _inner.DisposeAsync().ConfigureAwait(false);
            }

            _lock.Dispose();
        }

        private async Task<IToolchainEnvironment> InnerAsync(CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return _inner ??= await DetectAsync(mode, folders, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>Checks the folders on the first use of Docker.</summary>
    private sealed class LazyMountCheck(IToolchainEnvironment inner, HostPathTranslator? translator, IReadOnlyList<string> folders) : IToolchainEnvironment
    {
        public Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken)
        {
            CheckMounted(translator, folders);
            return inner.GetImageIdAsync(image, bundleName, toolchain, cancellationToken);
        }

        // Only the engine needs the folders on a host mount; what it reported before needs nothing.
        public string? RecordedImageId(string image, string bundleName, string toolchain) => inner.RecordedImageId(image, bundleName, toolchain);

        public Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken)
        {
            CheckMounted(translator, folders);
            return inner.CreateRunnerAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
