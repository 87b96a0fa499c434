using System.Net;
using System.Net.Sockets;
using System.Text;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Docker;

/// <summary>Save, load and push against a scripted engine: requests as the Engine API wants them, errors inside 200 streams.</summary>
public class ImageTransferProtocolTests
{
    private static Func<FakeRequest, NetworkStream, Task<bool>> Answer(int status, string body, string contentType = "application/json") =>
        FakeDockerEngine.WithPing(async (_, stream) =>
        {
            await FakeDockerEngine.WriteAsync(stream, status, body, contentType);
            return true;
        });

    [Fact]
    public async Task A_push_sends_the_tag_and_an_anonymous_registry_auth_and_returns_the_digest_from_aux()
    {
        var body = string.Join("\n",
            """{"status":"The push refers to repository [127.0.0.1:5000/wasmc/b/rust]"}""",
            """{"status":"Pushed","progressDetail":{},"id":"a4c3d2f2d966"}""",
            """{"status":"abc: digest: sha256:b20b size: 523"}""",
            """{"progressDetail":{},"aux":{"Tag":"abc","Digest":"sha256:b20b","Size":523}}""") + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        var progress = new List<ProgressMessage>();

        var digest = await client.Images.PushAsync("127.0.0.1:5000/wasmc/b/rust:abc", new SyncProgress(progress));

        digest.ShouldBe("sha256:b20b");
        var request = engine.Requests[^1];
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/v1.41/images/127.0.0.1:5000/wasmc/b/rust/push");
        request.Query.ShouldBe("tag=abc");
        Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers["x-registry-auth"])).ShouldBe("{}");
        progress.Count.ShouldBe(4);
        progress[^1].Aux.ShouldNotBeNull()["Size"].ShouldBe("523");
    }

    [Fact]
    public async Task A_push_error_inside_the_200_stream_throws_with_the_engines_message()
    {
        var body = string.Join("\n",
            """{"status":"The push refers to repository [127.0.0.1:5999/wasmc/b/rust]"}""",
            """{"errorDetail":{"message":"Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused"},"error":"Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused"}""") + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerApiException>(() => client.Images.PushAsync("127.0.0.1:5999/wasmc/b/rust:abc"));

        error.StatusCode.ShouldBe(HttpStatusCode.OK);
        error.Message.ShouldContain("pushing 127.0.0.1:5999/wasmc/b/rust:abc: Get");
        error.Message.ShouldContain("connection refused");
    }

    [Fact]
    public async Task A_push_that_reports_no_digest_is_an_error()
    {
        await using var engine = new FakeDockerEngine(Answer(200, """{"status":"Pushed"}""" + "\n"));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerApiException>(() => client.Images.PushAsync("localhost:5000/x:1"));

        error.Message.ShouldContain("without reporting the pushed digest");
    }

    [Fact]
    public async Task A_push_by_digest_is_refused_before_asking_the_engine()
    {
        await using var engine = new FakeDockerEngine(Answer(200, ""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        await Should.ThrowAsync<ArgumentException>(() => client.Images.PushAsync("localhost:5000/x@sha256:0123"));
    }

    [Fact]
    public async Task Save_asks_for_every_reference_and_copies_the_tar()
    {
        await using var engine = new FakeDockerEngine(Answer(200, "TAR-BYTES", "application/x-tar"));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        using var destination = new MemoryStream();

        await client.Images.SaveAsync(["wasmc/b/node:abc", "wasmc/b/rust:def"], destination);

        Encoding.UTF8.GetString(destination.ToArray()).ShouldBe("TAR-BYTES");
        var request = engine.Requests[^1];
        request.Method.ShouldBe("GET");
        request.Path.ShouldBe("/v1.41/images/get");
        request.Query.Split('&').Select(Uri.UnescapeDataString).ShouldBe(["names=wasmc/b/node:abc", "names=wasmc/b/rust:def"]);
    }

    [Fact]
    public async Task Saving_a_missing_image_names_it()
    {
        await using var engine = new FakeDockerEngine(Answer(404, """{"message":"reference does not exist"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerImageNotFoundException>(() => client.Images.SaveAsync(["wasmc/b/node:abc"], new MemoryStream()));

        error.Message.ShouldContain("wasmc/b/node:abc");
        error.Message.ShouldContain("reference does not exist");
    }

    [Fact]
    public async Task A_save_that_breaks_off_is_a_lost_connection()
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(async (_, stream) =>
        {
            // The engine streams a save chunked; the connection closes inside the second chunk.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n7\r\npartial\r\n2000\r\nmore"));
            await stream.FlushAsync();
            return false;
        }));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerConnectionLostException>(() => client.Images.SaveAsync(["wasmc/b/node:abc"], new MemoryStream()));

        error.Message.ShouldContain("saving wasmc/b/node:abc");
    }

    [Fact]
    public async Task Load_sends_the_tar_and_returns_what_the_engine_loaded()
    {
        var body = string.Join("\n",
            """{"status":"Loading layer","progressDetail":{"current":512,"total":1024},"id":"7d8152eb9ef0"}""",
            """{"stream":"Loaded image: wasmc/b/node:abc\n"}""",
            """{"stream":"Loaded image ID: sha256:c247\n"}""") + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var loaded = await client.Images.LoadAsync(new MemoryStream([1, 2, 3, 4]));

        loaded.ShouldBe(["wasmc/b/node:abc", "sha256:c247"]);
        var request = engine.Requests[^1];
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/v1.41/images/load");
        request.Headers["content-type"].ShouldBe("application/x-tar");
        request.BodyBytes.ShouldBe(new byte[] { 1, 2, 3, 4 });
    }

    [Fact]
    public async Task A_load_error_inside_the_200_stream_throws()
    {
        var body = """{"errorDetail":{"message":"Error processing tar file(exit status 1): unexpected EOF"},"error":"Error processing tar file(exit status 1): unexpected EOF"}""" + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerApiException>(() => client.Images.LoadAsync(new MemoryStream([1])));

        error.StatusCode.ShouldBe(HttpStatusCode.OK);
        error.Message.ShouldContain("loading images: Error processing tar file(exit status 1): unexpected EOF");
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which races the assertions).</summary>
    private sealed class SyncProgress(List<ProgressMessage> messages) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value) => messages.Add(value);
    }
}
