using Wasmc.Containers.Running;
using Wasmc.Docker;

namespace Wasmc.Core.Building;

/// <summary>
/// A dev container built from a bundle toolchain's image: steps of the toolchains it holds run directly in it,
/// every other step goes to Docker (created only when such a step comes). Without an engine those steps fail with
/// a message that says which toolchain was missing here and how to reach an engine.
/// </summary>
public sealed class RoutedToolchainEnvironment : IToolchainEnvironment
{
    private readonly Func<string, string, string, bool> _runsHere;
    private readonly IToolchainEnvironment _here;
    private readonly IToolchainEnvironment _docker;
    private readonly string _holds;

    /// <param name="runsHere">Whether a step of (bundle, toolchain, image reference) runs here.</param>
    /// <param name="here">Runs the steps of the toolchains held here (a <see cref="HostToolchainEnvironment"/>).</param>
    /// <param name="docker">Runs the others (a <see cref="DockerToolchainEnvironment"/>).</param>
    /// <param name="holds">What this container holds, for messages (<c>trixie-2026.11.2/node</c>).</param>
    public RoutedToolchainEnvironment(Func<string, string, string, bool> runsHere, IToolchainEnvironment here, IToolchainEnvironment docker, string holds)
    {
        _runsHere = runsHere ?? throw new ArgumentNullException(nameof(runsHere));
        _here = here ?? throw new ArgumentNullException(nameof(here));
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _holds = holds;
    }

    public async Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken)
    {
        if (_runsHere(bundleName, toolchain, image))
        {
            return await _here.GetImageIdAsync(image, bundleName, toolchain, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _docker.GetImageIdAsync(image, bundleName, toolchain, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerException e)
        {
            throw NeedsDocker(bundleName, toolchain, e);
        }
    }

    public string? RecordedImageId(string image, string bundleName, string toolchain) =>
        (_runsHere(bundleName, toolchain, image) ? _here : _docker).RecordedImageId(image, bundleName, toolchain);

    public Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IToolchainRunner>(new RoutingRunner(this));

    public async ValueTask DisposeAsync()
    {
        await _here.DisposeAsync().ConfigureAwait(false);
        await _docker.DisposeAsync().ConfigureAwait(false);
    }

    private ToolchainRunException NeedsDocker(string bundleName, string toolchain, DockerException error) => new(
        $"Toolchain '{toolchain}' of bundle '{bundleName}' is not in this container (it holds {_holds}), so its steps need Docker: {error.Message}",
        error);

    /// <summary>Sends each step to the host runner or to the (lazily created) Docker runner.</summary>
    private sealed class RoutingRunner(RoutedToolchainEnvironment environment) : IToolchainRunner
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private IToolchainRunner? _here;
        private IToolchainRunner? _docker;

        public string Kind => "routed";

        public async Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            var here = environment._runsHere(request.BundleName, request.Step.Toolchain, request.Image);
            var runner = await RunnerAsync(here, request, cancellationToken).ConfigureAwait(false);
            return await runner.RunAsync(request, output, cancellationToken).ConfigureAwait(false);
        }

        private async Task<IToolchainRunner> RunnerAsync(bool here, StepRunRequest request, CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (here)
                {
                    return _here ??= await environment._here.CreateRunnerAsync(cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    return _docker ??= await environment._docker.CreateRunnerAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DockerException e)
                {
                    throw environment.NeedsDocker(request.BundleName, request.Step.Toolchain, e);
                }
            }
            finally
            {
                _lock.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_here is not null)
            {
                await _here.DisposeAsync().ConfigureAwait(false);
            }

            if (_docker is not null)
            {
                await _docker.DisposeAsync().ConfigureAwait(false);
            }

            _lock.Dispose();
        }
    }
}

/// <summary>Reads the tag of an image reference (<c>wasmc/b/node:88f785e96c0c</c> → <c>88f785e96c0c</c>).</summary>
internal static class ImageReferences
{
    public static string? Tag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[(colon + 1)..] : null;
    }
}
