using System.Buffers.Binary;
using System.Text;

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
/// TTY the bytes are raw and all count as stdout.
/// </summary>
public sealed class MultiplexedStream : IDisposable, IAsyncDisposable
{
    private const int HeaderLength = 8;
    private readonly Stream _inner;
    private readonly bool _multiplexed;
    private readonly Func<Exception, Exception> _translateError;
    private readonly IDisposable? _owner;
    private byte[] _buffer = new byte[32 * 1024];

    /// <param name="inner">The response body.</param>
    /// <param name="multiplexed">False when the container or exec has a TTY.</param>
    /// <param name="translateError">Turns transport errors into <see cref="DockerException"/>s.</param>
    /// <param name="owner">Disposed with this stream (the HTTP response).</param>
    internal MultiplexedStream(Stream inner, bool multiplexed, Func<Exception, Exception>? translateError = null, IDisposable? owner = null)
    {
        _inner = inner;
        _multiplexed = multiplexed;
        _translateError = translateError ?? (e => e);
        _owner = owner;
    }

    /// <summary>Reads the next chunk, or returns null at the end of the output.</summary>
    /// <exception cref="DockerConnectionLostException">The stream ended in the middle of a frame.</exception>
    public async ValueTask<OutputChunk?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return _multiplexed ? await ReadFrameAsync(cancellationToken).ConfigureAwait(false) : await ReadRawAsync(cancellationToken).ConfigureAwait(false);
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

    private async ValueTask<OutputChunk?> ReadRawAsync(CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return read == 0 ? null : new OutputChunk(OutputStreamKind.StandardOutput, _buffer.AsMemory(0, read));
    }

    private async ValueTask<OutputChunk?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var headerRead = await ReadFullyAsync(_buffer.AsMemory(0, HeaderLength), cancellationToken).ConfigureAwait(false);
            if (headerRead == 0)
            {
                return null;
            }

            if (headerRead < HeaderLength)
            {
                throw new IOException($"The output stream ended inside a frame header ({headerRead} of {HeaderLength} bytes).");
            }

            var kind = _buffer[0];
            if (kind > 2)
            {
                throw new IOException($"Unexpected stream type {kind} in a multiplexed output frame.");
            }

            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(4, 4)));
            if (length == 0)
            {
                continue;
            }

            if (length > _buffer.Length)
            {
                _buffer = new byte[length];
            }

            var payloadRead = await ReadFullyAsync(_buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (payloadRead < length)
            {
                throw new IOException($"The output stream ended inside a frame ({payloadRead} of {length} bytes).");
            }

            return new OutputChunk((OutputStreamKind)kind, _buffer.AsMemory(0, length));
        }
    }

    private async ValueTask<int> ReadFullyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < target.Length)
        {
            var read = await _inner.ReadAsync(target[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _owner?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
    }
}
