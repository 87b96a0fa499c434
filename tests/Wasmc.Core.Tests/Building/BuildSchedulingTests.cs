using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;

namespace Wasmc.Core.Tests.Building;

public sealed class BuildSchedulingTests : IDisposable
{
    // A guard against hanging forever when the code under test is wrong, not a timing assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly BuildWorkspace _workspace = new("calc", "greeter");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Components_build_concurrently_up_to_the_job_count()
    {
        var bothCompiling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var compiling = 0;
        _workspace.Toolchains.BeforeStep = async (request, cancellationToken) =>
        {
            if (request.Step.Description == "compile" && Interlocked.Increment(ref compiling) == 2)
            {
                bothCompiling.SetResult();
            }

            // Each compile waits until the other one runs too: only a parallel build gets past this.
            await bothCompiling.Task.WaitAsync(Guard, cancellationToken);
        };

        var outcomes = await _workspace.BuildAsync(new BuildOptions { Jobs = 2 });

        outcomes.ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
        _workspace.Toolchains.MaxConcurrency.ShouldBe(2);
    }

    [Fact]
    public async Task One_job_builds_one_component_at_a_time_in_manifest_order()
    {
        var outcomes = await _workspace.BuildAsync(new BuildOptions { Jobs = 1 });

        outcomes.Select(o => o.Component).ShouldBe(["calc", "greeter"]);
        _workspace.Toolchains.MaxConcurrency.ShouldBe(1);
        _workspace.Toolchains.Requests.Select(r => r.ComponentName).ShouldBe(["calc", "calc", "greeter", "greeter"]);
    }

    [Fact]
    public async Task Cancelling_stops_the_build_disposes_the_runner_and_leaves_no_partial_output()
    {
        using var cancellation = new CancellationTokenSource();
        _workspace.Toolchains.BeforeStep = async (request, cancellationToken) =>
        {
            await File.WriteAllTextAsync(Path.Combine(request.Folders.Output, "calc.wasm"), "half", CancellationToken.None);
            await cancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };

        await Should.ThrowAsync<OperationCanceledException>(() => _workspace.BuildAsync(new BuildOptions { Jobs = 2 }, cancellation.Token));

        _workspace.Toolchains.Runners.ShouldHaveSingleItem().Disposed.ShouldBeTrue();
        Directory.Exists(_workspace.OutputFolder("calc")).ShouldBeFalse();
        Directory.Exists(_workspace.OutputFolder("greeter")).ShouldBeFalse();
        var staging = Path.Combine(_workspace.Root, "target", "wasmc", "debug", ".staging");
        (Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_toolchain_image_stops_the_build_with_the_command_that_builds_it()
    {
        _workspace.Toolchains.MissingImages.Add(_workspace.Bundle.Toolchains[0].ImageReference);

        var error = await Should.ThrowAsync<BuildEnvironmentException>(() => _workspace.BuildAsync());

        error.Message.ShouldContain("dotnet wasmc bundle build test-bundle");
        error.InnerException.ShouldBeOfType<ToolchainImageMissingException>();
        _workspace.Toolchains.Runners.ShouldBeEmpty();
    }

    [Fact]
    public async Task Docker_failing_under_a_step_is_an_environment_problem()
    {
        _workspace.Toolchains.BeforeStep = (_, _) => throw new ToolchainRunException(
            "[calc] step \"compile\" could not run in Docker: connection lost",
            new Wasmc.Docker.DockerException("connection lost"));

        var error = await Should.ThrowAsync<BuildEnvironmentException>(() => _workspace.BuildAsync());

        error.Message.ShouldContain("could not run in Docker");
        _workspace.Toolchains.Runners.ShouldHaveSingleItem().Disposed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_step_over_its_time_limit_fails_the_component_only()
    {
        _workspace.Toolchains.BeforeStep = (request, _) => request.ComponentName == "calc"
            ? throw new StepTimeLimitExceededException("calc", "compile", TimeSpan.FromMinutes(30), [new StepOutputLine("calc", false, "still compiling")])
            : Task.CompletedTask;

        var outcomes = await _workspace.BuildAsync();

        outcomes.Select(o => o.Status).ShouldBe([ComponentBuildStatus.Failed, ComponentBuildStatus.Built]);
        outcomes[0].Message!.ShouldContain("exceeded its time limit");
        outcomes[0].FailureOutput.ShouldHaveSingleItem().Text.ShouldBe("still compiling");
    }

    [Fact]
    public async Task Unknown_components_are_bad_input_with_a_suggestion_and_nothing_is_built()
    {
        var error = await Should.ThrowAsync<BuildInputException>(
            () => _workspace.BuildAsync(new BuildOptions { Components = ["calc", "greter", "zzz"] }));

        error.Message.ShouldBe("unknown components 'greter' (did you mean 'greeter'?), 'zzz' (components in wasmc.toml: calc, greeter)");
        _workspace.Plugin.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_profile_is_bad_input()
    {
        var error = await Should.ThrowAsync<BuildInputException>(() => _workspace.BuildAsync(new BuildOptions { Profile = "relase" }));

        error.Message.ShouldBe("unknown profile 'relase'; did you mean 'release'? (profiles: debug, release)");
    }

    [Fact]
    public async Task Only_the_named_components_are_built_in_the_order_given()
    {
        _workspace.AddComponent("adder");

        var outcomes = await _workspace.BuildAsync(new BuildOptions { Components = ["greeter", "calc"], Jobs = 1 });

        outcomes.Select(o => o.Component).ShouldBe(["greeter", "calc"]);
        _workspace.Plugin.Requests.Select(r => r.Component.Name).ShouldBe(["greeter", "calc"]);
    }

    [Fact]
    public async Task A_component_not_built_in_the_profile_is_skipped_with_a_note()
    {
        _workspace.ExtraEntryLines["greeter"] = "profiles = [\"release\"]";

        var outcomes = await _workspace.BuildAsync();

        outcomes[1].Status.ShouldBe(ComponentBuildStatus.Skipped);
        outcomes[1].Message.ShouldBe("not built in profile 'debug' (its profiles: release)");
        BuildMessages.Finished(outcomes[1]).ShouldBe("skipped greeter: not built in profile 'debug' (its profiles: release)");
        _workspace.Plugin.Requests.Select(r => r.Component.Name).ShouldBe(["calc"]);
    }
}
