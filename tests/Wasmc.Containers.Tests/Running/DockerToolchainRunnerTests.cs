using Wasmc.Containers.Running;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Running;

/// <summary>The Docker runner against the real engine, with a busybox image the tests build themselves.</summary>
public sealed class DockerToolchainRunnerTests : IAsyncLifetime
{
    private const string StepUser = "1000:1000";
    private static readonly ContainerPaths Paths = new("/workspace", "/workspace/app", "/out", "/scratch");
    private readonly TempFolder _folder = new();
    private readonly string _bundle = "test-" + Guid.NewGuid().ToString("N")[..8];
    private IDockerClient _docker = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        _docker = await TestDocker.ConnectAsync();
        _image = await TestDocker.EnsureBusyboxImageAsync(_docker);
        Directory.CreateDirectory(_folder.Combine("ws", "app"));
        File.WriteAllText(_folder.Combine("ws", "app", "input.txt"), "input from the workspace\n");
        foreach (var writable in new[] { "ws/out", "ws/scratch" })
        {
            // Steps run as 1000:1000, not as the (root) test process.
            var folder = _folder.CreateFolder(writable);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
            }
        }
    }

    private StepRunRequest Request(string script, TimeSpan? timeLimit = null, IReadOnlyList<PlanMount>? mounts = null, string? image = null) => new(
        new PlanStep("script", "shell", ["sh", "-c", script], "/workspace/app") { Mounts = mounts ?? [] },
        image ?? _image,
        _bundle,
        "app",
        new HostFolders(_folder.Combine("ws"), _folder.Combine("ws/out"), _folder.Combine("ws/scratch")),
        Paths)
    {
        Limits = new RunLimits(256L * 1024 * 1024, 1, timeLimit ?? TimeSpan.FromMinutes(2), 128),
    };

    private DockerToolchainRunner NewRunner() => new(_docker, new DockerRunnerOptions { User = StepUser });

    private async Task ShouldHaveNoContainers(string sessionId) =>
        (await _docker.Containers.ListAsync(new Dictionary<string, string?> { [WasmcLabels.Session] = sessionId }, all: true)).ShouldBeEmpty();

    [DockerFact]
    public async Task A_step_runs_with_live_prefixed_output_mapped_paths_and_its_exit_code()
    {
        var runner = NewRunner();
        var live = new List<StepOutputLine>();
        StepResult result;
        await using (runner)
        {
            result = await runner.RunAsync(
                Request("cat input.txt; echo 'src/app.js' at /workspace/app/src/app.js:3:5 >&2; id -u; echo built > /out/result.txt"),
                new ListSink(live));
        }

        result.ExitCode.ShouldBe(0);
        live.ShouldBe(result.Output);
        live.ShouldAllBe(line => line.Component == "app" && line.ToString().StartsWith("[app] ", StringComparison.Ordinal));
        result.Output.Select(line => line.Text).ShouldBe(
            ["input from the workspace", $"src/app.js at {_folder.Combine("ws", "app", "src", "app.js")}:3:5", "1000"],
            ignoreOrder: true);
        result.Output.Single(line => line.Text.Contains("app.js", StringComparison.Ordinal)).IsError.ShouldBeTrue();
        var output = _folder.Combine("ws", "out", "result.txt");
        File.ReadAllText(output).ShouldBe("built\n");
        FileOwner(output).ShouldBe(1000);
        await ShouldHaveNoContainers(runner.SessionId);
    }

    [DockerFact]
    public async Task The_container_is_created_with_every_hardening_flag()
    {
        await using var runner = NewRunner();
        var request = Request("true", mounts: [new PlanMount(MountKind.Cache, "tools", "/cache/tools", ReadOnly: false)]);
        (await runner.RunAsync(request)).ExitCode.ShouldBe(0);
        await using var removeVolume = new AsyncCleanup(async () =>
        {
            await runner.DisposeAsync();
            await _docker.Volumes.RemoveAsync(ToolchainContainerSpecs.CacheVolumeName(_bundle, "tools", _folder.Combine("ws")), force: true);
        });

        var container = (await _docker.Containers.InspectAsync(runner.ContainerIds.Single()))!;

        container.State.Running.ShouldBeTrue();
        container.Config.User.ShouldBe(StepUser);
        container.HostConfig.NetworkMode.ShouldBe("none");
        container.HostConfig.CapDrop.ShouldBe(["ALL"]);
        container.HostConfig.CapAdd.ShouldBeEmpty();
        container.HostConfig.SecurityOpt.ShouldContain("no-new-privileges");
        container.HostConfig.Privileged.ShouldBeFalse();
        container.HostConfig.MemoryBytes.ShouldBe(256L * 1024 * 1024);
        container.HostConfig.MemorySwapBytes.ShouldBe(256L * 1024 * 1024);
        container.HostConfig.NanoCpus.ShouldBe(1_000_000_000);
        container.HostConfig.PidsLimit.ShouldBe(128);
        container.HostConfig.ReadonlyRootfs.ShouldBeTrue();
        var mounts = container.Mounts.ToDictionary(mount => mount.Destination);
        mounts["/workspace"].ShouldSatisfyAllConditions(m => m.ReadWrite.ShouldBeFalse(), m => m.Source.ShouldBe(_folder.Combine("ws")));
        mounts["/out"].ShouldSatisfyAllConditions(m => m.ReadWrite.ShouldBeTrue(), m => m.Source.ShouldBe(_folder.Combine("ws", "out")));
        mounts["/scratch"].ReadWrite.ShouldBeTrue();
        mounts["/cache/tools"].ShouldSatisfyAllConditions(m => m.Type.ShouldBe("volume"), m => m.Name.ShouldBe(ToolchainContainerSpecs.CacheVolumeName(_bundle, "tools", _folder.Combine("ws"))));
        container.Config.Labels[WasmcLabels.Managed].ShouldBe("true");
        container.Config.Labels[WasmcLabels.Session].ShouldBe(runner.SessionId);
        container.Config.Labels[WasmcLabels.Bundle].ShouldBe(_bundle);
        container.Config.Labels[WasmcLabels.Toolchain].ShouldBe("shell");
        container.Config.Labels[WasmcLabels.ProcessId].ShouldBe(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [DockerFact]
    public async Task Inside_the_container_the_workspace_is_read_only_and_there_is_no_network()
    {
        await using var runner = NewRunner();

        var write = await runner.RunAsync(Request("touch /workspace/app/new.txt"));
        var network = await runner.RunAsync(Request("ls /sys/class/net"));

        write.ExitCode.ShouldNotBe(0);
        write.OutputText.ShouldContain("Read-only file system");
        File.Exists(_folder.Combine("ws", "app", "new.txt")).ShouldBeFalse();
        network.Output.Select(line => line.Text.Trim()).ShouldBe(["lo"]);
    }

    [DockerFact]
    public async Task Steps_of_a_session_share_one_warm_container_and_its_cache_volume()
    {
        var cache = new PlanMount(MountKind.Cache, "data", "/cache/data", ReadOnly: false);
        try
        {
            await using var runner = NewRunner();
            (await runner.RunAsync(Request("echo kept > /cache/data/file", mounts: [cache]))).ExitCode.ShouldBe(0);
            var second = await runner.RunAsync(Request("cat /cache/data/file", mounts: [cache]));
            var third = await runner.RunAsync(Request("echo no extra mounts needed"));

            second.OutputText.ShouldBe("kept");
            third.ExitCode.ShouldBe(0);
            runner.ContainerIds.Count.ShouldBe(1);
        }
        finally
        {
            await _docker.Volumes.RemoveAsync(ToolchainContainerSpecs.CacheVolumeName(_bundle, "data", _folder.Combine("ws")), force: true);
        }
    }

    [DockerFact]
    public async Task Prepared_sessions_start_one_container_with_every_mount_of_the_build()
    {
        var cargo = new PlanMount(MountKind.Cache, "cargo", "/cache/cargo", ReadOnly: false);
        var npm = new PlanMount(MountKind.Cache, "npm", "/cache/npm", ReadOnly: false);
        StepRunRequest[] steps = [Request("echo plain"), Request("echo a > /cache/cargo/a", mounts: [cargo]), Request("ls /cache", mounts: [npm])];
        try
        {
            await using var runner = NewRunner();
            await runner.PrepareAsync(steps);
            var prepared = runner.ContainerIds.Single();

            foreach (var step in steps)
            {
                (await runner.RunAsync(step)).ExitCode.ShouldBe(0);
            }

            runner.ContainerIds.ShouldBe([prepared]);
            (await _docker.Containers.InspectAsync(prepared))!.Mounts.Select(mount => mount.Destination)
                .ShouldBe(["/workspace", "/out", "/scratch", "/cache/cargo", "/cache/npm"], ignoreOrder: true);
        }
        finally
        {
            await _docker.Volumes.RemoveAsync(ToolchainContainerSpecs.CacheVolumeName(_bundle, "cargo", _folder.Combine("ws")), force: true);
            await _docker.Volumes.RemoveAsync(ToolchainContainerSpecs.CacheVolumeName(_bundle, "npm", _folder.Combine("ws")), force: true);
        }
    }

    [DockerFact]
    public async Task A_failing_step_shows_its_output_and_exit_code()
    {
        var runner = NewRunner();
        await using (runner)
        {
            var result = await runner.RunAsync(Request("echo compiling; echo 'error: /workspace/app/x.c:1:1: bad' >&2; exit 7"));

            result.ExitCode.ShouldBe(7);
            result.Succeeded.ShouldBeFalse();
            result.Output.Select(line => line.Text).ShouldContain($"error: {_folder.Combine("ws", "app", "x.c")}:1:1: bad");
            result.Output.Select(line => line.Text).ShouldContain("compiling");
        }

        await ShouldHaveNoContainers(runner.SessionId);
    }

    [DockerFact]
    public async Task A_step_over_its_time_limit_is_killed_and_reported()
    {
        var runner = NewRunner();
        await using (runner)
        {
            var error = await Should.ThrowAsync<StepTimeLimitExceededException>(() =>
                runner.RunAsync(Request("echo started; sleep 60", TimeSpan.FromSeconds(1))));

            error.Message.ShouldContain("step \"script\" exceeded its time limit of 1 s");
            error.Output.Select(line => line.Text).ShouldBe(["started"]);
            runner.ContainerIds.ShouldBeEmpty();
            await ShouldHaveNoContainers(runner.SessionId);

            // The session goes on with a fresh container.
            (await runner.RunAsync(Request("echo again"))).OutputText.ShouldBe("again");
        }

        await ShouldHaveNoContainers(runner.SessionId);
    }

    [DockerFact]
    public async Task Cancellation_kills_the_step_and_removes_its_container()
    {
        var runner = NewRunner();
        await using (runner)
        {
            using var cancellation = new CancellationTokenSource();
            var sink = new ListSink([], onLine: _ => cancellation.Cancel());

            await Should.ThrowAsync<OperationCanceledException>(() => runner.RunAsync(Request("echo go; sleep 60"), sink, cancellation.Token));

            await ShouldHaveNoContainers(runner.SessionId);
        }
    }

    [DockerFact]
    public async Task A_missing_image_names_the_command_that_builds_it()
    {
        await using var runner = NewRunner();

        var error = await Should.ThrowAsync<ToolchainImageMissingException>(() => runner.RunAsync(Request("true", image: "wasmc-test/not-built:" + _bundle)));

        error.Message.ShouldContain($"dotnet wasmc bundle build {_bundle}");
        error.Message.ShouldContain("toolchain 'shell'");
    }

    [DockerFact]
    public async Task Leftovers_of_dead_sessions_are_removed_and_live_ones_kept()
    {
        await using var runner = NewRunner();
        (await runner.RunAsync(Request("true"))).ExitCode.ShouldBe(0);
        var deadLabels = new Dictionary<string, string>
        {
            [WasmcLabels.Managed] = "true",
            [WasmcLabels.Session] = "dead-session",
            [WasmcLabels.Host] = Environment.MachineName,
            [WasmcLabels.ProcessId] = "999999999",
            [WasmcLabels.ProcessStart] = "1",
        };
        var leftover = await _docker.Containers.CreateAsync(new ContainerSpec(_image) { Cmd = ["true"], Labels = deadLabels, NetworkMode = "none" });

        var removed = await ToolchainContainerCleanup.RemoveLeftoversAsync(_docker);

        removed.ShouldContain(leftover);
        removed.ShouldNotContain(runner.ContainerIds.Single());
        (await _docker.Containers.InspectAsync(leftover)).ShouldBeNull();
    }

    private static int FileOwner(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var owner = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return int.Parse(owner, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync()
    {
        _docker?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private sealed class AsyncCleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}
