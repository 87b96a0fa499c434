using System.Text;
using Engine = Docker.DotNet;

namespace Wasmc.Docker;

/// <summary>Which stream a chunk of container output came from.</summary>
public enum OutputStreamKind
{
    StandardInput = 0,
    StandardOutput = 1,
    StandardError = 2,
}

/// <summary>A chunk of container output. <see cref="Data"/> is only valid until the next read.</summary>
public readonly record struct OutputChunk(OutputStreamKind Stream, ReadOnlyMemory<byte> Data);

/// <summary>
/// Container output from attach, logs or exec. Without a TTY the engine multiplexes stdout and
/// stderr in frames (8-byte header: stream type, 3 zero bytes, big-endian payload length); with a
/// TTY the bytes are raw and all count as stdout. Docker.DotNet's demultiplexer does the framing;
/// this type keeps wasmc's contract: chunks by stream, and a broken connection as a
/// <see cref="DockerConnectionLostException"/> rather than a bare I/O error.
/// </summary>
public sealed class MultiplexedStream : IDisposable, IAsyncDisposable
{
    private readonly Engine.MultiplexedStream _inner;
    private readonly Func<Exception, Exception> _translateError;
    private readonly byte[] _buffer = new byte[32 * 1024];

    /// <param name="inner">The library's stream over the response body.</param>
    /// <param name="translateError">Turns transport errors into <see cref="DockerException"/>s.</param>
    internal MultiplexedStream(Engine.MultiplexedStream inner, Func<Exception, Exception>? translateError = null)
    {
        _inner = inner;
        _translateError = translateError ?? (e => e);
    }

    /// <param name="body">A response body.</param>
    /// <param name="multiplexed">False when the container or exec has a TTY.</param>
    /// <param name="translateError">Turns transport errors into <see cref="DockerException"/>s.</param>
    internal MultiplexedStream(Stream body, bool multiplexed, Func<Exception, Exception>? translateError = null)
        : this(new Engine.MultiplexedStream(body, multiplexed), translateError)
    {
    }

    /// <summary>Reads the next chunk, or returns null at the end of the output.</summary>
    /// <exception cref="DockerConnectionLostException">The stream ended in the middle of a frame.</exception>
    public async ValueTask<OutputChunk?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _inner.ReadOutputAsync(_buffer, 0, _buffer.Length, cancellationToken).ConfigureAwait(false);
            return result.EOF ? null : new OutputChunk((OutputStreamKind)result.Target, _buffer.AsMemory(0, result.Count));
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Cancelling a socket read can surface as an I/O error; callers should see a cancellation.
            throw new OperationCanceledException("Reading container output was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            throw _translateError(e);
        }
    }

    /// <summary>Copies stdout and stderr to two streams until the output ends.</summary>
    public async Task CopyOutputToAsync(Stream standardOutput, Stream standardError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
        {
            var target = chunk.Stream == OutputStreamKind.StandardError ? standardError : standardOutput;
            await target.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads everything as UTF-8 text.</summary>
    public async Task<(string StandardOutput, string StandardError)> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await CopyOutputToAsync(stdout, stderr, cancellationToken).ConfigureAwait(false);
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public void Dispose() => _inner.Dispose();

    public ValueTask DisposeAsync()
    {
        _inner.Dispose();
        return ValueTask.CompletedTask;
    }
}
