using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;

namespace Wasmc.Core.Tests.Building;

/// <summary>
/// The no-op fast path: once a component was found up to date with inputs that had been quiet for a while, the next
/// build trusts sizes and write times (no planning, no WIT, no source hashing) — and any change on disk, in the
/// manifest, in the images or in the artifacts sends it back to the full check.
/// </summary>
public sealed class InputSnapshotTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc", "greeter");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_no_op_build_of_quiet_inputs_plans_nothing_and_reports_what_the_full_check_reported()
    {
        await _workspace.BuildAsync();
        var checkedInFull = await BuildAfterQuietPeriodAsync();
        var plansBefore = _workspace.Plugin.Requests.Count;

        var second = await _workspace.BuildAsync();

        second.ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
        _workspace.Plugin.Requests.Count.ShouldBe(plansBefore, "the snapshot should have made planning unnecessary");
        second.Select(o => o.CacheKey).ShouldBe(checkedInFull.Select(o => o.CacheKey));
        second.Select(o => o.Artifacts).ShouldBe(checkedInFull.Select(o => o.Artifacts));
        second.Select(o => o.Bundle).ShouldBe(checkedInFull.Select(o => o.Bundle));
    }

    [Theory]
    [InlineData("same-size edit")]
    [InlineData("new file in a nested folder")]
    [InlineData("deleted file")]
    [InlineData("wit edit")]
    [InlineData("new folder")]
    public async Task An_edit_of_the_component_rebuilds_it_and_only_it(string edit)
    {
        await EstablishSnapshotAsync();

        switch (edit)
        {
            case "same-size edit":
                _workspace.Write("components/calc/src/main.txt", "SOURCE OF CALC");
                break;
            case "new file in a nested folder":
                _workspace.Write("components/calc/src/deep/extra.txt", "x");
                break;
            case "deleted file":
                File.Delete(Path.Combine(_workspace.ComponentFolder("calc"), "src", "main.txt"));
                _workspace.Write("components/calc/src/other.txt", "moved");
                break;
            case "wit edit":
                _workspace.Write("components/calc/wit/world.wit", "package test:calc;\nworld calc { export f: func(); }\n");
                break;
            case "new folder":
                Directory.CreateDirectory(Path.Combine(_workspace.ComponentFolder("calc"), "include"));
                _workspace.Write("components/calc/include/calc.h", "int f(void);");
                break;
        }

        var outcomes = await _workspace.BuildAsync();

        outcomes.Select(o => (o.Component, o.Status)).ShouldBe([("calc", ComponentBuildStatus.Built), ("greeter", ComponentBuildStatus.UpToDate)], edit);
    }

    [Fact]
    public async Task A_step_input_outside_the_component_folder_is_watched_too()
    {
        _workspace.Write("shared/config.txt", "one");
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Inputs = [.. plan.Steps[0].Inputs, "/workspace/shared/*.txt"] }] };
        };
        await EstablishSnapshotAsync();

        _workspace.Write("shared/config.txt", "two");
        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);

        await EstablishSnapshotAsync();
        _workspace.Write("shared/new.txt", "a new match of the glob");
        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task A_changed_manifest_means_the_full_check_which_still_finds_nothing_to_do()
    {
        await EstablishSnapshotAsync();
        var plansBefore = _workspace.Plugin.Requests.Count;
        _workspace.ExtraEntryLines["calc"] = "# a comment changes the manifest's bytes";

        var outcomes = await _workspace.BuildAsync();

        outcomes.ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);
        _workspace.Plugin.Requests.Count.ShouldBe(plansBefore + 2);
    }

    [Fact]
    public async Task A_rebuilt_image_or_a_damaged_artifact_is_noticed_through_the_snapshot()
    {
        await EstablishSnapshotAsync();
        var reference = _workspace.Bundle.Toolchains[0].ImageReference;
        _workspace.Toolchains.ImageIds[reference] = "sha256:rebuilt";
        _workspace.Toolchains.RecordedIds[reference] = "sha256:rebuilt";
        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);

        await EstablishSnapshotAsync();
        await File.WriteAllBytesAsync(_workspace.Artifact("greeter"), []);
        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.UpToDate, ComponentBuildStatus.Built]);
    }

    [Fact]
    public async Task Force_ignores_the_snapshot()
    {
        await EstablishSnapshotAsync();

        (await _workspace.BuildAsync(new BuildOptions { Jobs = 1, Force = true })).ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task Inputs_written_moments_ago_keep_no_snapshot()
    {
        await _workspace.BuildAsync();
        var plansBefore = _workspace.Plugin.Requests.Count;

        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);

        // Timestamps this fresh could hide an edit made within their resolution: the full check ran (and will again).
        _workspace.Plugin.Requests.Count.ShouldBe(plansBefore + 2);
        File.Exists(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-inputs.json")).ShouldBeFalse();
    }

    // Builds until both components have a snapshot: inputs aged past the quiet period, then one full check.
    private async Task EstablishSnapshotAsync()
    {
        await _workspace.BuildAsync();
        await BuildAfterQuietPeriodAsync();
        File.Exists(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-inputs.json")).ShouldBeTrue();
    }

    private Task<IReadOnlyList<ComponentBuildOutcome>> BuildAfterQuietPeriodAsync()
    {
        var past = DateTime.UtcNow.AddHours(-1);
        foreach (var folder in new[] { "components", "shared" }.Select(name => Path.Combine(_workspace.Root, name)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, past);
            }

            foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
            {
                Directory.SetLastWriteTimeUtc(directory, past);
            }
        }

        return _workspace.BuildAsync();
    }
}
