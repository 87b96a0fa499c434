using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// One build at a time per workspace (docs/reliability.md, "faults"): a second build waits for the first and says so, or
/// fails at once with <see cref="BuildOptions.NoWait"/>; a waiting build never removes the live build's staging folder.
/// </summary>
public sealed class WorkspaceLockTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc");

    public void Dispose() => _workspace.Dispose();

    private string Output => Path.Combine(_workspace.Root, "target", "wasmc");

    [Fact]
    public async Task A_second_holder_fails_at_once_when_it_may_not_wait_and_names_the_first()
    {
        using var first = await WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: true, null, CancellationToken.None);

        var busy = await Should.ThrowAsync<WorkspaceBusyException>(() => WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: false, null, CancellationToken.None));

        busy.OwnerProcessId.ShouldBe(Environment.ProcessId);
        busy.Message.ShouldContain($"(pid {Environment.ProcessId})");
    }

    [Fact]
    public async Task A_waiting_holder_gets_the_lock_when_the_first_lets_go()
    {
        var first = await WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: true, null, CancellationToken.None);
        var waited = new TaskCompletionSource<int>();

        var second = WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: true, pid => waited.TrySetResult(pid), CancellationToken.None);

        (await waited.Task.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(Environment.ProcessId);
        second.IsCompleted.ShouldBeFalse();
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task A_build_that_waits_leaves_the_live_build_and_its_staging_folder_alone()
    {
        var inStep = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        string? liveStaging = null;
        _workspace.Toolchains.BeforeStep = async (request, _) =>
        {
            if (request.Step.Description == "compile" && liveStaging is null)
            {
                liveStaging = request.Folders.Output;
                inStep.SetResult();
                await release.Task;
            }
        };
        var progress = new RecordingProgress();
        var first = _workspace.BuildAsync();
        await inStep.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = new WorkspaceBuilder([_workspace.Plugin], [_workspace.Bundle], _workspace.Toolchains, new WaitRecorder(progress))
            .BuildAsync(_workspace.Manifest(), new BuildOptions { Force = true, Jobs = 1 });
        await Should.ThrowAsync<WorkspaceBusyException>(() => _workspace.Builder().BuildAsync(_workspace.Manifest(), new BuildOptions { NoWait = true, Jobs = 1 }));
        while (!progress.Events.Contains("waiting"))
        {
            await Task.Delay(20);
        }

        Directory.Exists(liveStaging).ShouldBeTrue();
        second.IsCompleted.ShouldBeFalse();
        release.SetResult();

        (await first).Single().Status.ShouldBe(ComponentBuildStatus.Built);
        (await second).Single().Status.ShouldBe(ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_it()
    {
        using var first = await WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: true, null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = WorkspaceLock.AcquireAsync(_workspace.Root, Output, wait: true, _ => cancel.Cancel(), cancel.Token);

        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
    }

    private sealed class WaitRecorder(RecordingProgress inner) : IBuildProgress
    {
        public void Started(ComponentBuildStart start) => inner.Started(start);

        public void StepStarting(string component, string description) => inner.StepStarting(component, description);

        public void Output(Wasmc.Containers.Running.StepOutputLine line) => inner.Output(line);

        public void Finished(ComponentBuildOutcome outcome) => inner.Finished(outcome);

        public void WaitingForWorkspace(int processId) => inner.Events.Enqueue("waiting");
    }
}
