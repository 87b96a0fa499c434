using System.Globalization;
using System.Security.Cryptography;

namespace Wasmc.Containers.Transfer;

/// <summary>
/// A read-only, forward-only view of a stream that hashes (sha256) and counts what passes through and
/// reports the count every <c>reportEvery</c> bytes. Not seekable on purpose: readers such as
/// <see cref="System.Formats.Tar.TarReader"/> then read every byte instead of seeking past data, so the hash covers all of it.
/// </summary>
internal sealed class MeteredReadStream(Stream inner, long reportEvery, Action<long>? onProgress) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _reported;
    private string? _sha256;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The sha256 (lower-case hex) of everything read; reading ends with the first call (or with disposal).</summary>
    public string Sha256Hex() => _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <summary>Reads what is left, so the hash and count cover the whole stream.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Count(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // HttpClient disposes the content stream it sent, and the hash is still wanted afterwards.
            Sha256Hex();
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesRead += data.Length;
        if (onProgress is not null && reportEvery > 0 && BytesRead / reportEvery > _reported)
        {
            _reported = BytesRead / reportEvery;
            onProgress(BytesRead);
        }

        return data.Length;
    }
}

/// <summary>Writes a file all at once or not at all: into a temporary file next to it, renamed over it at the end.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> on a new temporary file in <paramref name="path"/>'s folder and renames it to
    /// <paramref name="path"/> when it succeeds; on any failure, cancellation included, the temporary file is deleted
    /// and <paramref name="path"/> is left as it was.
    /// </summary>
    public static async Task WriteAsync(string path, Func<FileStream, Task> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path} has no folder", nameof(path));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"cannot write {full}: the folder {folder} does not exist");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid().ToString("N")[..8]}.partial");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, useAsync: true))
            {
                await write(file).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

/// <summary>Sizes for progress lines.</summary>
internal static class ByteSizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1_000_000_000 => (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1_000_000 => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1_000 => (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>How often to report progress on <paramref name="total"/> bytes: every 10 %, but not more often than every 64 MB.</summary>
    public static long ReportStep(long total) => Math.Max(64_000_000, total / 10);
}
