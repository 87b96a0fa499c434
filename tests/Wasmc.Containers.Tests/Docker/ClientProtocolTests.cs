using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Wasmc.Docker.Internal;

namespace Wasmc.Containers.Tests.Docker;

/// <summary>The client against a scripted engine: version negotiation, errors, broken connections.</summary>
public class ClientProtocolTests
{
    private static Func<FakeRequest, NetworkStream, Task<bool>> Answer(int status, string body) =>
        FakeDockerEngine.WithPing(async (_, stream) =>
        {
            await FakeDockerEngine.WriteAsync(stream, status, body);
            return true;
        });

    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("1.47", DockerClientFactory.MaximumApiVersion)]
    public async Task The_api_version_is_the_lower_of_engine_and_client(string engineVersion, string expected)
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(
            async (_, stream) =>
            {
                await FakeDockerEngine.WriteAsync(stream, 200, """{"Version":"99.0","ApiVersion":"x"}""");
                return true;
            },
            engineVersion));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        client.ApiVersion.ShouldBe(expected);
        await client.System.VersionAsync();
        engine.Requests[^1].Path.ShouldBe($"/v{expected}/version");
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_unreachable_with_advice()
    {
        using var folder = new TempFolder();
        var endpoint = new DockerEndpoint(new Uri("unix://" + folder.Combine("nothing.sock")), "test");

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => DockerClientFactory.ConnectAsync(endpoint));

        error.Message.ShouldContain("Docker is not reachable at unix://");
        error.Message.ShouldContain("DOCKER_HOST");
    }

    [Fact]
    public void Access_denied_on_the_socket_is_reported_as_a_permission_problem()
    {
        var errors = new EngineErrors(DockerEndpoint.DefaultUnixSocket);
        var failure = new HttpRequestException("Connection failed.", new SocketException((int)SocketError.AccessDenied));

        var error = errors.FromTransport(failure, "pinging");

        error.ShouldBeOfType<DockerPermissionDeniedException>().Message.ShouldContain("docker` group");
    }

    [Fact]
    public async Task A_missing_image_is_null_on_inspect()
    {
        await using var engine = new FakeDockerEngine(Answer(404, """{"message":"No such image: nope:1"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        (await client.Images.InspectAsync("nope:1")).ShouldBeNull();
    }

    [Fact]
    public async Task Creating_a_container_from_a_missing_image_names_the_image()
    {
        await using var engine = new FakeDockerEngine(Answer(404, """{"message":"No such image: nope:1"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerImageNotFoundException>(() => client.Containers.CreateAsync(new ContainerSpec("nope:1")));

        error.Image.ShouldBe("nope:1");
        error.Message.ShouldContain("No such image: nope:1");
    }

    [Fact]
    public async Task A_conflict_is_typed()
    {
        await using var engine = new FakeDockerEngine(Answer(409, """{"message":"Conflict. The container name \"/x\" is already in use"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerConflictException>(() => client.Containers.CreateAsync(new ContainerSpec("img") { Name = "x" }));

        error.Message.ShouldContain("already in use");
    }

    [Fact]
    public async Task Other_errors_carry_status_and_engine_message()
    {
        await using var engine = new FakeDockerEngine(Answer(500, """{"message":"driver failed"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerApiException>(() => client.System.InfoAsync());

        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        error.Message.ShouldContain("driver failed");
    }

    [Fact]
    public async Task A_build_error_inside_a_200_stream_throws_with_the_last_output()
    {
        var body = string.Join("\n",
            """{"stream":"Step 1/2 : FROM scratch\n"}""",
            """{"stream":"Step 2/2 : RUN make\n"}""",
            """{"errorDetail":{"message":"The command '/bin/sh -c make' returned a non-zero code: 2"},"error":"The command '/bin/sh -c make' returned a non-zero code: 2"}""") + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        var progress = new List<ProgressMessage>();

        var error = await Should.ThrowAsync<DockerApiException>(() =>
            client.Images.BuildAsync(new MemoryStream([]), new ImageBuildParameters { Tags = ["t:1"] }, new SyncProgress(progress)));

        error.StatusCode.ShouldBe(HttpStatusCode.OK);
        error.Message.ShouldContain("returned a non-zero code: 2");
        error.Message.ShouldContain("Step 2/2 : RUN make");
        progress.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_successful_build_returns_the_image_id_and_sends_the_parameters()
    {
        var body = """{"stream":"Step 1/1 : FROM scratch\n"}""" + "\n" + """{"aux":{"ID":"sha256:abc"}}""" + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var id = await client.Images.BuildAsync(new MemoryStream([1, 2, 3]), new ImageBuildParameters
        {
            Tags = ["wasmc/x:1"],
            BuildArgs = new Dictionary<string, string> { ["V"] = "1" },
            NetworkMode = "none",
        });

        id.ShouldBe("sha256:abc");
        engine.Requests[^1].Path.ShouldBe("/v1.41/build");
    }

    [Fact]
    public async Task A_pull_error_inside_a_200_stream_throws()
    {
        var body = """{"status":"Pulling from library/x"}""" + "\n" + """{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}""" + "\n";
        await using var engine = new FakeDockerEngine(Answer(200, body));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerApiException>(() => client.Images.PullAsync("x:1"));

        error.Message.ShouldContain("pulling x:1: manifest unknown");
    }

    [Fact]
    public async Task The_engine_dying_in_the_middle_of_an_exec_stream_is_a_lost_connection()
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(async (_, stream) =>
        {
            await FakeDockerEngine.WriteStreamHeadAsync(stream, "application/vnd.docker.raw-stream");
            await stream.WriteAsync(FakeDockerEngine.Frame(1, "first line\n"));
            await stream.WriteAsync(FakeDockerEngine.Frame(1, "never finished\n").AsMemory(0, 10));
            return false;
        }));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        await using var output = await client.Exec.StartAsync("e1");

        (await output.ReadAsync()).ShouldNotBeNull();
        var error = await Should.ThrowAsync<DockerConnectionLostException>(async () =>
        {
            while (await output.ReadAsync() is not null)
            {
            }
        });

        error.Message.ShouldContain("was lost while running exec e1");
    }

    [Fact]
    public async Task The_engine_closing_before_answering_is_a_lost_connection()
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing((_, _) => Task.FromResult(false)));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var error = await Should.ThrowAsync<DockerUnreachableException>(() => client.Containers.ListAsync());

        error.Message.ShouldContain("listing containers");
    }

    [Fact]
    public void The_create_parameters_carry_every_host_config_field()
    {
        var body = ContainerOperations.CreateParameters(new ContainerSpec("img:1")
        {
            Entrypoint = ["sleep", "infinity"],
            User = "1000:1000",
            Mounts = [new MountSpec(MountType.Bind, "/src", "/workspace", ReadOnly: true), new MountSpec(MountType.Volume, "cache", "/cache", ReadOnly: false)],
            NetworkMode = "none",
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            MemoryBytes = 1024,
            MemorySwapBytes = 1024,
            NanoCpus = 1_500_000_000,
            PidsLimit = 64,
            Labels = new Dictionary<string, string> { ["wasmc.managed"] = "true" },
            Environment = new Dictionary<string, string> { ["A"] = "b=c" },
        });

        body.User.ShouldBe("1000:1000");
        body.Env.ShouldBe(["A=b=c"]);
        body.Labels["wasmc.managed"].ShouldBe("true");
        body.NetworkDisabled.ShouldBe(true);
        var host = body.HostConfig!;
        host.NetworkMode.ShouldBe("none");
        host.CapDrop.ShouldBe(["ALL"]);
        host.SecurityOpt.ShouldBe(["no-new-privileges"]);
        host.Memory.ShouldBe(1024);
        host.MemorySwap.ShouldBe(1024);
        host.NanoCPUs.ShouldBe(1_500_000_000);
        host.PidsLimit.ShouldBe(64);
        var mounts = host.Mounts!;
        (mounts[0].Type, mounts[0].Source, mounts[0].Target, mounts[0].ReadOnly).ShouldBe(("bind", "/src", "/workspace", (bool?)true));
        mounts[1].Type.ShouldBe("volume");
    }

    [Fact]
    public async Task The_create_request_sends_the_hardening_as_the_engine_expects_it()
    {
        await using var engine = new FakeDockerEngine(Answer(201, """{"Id":"c1"}"""));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        await client.Containers.CreateAsync(new ContainerSpec("img:1")
        {
            Name = "wasmc-x",
            Cmd = ["true"],
            User = "1000:1000",
            Mounts = [new MountSpec(MountType.Bind, "/src", "/workspace", ReadOnly: true)],
            NetworkMode = "none",
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
        });

        var request = engine.Requests[^1];
        request.Path.ShouldBe("/v1.41/containers/create");
        request.Query.ShouldBe("name=wasmc-x");
        var body = JsonNode.Parse(request.Body)!;
        body["User"]!.GetValue<string>().ShouldBe("1000:1000");
        body["NetworkDisabled"]!.GetValue<bool>().ShouldBeTrue();
        body["Entrypoint"].ShouldBeNull(); // not sent: the image's entrypoint stays
        var host = body["HostConfig"]!;
        host["NetworkMode"]!.GetValue<string>().ShouldBe("none");
        host["CapDrop"]!.AsArray().Single()!.GetValue<string>().ShouldBe("ALL");
        host["SecurityOpt"]!.AsArray().Single()!.GetValue<string>().ShouldBe("no-new-privileges");
        var mount = host["Mounts"]![0]!;
        (mount["Type"]!.GetValue<string>(), mount["Source"]!.GetValue<string>(), mount["Target"]!.GetValue<string>(), mount["ReadOnly"]!.GetValue<bool>())
            .ShouldBe(("bind", "/src", "/workspace", true));
    }

    [Theory]
    [InlineData("debian:12", "debian", "12")]
    [InlineData("localhost:5000/wasmc/rust", "localhost:5000/wasmc/rust", "latest")]
    [InlineData("localhost:5000/wasmc/rust:1.2", "localhost:5000/wasmc/rust", "1.2")]
    [InlineData("wasmc/rust@sha256:0123", "wasmc/rust@sha256:0123", null)]
    public void References_split_into_repository_and_tag(string reference, string repository, string? tag)
    {
        ImageOperations.SplitReference(reference).ShouldBe((repository, tag));
    }

    [Theory]
    [InlineData("1.41", "1.43", "1.41")]
    [InlineData("1.45", "1.43", "1.43")]
    [InlineData("garbage", "1.43", "1.43")]
    public void Api_versions_negotiate_down(string server, string client, string expected)
    {
        ApiVersions.Negotiate(server, client).ShouldBe(expected);
    }

    [Fact]
    public async Task Label_filters_are_encoded_as_docker_expects()
    {
        await using var engine = new FakeDockerEngine(Answer(200, "[]"));
        using var client = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        await client.Containers.ListAsync(new Dictionary<string, string?> { ["wasmc.managed"] = "true", ["wasmc.session"] = null });

        var query = engine.Requests[^1].Query.Split('&').Select(Uri.UnescapeDataString).ToList();
        query.ShouldContain(part => part.Equals("all=true", StringComparison.OrdinalIgnoreCase) || part == "all=1");
        var filters = JsonNode.Parse(query.Single(part => part.StartsWith("filters=", StringComparison.Ordinal))["filters=".Length..])!;
        filters["label"]!.AsObject().Select(pair => pair.Key).ShouldBe(["wasmc.managed=true", "wasmc.session"]);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which races the assertions).</summary>
    private sealed class SyncProgress(List<ProgressMessage> messages) : IProgress<ProgressMessage>
    {
        public void Report(ProgressMessage value) => messages.Add(value);
    }
}
