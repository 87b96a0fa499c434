using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Building;

/// <summary>Toolchain mode: a dev container built from a bundle image runs that toolchain's steps itself, the rest in Docker.</summary>
public sealed class RoutedToolchainEnvironmentTests
{
    private static readonly Workplace NodeDevContainer = new()
    {
        Kind = WorkplaceKind.DevContainer,
        Engine = EngineLocation.None,
        LocalToolchains = [new LocalToolchain("trixie-2026.11.2", "node", "88f785e96c0c6adfc62adbe41b2ab5fd007bb18d8e05227512d1083261a15cd3")],
    };

    private static StepRunRequest Step(string toolchain, string image) => new(
        new PlanStep("step", toolchain, ["true"], "/workspace"),
        image,
        "trixie-2026.11.2",
        "app",
        new HostFolders("/tmp/ws", "/tmp/ws/out", "/tmp/ws/scratch"),
        new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));

    [Fact]
    public async Task Steps_of_the_held_toolchain_run_here_and_others_in_docker()
    {
        var here = new FakeToolchains();
        var docker = new FakeToolchains();
        await using var environment = new RoutedToolchainEnvironment(
            (bundle, toolchain, image) => NodeDevContainer.LocalToolchains.Any(held => held.Matches(bundle, toolchain, image.Split(':')[^1])),
            here,
            docker,
            "trixie-2026.11.2/node");
        await using var runner = await environment.CreateRunnerAsync(CancellationToken.None);

        await runner.RunAsync(Step("node", "wasmc/trixie-2026.11.2/node:88f785e96c0c"));
        await runner.RunAsync(Step("wasm-tools", "wasmc/trixie-2026.11.2/wasm-tools:d89994d5a4a1"));
        await runner.RunAsync(Step("node", "wasmc/trixie-2026.11.2/node:ffffffffffff"));

        here.Requests.Select(request => request.Image).ShouldBe(["wasmc/trixie-2026.11.2/node:88f785e96c0c"]);
        docker.Requests.Select(request => request.Image).ShouldBe(["wasmc/trixie-2026.11.2/wasm-tools:d89994d5a4a1", "wasmc/trixie-2026.11.2/node:ffffffffffff"]);
    }

    [Fact]
    public async Task Without_an_engine_the_held_toolchain_still_builds_and_the_others_fail_saying_why()
    {
        var endpoint = DockerEndpoint.Parse("unix:///nonexistent/docker.sock", "test");
        await using var environment = ToolchainEnvironments.Create(NodeDevContainer, RunnerMode.Auto, ["/tmp/ws"], docker: null);
        var unreachable = new DockerToolchainEnvironment(_ => throw new DockerUnreachableException(endpoint, "Docker is not reachable at unix:///nonexistent/docker.sock."));
        await using var routed = new RoutedToolchainEnvironment((_, toolchain, _) => toolchain == "node", new FakeToolchains(), unreachable, "trixie-2026.11.2/node");

        environment.ShouldBeOfType<RoutedToolchainEnvironment>();
        (await routed.GetImageIdAsync("wasmc/trixie-2026.11.2/node:88f785e96c0c", "trixie-2026.11.2", "node", CancellationToken.None)).ShouldStartWith("sha256:");
        var error = await Should.ThrowAsync<ToolchainRunException>(() => routed.GetImageIdAsync("wasmc/trixie-2026.11.2/rust:4ec040619604", "trixie-2026.11.2", "rust", CancellationToken.None));
        error.Message.ShouldBe(
            "Toolchain 'rust' of bundle 'trixie-2026.11.2' is not in this container (it holds trixie-2026.11.2/node), so its steps need Docker: " +
            "Docker is not reachable at unix:///nonexistent/docker.sock.");
        error.InnerException.ShouldBeOfType<DockerUnreachableException>("an environment problem: the build stops with exit code 3");
    }

    [Fact]
    public async Task The_runner_variable_overrides_the_workplace()
    {
        await using var host = ToolchainEnvironments.Create(NodeDevContainer, RunnerMode.Host, [], docker: null);
        await using var docker = ToolchainEnvironments.Create(NodeDevContainer, RunnerMode.Docker, [], docker: null);
        await using var plainContainer = ToolchainEnvironments.Create(NodeDevContainer with { LocalToolchains = [] }, RunnerMode.Auto, [], docker: null);

        host.ShouldBeOfType<HostToolchainEnvironment>();
        docker.ShouldBeOfType<DockerToolchainEnvironment>();
        plainContainer.ShouldBeOfType<DockerToolchainEnvironment>();
    }

    [Fact]
    public void With_the_engine_outside_a_workspace_on_no_bind_mount_is_refused_before_anything_runs()
    {
        var outside = new Workplace
        {
            Kind = WorkplaceKind.DevContainer,
            Engine = EngineLocation.Outside,
            Mounts = [new ContainerMountInfo("bind", null, "/home/me/app", "/workspaces/app", true)],
        };

        Should.Throw<PathNotOnHostMountException>(() => ToolchainEnvironments.Create(outside, RunnerMode.Auto, ["/root/app"], docker: null))
            .Path.ShouldBe("/root/app");
        Should.NotThrow(() => ToolchainEnvironments.Create(outside, RunnerMode.Auto, ["/workspaces/app", "/workspaces/app/target/wasmc"], docker: null).DisposeAsync());
    }
}
