using Wasmc.Containers.Running;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// The one runner session of a build, created on first use (an up-to-date build never creates it)
/// and disposed when the build ends, whether it succeeded, failed or was cancelled.
/// </summary>
internal sealed class SharedRunner(IToolchainEnvironment environment) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IToolchainRunner? _runner;
    private bool _disposed;

    public async Task<IToolchainRunner> GetAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _runner ??= await environment.CreateRunnerAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_runner is not null)
            {
                await _runner.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
