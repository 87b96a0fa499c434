using Wasmc.Containers.Running;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Running;

/// <summary>Engine failures the real daemon will not produce on demand, against a scripted engine (no Docker needed).</summary>
public sealed class DockerRunnerFailureTests
{
    [Fact]
    public async Task The_engine_dying_mid_step_is_a_clear_error_without_partial_output()
    {
        await using var engine = new FakeDockerEngine(FakeDockerEngine.WithPing(async (request, stream) =>
        {
            switch (request.Method, request.Path)
            {
                case ("POST", "/v1.41/exec/exec-1/start"):
                    await FakeDockerEngine.WriteStreamHeadAsync(stream, "application/vnd.docker.raw-stream");
                    await stream.WriteAsync(FakeDockerEngine.Frame(1, "first line\npartial li"));
                    await stream.WriteAsync(FakeDockerEngine.Frame(1, "ne that never ends\n").AsMemory(0, 12));
                    return false;
                case ("GET", "/v1.41/containers/json"):
                    await FakeDockerEngine.WriteAsync(stream, 200, "[]");
                    return true;
                case ("POST", "/v1.41/containers/create"):
                    await FakeDockerEngine.WriteAsync(stream, 201, """{"Id":"container-1"}""");
                    return true;
                case ("POST", "/v1.41/containers/container-1/exec"):
                    await FakeDockerEngine.WriteAsync(stream, 201, """{"Id":"exec-1"}""");
                    return true;
                default:
                    await FakeDockerEngine.WriteAsync(stream, 200, "{}");
                    return true;
            }
        }));
        using var folder = new TempFolder();
        var request = new StepRunRequest(
            new PlanStep("script", "shell", ["sh", "-c", "true"], "/workspace"),
            "img:1",
            "b",
            "app",
            new HostFolders(folder.CreateFolder("ws"), folder.Combine("ws/out"), folder.Combine("ws/scratch")),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));
        using var docker = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        var runner = new DockerToolchainRunner(docker, new DockerRunnerOptions { User = "1000:1000" });
        var live = new List<StepOutputLine>();

        var error = await Should.ThrowAsync<ToolchainRunException>(() => runner.RunAsync(request, new ListSink(live)));
        await runner.DisposeAsync();

        error.Message.ShouldContain("[app] step \"script\" could not run in Docker");
        error.Message.ShouldContain("connection to Docker");
        error.InnerException.ShouldBeOfType<DockerConnectionLostException>();
        live.Select(line => line.Text).ShouldBe(["first line"]);
        engine.Requests.ShouldContain(request => request.Method == "DELETE" && request.Path == "/v1.41/containers/container-1");
    }

}
