using Wasmc.Containers.Running;
using Wasmc.Containers.Tests.Support;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Running;

/// <summary>The host runner needs no Docker: it runs /bin/sh on this machine.</summary>
public class HostToolchainRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private StepRunRequest Request(string script, TimeSpan? timeLimit = null) => new(
        new PlanStep("script", "shell", ["/bin/sh", "-c", script], "/workspace"),
        "unused",
        "b",
        "app",
        new HostFolders(_folder.CreateFolder("ws"), _folder.Combine("ws/out"), _folder.Combine("ws/scratch")),
        new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"))
    {
        Limits = RunLimits.Default with { TimeLimit = timeLimit ?? TimeSpan.FromMinutes(1) },
    };

    [Fact]
    public async Task Runs_the_argv_with_container_paths_rewritten_to_host_folders()
    {
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));
        var lines = new List<StepOutputLine>();

        var result = await runner.RunAsync(Request("pwd; echo made > /out/a.txt; echo oops >&2"), new ListSink(lines));

        result.ExitCode.ShouldBe(0);
        result.Output.Select(line => line.Text).ShouldBe([_folder.Combine("ws"), "oops"], ignoreOrder: true);
        result.Output.Single(line => line.Text == "oops").IsError.ShouldBeTrue();
        File.ReadAllText(_folder.Combine("ws", "out", "a.txt")).ShouldBe("made\n");
        lines.ShouldAllBe(line => line.Component == "app");
    }

    [Fact]
    public async Task A_failing_step_returns_its_exit_code_and_output()
    {
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));

        var result = await runner.RunAsync(Request("echo broken; exit 3"));

        result.ExitCode.ShouldBe(3);
        result.Succeeded.ShouldBeFalse();
        result.OutputText.ShouldBe("broken");
    }

    [Fact]
    public async Task A_missing_tool_says_the_host_runner_needs_it_on_path()
    {
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));
        var request = Request("") with { Step = new PlanStep("compile", "rust", ["wasmc-no-such-tool"], "/workspace") };

        var error = await Should.ThrowAsync<ToolchainRunException>(() => runner.RunAsync(request));

        error.Message.ShouldContain("wasmc-no-such-tool");
        error.Message.ShouldContain("PATH");
    }

    [Fact]
    public async Task A_step_over_its_time_limit_is_killed_and_reported()
    {
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));

        var error = await Should.ThrowAsync<StepTimeLimitExceededException>(() => runner.RunAsync(Request("echo started; sleep 30", TimeSpan.FromMilliseconds(500))));

        error.Message.ShouldContain("step \"script\" exceeded its time limit of 0.5 s");
        error.Output.Select(line => line.Text).ShouldBe(["started"]);
    }

    [Fact]
    public async Task Cancellation_kills_the_step()
    {
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));
        using var cancellation = new CancellationTokenSource();
        var sink = new ListSink([], onLine: _ => cancellation.Cancel());

        await Should.ThrowAsync<OperationCanceledException>(() => runner.RunAsync(Request("echo go; sleep 30"), sink, cancellation.Token));
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Collects output lines; optionally reacts to each.</summary>
public sealed class ListSink(List<StepOutputLine> lines, Action<StepOutputLine>? onLine = null) : IStepOutputSink
{
    public void OnLine(StepOutputLine line)
    {
        lock (lines)
        {
            lines.Add(line);
        }

        onLine?.Invoke(line);
    }
}
