using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;

namespace Wasmc.Core.Tests.Building;

public sealed class BuildCacheTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc", "greeter");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task An_unchanged_workspace_is_up_to_date_and_starts_no_runner()
    {
        var first = await _workspace.BuildAsync();
        var runnersAfterFirstBuild = _workspace.Toolchains.Runners.Count;
        var requestsAfterFirstBuild = _workspace.Toolchains.Requests.Count;

        var second = await _workspace.BuildAsync();

        second.ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
        second.Select(o => o.CacheKey).ShouldBe(first.Select(o => o.CacheKey));
        second.Select(o => o.Artifacts).ShouldBe(first.Select(o => o.Artifacts));
        _workspace.Toolchains.Runners.Count.ShouldBe(runnersAfterFirstBuild);
        _workspace.Toolchains.Requests.Count.ShouldBe(requestsAfterFirstBuild);
    }

    [Fact]
    public async Task Changing_a_source_file_rebuilds_exactly_that_component()
    {
        await _workspace.BuildAsync();
        _workspace.Write("components/calc/src/main.txt", "new source of calc");

        var outcomes = await _workspace.BuildAsync();

        outcomes.Select(o => (o.Component, o.Status)).ShouldBe([("calc", ComponentBuildStatus.Built), ("greeter", ComponentBuildStatus.UpToDate)]);
        _workspace.Toolchains.Requests.Count(r => r.ComponentName == "greeter").ShouldBe(2); // first build only
        _workspace.Toolchains.Requests.Count(r => r.ComponentName == "calc").ShouldBe(4);
    }

    [Fact]
    public async Task Adding_a_file_to_the_component_folder_rebuilds_it()
    {
        await _workspace.BuildAsync();
        _workspace.Write("components/calc/README.md", "notes");

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.Built, ComponentBuildStatus.UpToDate]);
    }

    [Fact]
    public async Task Changing_the_wit_rebuilds_the_component()
    {
        await _workspace.BuildAsync();
        _workspace.Write("components/greeter/wit/world.wit", "package test:greeter;\nworld greeter { export hello: func(); }\n");

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.UpToDate, ComponentBuildStatus.Built]);
    }

    [Fact]
    public async Task Files_below_target_and_node_modules_of_a_component_are_not_inputs()
    {
        await _workspace.BuildAsync();
        _workspace.Write("components/calc/target/debug/junk.o", "x");
        _workspace.Write("components/calc/node_modules/left-pad/index.js", "x");

        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
    }

    [Fact]
    public async Task Workspace_files_named_by_step_inputs_key_the_cache()
    {
        _workspace.Write("shared/config.txt", "one");
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Inputs = ["/workspace/shared/*.txt"] }] };
        };
        await _workspace.BuildAsync();

        _workspace.Write("shared/config.txt", "two");

        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task A_changed_plan_rebuilds_the_component()
    {
        await _workspace.BuildAsync();
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return request.Component.Name == "calc" ? plan with { Steps = [plan.Steps[0] with { Argv = [.. plan.Steps[0].Argv, "-O2"] }] } : plan;
        };

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.Built, ComponentBuildStatus.UpToDate]);
    }

    [Fact]
    public async Task A_rebuilt_toolchain_image_rebuilds_every_component_that_uses_it()
    {
        await _workspace.BuildAsync();
        // What `bundle build` does: the engine has a new image under the tag, and the record says so.
        var reference = _workspace.Bundle.Toolchains[0].ImageReference;
        _workspace.Toolchains.ImageIds[reference] = "sha256:rebuilt";
        _workspace.Toolchains.RecordedIds[reference] = "sha256:rebuilt";

        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task An_up_to_date_build_decides_from_the_recorded_image_ids_without_the_engine()
    {
        var first = await _workspace.BuildAsync();
        var queries = _workspace.Toolchains.EngineQueries;
        _workspace.Toolchains.EngineDown = true;

        var second = await _workspace.BuildAsync();

        second.ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
        second.Select(o => o.CacheKey).ShouldBe(first.Select(o => o.CacheKey));
        _workspace.Toolchains.EngineQueries.ShouldBe(queries);
    }

    [Fact]
    public async Task Without_a_recorded_image_id_the_engine_is_asked_and_the_build_is_still_up_to_date()
    {
        await _workspace.BuildAsync();
        _workspace.Toolchains.RecordedIds.Clear();
        var queries = _workspace.Toolchains.EngineQueries;

        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);

        _workspace.Toolchains.EngineQueries.ShouldBeGreaterThan(queries);
        _workspace.Toolchains.RecordedIds.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_changed_source_with_the_engine_down_fails_as_an_environment_problem_not_as_up_to_date()
    {
        await _workspace.BuildAsync();
        _workspace.Write("components/calc/src/main.txt", "changed");
        _workspace.Toolchains.EngineDown = true;

        (await Should.ThrowAsync<BuildEnvironmentException>(() => _workspace.BuildAsync())).InnerException.ShouldBeOfType<Wasmc.Docker.DockerException>();
    }

    [Fact]
    public async Task Another_profile_has_its_own_outputs_and_cache()
    {
        await _workspace.BuildAsync();

        var release = await _workspace.BuildAsync(new BuildOptions { Profile = "release", Jobs = 1 });

        release.ShouldAllBe(o => o.Status == ComponentBuildStatus.Built && o.Profile == "release");
        File.Exists(_workspace.Artifact("calc", "release")).ShouldBeTrue();
        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
    }

    [Fact]
    public async Task A_deleted_artifact_is_rebuilt()
    {
        await _workspace.BuildAsync();
        File.Delete(_workspace.Artifact("greeter"));

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.UpToDate, ComponentBuildStatus.Built]);
        File.Exists(_workspace.Artifact("greeter")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_corrupt_stamp_means_build_again()
    {
        await _workspace.BuildAsync();
        File.WriteAllText(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-build.json"), "{ not json");

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.Built, ComponentBuildStatus.UpToDate]);
    }

    [Fact]
    public async Task Force_rebuilds_what_the_cache_says_is_current()
    {
        await _workspace.BuildAsync();

        var forced = await _workspace.BuildAsync(new BuildOptions { Force = true, Jobs = 1 });

        forced.ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
        _workspace.Toolchains.Requests.Count.ShouldBe(8);
    }
}
