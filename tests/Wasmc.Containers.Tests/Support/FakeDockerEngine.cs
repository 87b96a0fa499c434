using System.Net.Sockets;
using System.Text;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Support;

/// <summary>A request the fake engine received.</summary>
public sealed record FakeRequest(string Method, string Path, string Body)
{
    /// <summary>The query string without <c>?</c>, still URL-encoded.</summary>
    public string Query { get; init; } = "";

    /// <summary>Request headers by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public byte[] BodyBytes { get; init; } = [];

    /// <summary>The engine answered before reading the body (see <see cref="FakeDockerEngine"/>'s <c>answersBeforeBody</c>).</summary>
    public bool BodyUnread { get; init; }
}

/// <summary>
/// A scripted Docker Engine on a temporary Unix socket, for failures a real daemon will not
/// produce on demand: error statuses, errors inside 200 streams, a connection dropped mid-stream,
/// an upload rejected before its body was read. Docker.DotNet talks to it as to a real engine, so the
/// tests check wasmc's mapping of what the library reports.
/// The handler writes the raw response and returns whether the connection stays open.
/// </summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<FakeRequest, NetworkStream, Task<bool>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly TempFolder _folder = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly Func<FakeRequest, bool> _answersBeforeBody;

    /// <param name="handler">Writes the answer; returns whether the connection stays open.</param>
    /// <param name="answersBeforeBody">
    /// Requests answered as soon as their head arrived, without reading the body, and then the connection is
    /// closed: what the engine does when it rejects an upload.
    /// </param>
    public FakeDockerEngine(Func<FakeRequest, NetworkStream, Task<bool>> handler, Func<FakeRequest, bool>? answersBeforeBody = null)
    {
        _handler = handler;
        _answersBeforeBody = answersBeforeBody ?? (_ => false);
        SocketPath = _folder.Combine("docker.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _acceptLoop = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    public DockerEndpoint Endpoint => new(new Uri("unix://" + SocketPath), "fake engine");

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// A handler that answers <c>/_ping</c> and the unversioned <c>/version</c> (the handshake of a connection)
    /// and passes everything else to <paramref name="other"/>.
    /// </summary>
    public static Func<FakeRequest, NetworkStream, Task<bool>> WithPing(Func<FakeRequest, NetworkStream, Task<bool>> other, string apiVersion = "1.41") =>
        async (request, stream) =>
        {
            if (request.Path == "/_ping")
            {
                await WriteAsync(stream, 200, "OK", "text/plain", [$"Api-Version: {apiVersion}"]);
                return true;
            }

            if (request.Path == "/version")
            {
                await WriteAsync(stream, 200, $$"""{"Version":"20.10.24","ApiVersion":"{{apiVersion}}","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}""");
                return true;
            }

            return await other(request, stream);
        };

    /// <summary>Writes a complete response with a Content-Length.</summary>
    public static async Task WriteAsync(Stream stream, int status, string body, string contentType = "application/json", IEnumerable<string>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(status < 400 ? "OK" : "Error").Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(bytes.Length).Append("\r\n");
        foreach (var header in headers ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>
    /// Starts a response whose body runs until the connection closes, as attach and exec do: the engine
    /// switches the connection to a raw stream (101), which is what Docker.DotNet asks for.
    /// </summary>
    public static async Task WriteStreamHeadAsync(Stream stream, string contentType)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 UPGRADED\r\nContent-Type: {contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
        await stream.FlushAsync();
    }

    /// <summary>A multiplexed output frame (8-byte header + payload).</summary>
    public static byte[] Frame(int streamType, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)streamType;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            while (await ReadRequestAsync(stream, _answersBeforeBody) is { } request)
            {
                lock (_requests)
                {
                    _requests.Add(request);
                }

                if (!await _handler(request, stream) || request.BodyUnread)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task<FakeRequest?> ReadRequestAsync(NetworkStream stream, Func<FakeRequest, bool> answersBeforeBody)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var contentLength = lines
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var chunked = lines.Any(line => line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var target = requestLine[1].Split('?', 2);
        var headers = lines.Skip(1)
            .Where(line => line.Contains(':', StringComparison.Ordinal))
            .Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim().ToLowerInvariant())
            .ToDictionary(group => group.Key, group => group.First()[1].Trim());
        var received = new FakeRequest(requestLine[0], Uri.UnescapeDataString(target[0]), "") { Query = target.Length > 1 ? target[1] : "", Headers = headers };
        if (answersBeforeBody(received))
        {
            return received with { BodyUnread = true };
        }

        var body = new MemoryStream();
        if (chunked)
        {
            await ReadChunkedAsync(stream, body);
        }
        else if (contentLength > 0)
        {
            var buffer = new byte[contentLength];
            await stream.ReadExactlyAsync(buffer);
            body.Write(buffer);
        }

        return received with { Body = Encoding.UTF8.GetString(body.ToArray()), BodyBytes = body.ToArray() };
    }

    private static async Task ReadChunkedAsync(NetworkStream stream, MemoryStream body)
    {
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream);
            var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return;
            }

            var buffer = new byte[size];
            await stream.ReadExactlyAsync(buffer);
            body.Write(buffer);
            await ReadLineAsync(stream);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
        {
            if (one[0] != '\r')
            {
                line.Append((char)one[0]);
            }
        }

        return line.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
        _folder.Dispose();
    }
}
