using System.Net.Sockets;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Docker;

/// <summary>
/// Docker.DotNet.Enhanced 4.3.3 defects that wasmc guards against, against a scripted engine:
/// a rejected upload surfaces as a broken pipe instead of the engine's reason, and request bodies
/// dispose the caller's stream.
/// </summary>
public class LibraryDefectGuardTests
{
    private const string Missing = """{"message":"Could not find the file /nope in container c1"}""";

    /// <summary>An archive far larger than a socket buffer, so the write is still running when the engine hangs up.</summary>
    private static TrackedStream LargeArchive() => new(new byte[8 * 1024 * 1024]);

    /// <summary>Rejects every archive upload the way the engine does: answers before reading the body, then closes.</summary>
    private static FakeDockerEngine RejectingEngine(List<int>? uploadSizes = null) => new(
        FakeDockerEngine.WithPing(async (request, stream) =>
        {
            lock (uploadSizes ?? [])
            {
                uploadSizes?.Add(int.Parse(request.Headers.GetValueOrDefault("content-length", "-1"), System.Globalization.CultureInfo.InvariantCulture));
            }

            await FakeDockerEngine.WriteAsync(stream, 404, Missing);
            return false;
        }),
        answersBeforeBody: request => request.Method == "PUT");

    [Fact]
    public async Task A_large_upload_the_engine_rejects_reports_the_engines_reason_not_a_broken_pipe()
    {
        var uploads = new List<int>();
        await using var engine = RejectingEngine(uploads);
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerNotFoundException>(() => client.Containers.PutArchiveAsync("c1", "/nope", LargeArchive()));

        error.Message.ShouldBe("Cannot copy into container c1 at /nope: Could not find the file /nope in container c1.");
        uploads.ShouldBe([8 * 1024 * 1024, 0]); // the upload, then an empty one that asks for the reason
    }

    [Fact]
    public async Task An_upload_whose_connection_breaks_while_the_engine_accepts_the_path_is_a_lost_connection()
    {
        var puts = 0;
        await using var engine = new FakeDockerEngine(
            FakeDockerEngine.WithPing(async (request, stream) =>
            {
                if (Interlocked.Increment(ref puts) == 1)
                {
                    return false; // hang up without an answer
                }

                await FakeDockerEngine.WriteAsync(stream, 200, "");
                return true;
            }),
            answersBeforeBody: request => request.Method == "PUT" && Volatile.Read(ref puts) == 0);
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerConnectionLostException>(() => client.Containers.PutArchiveAsync("c1", "/tmp", LargeArchive()));

        error.Message.ShouldContain("copying files into container c1 at /tmp");
    }

    [Fact]
    public async Task The_callers_stream_is_left_open_by_an_upload_a_load_and_a_build()
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(async (request, stream) =>
        {
            var body = request.Path.EndsWith("/build", StringComparison.Ordinal) ? """{"aux":{"ID":"sha256:abc"}}""" + "\n" : "";
            await FakeDockerEngine.WriteAsync(stream, 200, body);
            return true;
        }));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        using var upload = new TrackedStream([1, 2, 3]);
        using var load = new TrackedStream([4, 5, 6]);
        using var context = new TrackedStream([7, 8, 9]);

        await client.Containers.PutArchiveAsync("c1", "/tmp", upload);
        await client.Images.LoadAsync(load);
        await client.Images.BuildAsync(context, new ImageBuildParameters());

        (upload.Disposed, load.Disposed, context.Disposed).ShouldBe((false, false, false));
        engine.Requests.Where(request => request.Method != "GET").Select(request => request.BodyBytes.Length).ShouldBe([3, 3, 3]);
    }

    [Fact]
    public async Task The_callers_stream_is_left_open_when_the_engine_rejects_the_upload()
    {
        await using var engine = RejectingEngine();
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        using var archive = LargeArchive();

        await Should.ThrowAsync<DockerNotFoundException>(() => client.Containers.PutArchiveAsync("c1", "/nope", archive));

        archive.Disposed.ShouldBeFalse();
        archive.Position = 0; // still usable
    }

    /// <summary>A memory stream that records its disposal.</summary>
    private sealed class TrackedStream(byte[] data) : MemoryStream(data)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

/// <summary>What users hit when the endpoint is not a working Docker engine: each ends with exit 3 and a message that says what to do.</summary>
public class ConnectionProblemTests
{
    [Fact]
    public async Task An_endpoint_that_accepts_and_never_answers_is_given_up_on_within_the_time_limit()
    {
        await using var engine = new FakeDockerEngine(async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60));
            return false;
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectWithinAsync(engine.Endpoint, TimeSpan.FromSeconds(1), default));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        error.Message.ShouldContain("did not answer within 1 s");
        error.Message.ShouldContain(DockerClientFactory.TimeoutVariable);
    }

    [Fact]
    public async Task A_web_server_that_is_not_docker_is_named_as_such()
    {
        await using var server = await LoopbackHttpServer.StartAsync("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 22\r\n\r\n<h1>Not Found</h1>\r\n\r\n");

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(server.Endpoint));

        error.Message.ShouldContain($"Something answers at tcp://127.0.0.1:{server.Port}/ (from test), but it is not a Docker engine");
        error.Message.ShouldContain("it answered GET /version with HTTP 404 (NotFound)");
        error.Message.ShouldContain("DOCKER_HOST");
    }

    [Fact]
    public async Task A_web_server_answering_200_with_something_else_than_json_is_not_docker_either()
    {
        await using var server = await LoopbackHttpServer.StartAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(server.Endpoint));

        error.Message.ShouldContain("not a Docker engine: its answer to GET /version is not Docker's JSON");
    }

    [Fact]
    public async Task A_server_that_does_not_speak_http_is_not_docker()
    {
        await using var server = await LoopbackHttpServer.StartAsync("SSH-2.0-OpenSSH_9.2\r\n");

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(server.Endpoint));

        error.Message.ShouldContain("not a Docker engine");
    }

    [Fact]
    public async Task An_endpoint_with_a_scheme_docker_does_not_use_is_refused_before_connecting()
    {
        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(new DockerEndpoint(new Uri("foo://x"), "test")));

        error.Message.ShouldContain("wasmc cannot talk to Docker at foo://x");
        error.Message.ShouldContain("unix:///path/to/docker.sock");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"message\":\"\"}")]
    public async Task An_error_without_a_reason_still_says_what_happened(string body)
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(async (_, stream) =>
        {
            await FakeDockerEngine.WriteAsync(stream, 404, body);
            return true;
        }));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerNotFoundException>(() => client.System.PingAsync());

        error.Message.ShouldBe("Docker: HTTP 404 NotFound without a message (while pinging the engine).");
    }

    [Fact]
    public async Task A_failing_handshake_without_a_reason_still_says_what_happened()
    {
        await using var engine = new FakeDockerEngine(async (_, stream) =>
        {
            await FakeDockerEngine.WriteAsync(stream, 500, "");
            return true;
        });

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(engine.Endpoint));

        error.Message.ShouldContain("it answered GET /version with HTTP 500 (HTTP 500 InternalServerError without a message)");
    }

    [Theory]
    [InlineData(null, 10.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("0", -1.0)]
    public void The_time_limit_comes_from_wasmc_docker_timeout(string? configured, double expectedSeconds)
    {
        var limit = Wasmc.Docker.Internal.EngineConnector.TimeLimit(configured, DockerClientFactory.DefaultConnectTimeout);

        (limit == Timeout.InfiniteTimeSpan ? -1.0 : limit.TotalSeconds).ShouldBe(expectedSeconds);
    }

    [Fact]
    public void A_time_limit_that_is_not_a_number_is_reported()
    {
        var error = Should.Throw<DockerException>(() => Wasmc.Docker.Internal.EngineConnector.TimeLimit("soon", DockerClientFactory.DefaultConnectTimeout));

        error.Message.ShouldContain("WASMC_DOCKER_TIMEOUT is \"soon\"");
    }

    /// <summary>A TCP listener on 127.0.0.1 that answers every connection with fixed bytes and closes.</summary>
    private sealed class LoopbackHttpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task _loop;
        private readonly CancellationTokenSource _stop = new();

        private LoopbackHttpServer(string answer)
        {
            _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            _listener.Start();
            _loop = ServeAsync(System.Text.Encoding.ASCII.GetBytes(answer));
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public DockerEndpoint Endpoint => new(new Uri($"tcp://127.0.0.1:{Port}"), "test");

        public static Task<LoopbackHttpServer> StartAsync(string answer) => Task.FromResult(new LoopbackHttpServer(answer));

        private async Task ServeAsync(byte[] answer)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    _ = await stream.ReadAsync(buffer, _stop.Token); // the request head
                    await stream.WriteAsync(answer, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
