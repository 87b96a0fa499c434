using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Building;

public sealed class WorkspaceBuilderTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Plan_steps_run_in_the_bundle_image_with_the_component_folders_bound_to_container_paths()
    {
        var outcome = (await _workspace.BuildAsync()).ShouldHaveSingleItem();

        outcome.Status.ShouldBe(ComponentBuildStatus.Built, outcome.Message);
        var planned = _workspace.Plugin.Requests.ShouldHaveSingleItem();
        planned.Paths.ShouldBe(new ContainerPaths("/workspace", "/workspace/components/calc", "/out", "/scratch"));
        planned.Folder.ShouldNotBeNull().Path.ShouldBe(_workspace.ComponentFolder("calc"));
        planned.Profile.Name.ShouldBe("debug");
        planned.Bundle.Name.ShouldBe(FakeBundle.Name);

        var requests = _workspace.Toolchains.Requests.ToList();
        requests.Select(r => r.Step.Description).ShouldBe(["compile", "validate (wasm-tools)"]);
        requests.ShouldAllBe(r => r.Image == _workspace.Bundle.Toolchains[0].ImageReference && r.BundleName == FakeBundle.Name && r.ComponentName == "calc");
        requests[1].Step.Argv.ShouldBe(["wasm-tools", "validate", "--features", "all", "/out/calc.wasm"]);
        var folders = requests[0].Folders;
        folders.Workspace.ShouldBe(_workspace.Root);
        folders.Scratch.ShouldBe(Path.Combine(_workspace.Root, "target", "wasmc", ".scratch", "debug", "calc"));
        Path.GetDirectoryName(folders.Output).ShouldBe(Path.Combine(_workspace.Root, "target", "wasmc", "debug", ".staging"));
        requests[1].Folders.ShouldBe(folders);
    }

    [Fact]
    public async Task A_built_component_is_moved_from_staging_into_its_output_folder_with_a_stamp()
    {
        var outcome = (await _workspace.BuildAsync()).ShouldHaveSingleItem();

        outcome.Status.ShouldBe(ComponentBuildStatus.Built, outcome.Message);
        var artifact = outcome.Artifacts.ShouldHaveSingleItem();
        artifact.ShouldBe(new BuildArtifact("component", _workspace.Artifact("calc"), "target/wasmc/debug/calc/calc.wasm"));
        File.ReadAllBytes(artifact.Path).ShouldBe(FakeWasm.Component);
        File.Exists(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-build.json")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-build.json")).ShouldContain(outcome.CacheKey.ShouldNotBeNull());
        StagingFolders().ShouldBeEmpty();
        _workspace.Progress.Events.ShouldBe(
        [
            "building calc (fake, bundle test-bundle, profile debug)",
            "step calc: compile",
            "step calc: validate (wasm-tools)",
            "finished calc: built",
        ]);
    }

    [Fact]
    public async Task A_failed_step_leaves_the_previous_artifacts_untouched_and_no_partial_files()
    {
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);
        var stamp = File.ReadAllText(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-build.json"));
        _workspace.Write("components/calc/src/main.txt", "broken source");
        _workspace.Toolchains.Behaviour = request => request.Step.Description == "compile"
            ? new FakeStepBehaviour(ExitCode: 1, Lines: ["error: it broke"], Contents: [1, 2, 3])
            : new FakeStepBehaviour();

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.Message.ShouldBe("step \"compile\" exited with code 1");
        outcome.FailureOutput.Select(line => line.ToString()).ShouldBe(["[calc] error: it broke"]);
        outcome.Artifacts.ShouldBeEmpty();
        File.ReadAllBytes(_workspace.Artifact("calc")).ShouldBe(FakeWasm.Component);
        File.ReadAllText(Path.Combine(_workspace.OutputFolder("calc"), ".wasmc-build.json")).ShouldBe(stamp);
        Directory.GetFiles(_workspace.OutputFolder("calc")).Select(Path.GetFileName).Order().ShouldBe([".wasmc-build.json", "calc.wasm"]);
        StagingFolders().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_build_writes_no_stamp_so_the_next_build_runs_again()
    {
        _workspace.Toolchains.Behaviour = _ => new FakeStepBehaviour(ExitCode: 2);
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Failed);
        Directory.Exists(_workspace.OutputFolder("calc")).ShouldBeFalse();

        _workspace.Toolchains.Behaviour = _ => new FakeStepBehaviour(Contents: FakeWasm.Component);
        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Built);
        _workspace.Toolchains.Requests.Count.ShouldBe(3); // failed compile, then compile + validate
    }

    [Fact]
    public async Task A_core_module_is_not_a_component_and_is_not_published()
    {
        _workspace.Toolchains.Behaviour = _ => new FakeStepBehaviour(Contents: FakeWasm.CoreModule);

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.Message.ShouldBe("/out/calc.wasm is a core WebAssembly module, not a component (it was never componentized)");
        Directory.Exists(_workspace.OutputFolder("calc")).ShouldBeFalse();
        _workspace.Toolchains.Requests.Select(r => r.Step.Description).ShouldBe(["compile"]);
    }

    [Fact]
    public async Task A_component_that_fails_validation_is_not_published_and_its_validator_output_is_kept()
    {
        _workspace.Toolchains.Behaviour = request => request.Step.Description.StartsWith("validate", StringComparison.Ordinal)
            ? new FakeStepBehaviour(ExitCode: 1, Lines: ["error: func 2 failed to validate"])
            : new FakeStepBehaviour(Contents: FakeWasm.Component);

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.Message.ShouldBe("step \"validate (wasm-tools)\" exited with code 1");
        outcome.FailureOutput.ShouldHaveSingleItem().Text.ShouldBe("error: func 2 failed to validate");
        _workspace.Progress.Lines.ShouldBeEmpty(); // the validator's output is not streamed, only kept for the failure
        Directory.Exists(_workspace.OutputFolder("calc")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_plan_that_already_ends_with_validation_is_not_validated_twice()
    {
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [.. plan.Steps, new PlanStep("validate (jco wit)", "tools", ["jco", "wit", "/out/calc.wasm"], "/out") { Inputs = ["/out/calc.wasm"] }] };
        };

        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);

        _workspace.Toolchains.Requests.Select(r => r.Step.Description).ShouldBe(["compile", "validate (jco wit)"]);
    }

    [Fact]
    public async Task Without_wasm_tools_in_the_bundle_the_component_is_validated_with_jco_in_a_toolchain_that_has_it()
    {
        _workspace.Bundle = FakeBundle.Create(("tools", ["fakecc"]), ("node", ["node", "jco"]));

        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);

        var validate = _workspace.Toolchains.Requests.Last();
        validate.Step.Toolchain.ShouldBe("node");
        validate.Step.Argv.ShouldBe(["jco", "wit", "/out/calc.wasm"]);
        validate.Image.ShouldBe(_workspace.Bundle.Toolchains[1].ImageReference);
    }

    [Fact]
    public async Task Tool_output_shows_workspace_files_relative_to_the_workspace_root()
    {
        _workspace.Toolchains.Behaviour = request => request.Step.Description == "compile"
            ? new FakeStepBehaviour(ExitCode: 1, Lines: ["{workspace}/components/calc/src/main.txt:3:5: error: unexpected token", "see {workspace}x/other"])
            : new FakeStepBehaviour();

        var outcome = (await _workspace.BuildAsync()).Single();

        _workspace.Progress.Lines.Select(line => line.Text).First().ShouldBe("components/calc/src/main.txt:3:5: error: unexpected token");
        outcome.FailureOutput.Select(line => line.Text).ShouldBe(
            ["components/calc/src/main.txt:3:5: error: unexpected token", $"see {_workspace.Root}x/other"]);
    }

    [Fact]
    public async Task Support_files_are_written_to_the_scratch_folder_before_the_first_step()
    {
        string? seen = null;
        _workspace.Plugin.Plan = request => FakePlugin.DefaultPlan(request) with { SupportFiles = [new PlanFile("/scratch/glue/alloc.wat", "(module)")] };
        _workspace.Toolchains.BeforeStep = (request, _) =>
        {
            seen ??= File.ReadAllText(Path.Combine(request.Folders.Scratch, "glue", "alloc.wat"));
            return Task.CompletedTask;
        };

        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);

        seen.ShouldBe("(module)");
    }

    [Fact]
    public async Task Every_artifact_of_the_plan_is_published_and_reported_component_first()
    {
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            var step = plan.Steps[0] with { Outputs = ["/out/calc.wasm", "/out/core/calc.core.wasm"] };
            return new BuildPlan([step], [new PlanArtifact("component", "/out/calc.wasm"), new PlanArtifact("core-module", "/out/core/calc.core.wasm")]);
        };

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Artifacts.Select(a => (a.Kind, a.RelativePath)).ShouldBe(
            [("component", "target/wasmc/debug/calc/calc.wasm"), ("core-module", "target/wasmc/debug/calc/core/calc.core.wasm")]);
        outcome.Artifacts.ShouldAllBe(a => File.Exists(a.Path));
    }

    [Fact]
    public async Task A_plan_using_a_toolchain_the_bundle_lacks_fails_the_component_with_the_toolchains_it_has()
    {
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Toolchain = "zig" }] };
        };

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.Message.ShouldBe("the Fake plan uses toolchain 'zig', which bundle 'test-bundle' does not have (it has: tools)");
        _workspace.Toolchains.Runners.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_plugin_error_fails_only_that_component()
    {
        _workspace.AddComponent("greeter");
        _workspace.Plugin.Plan = request => request.Component.Name == "calc"
            ? throw new WasmcPluginException("component 'calc': no sources match src/*.c")
            : FakePlugin.DefaultPlan(request);

        var outcomes = await _workspace.BuildAsync();

        outcomes.Select(o => (o.Component, o.Status)).ShouldBe([("calc", ComponentBuildStatus.Failed), ("greeter", ComponentBuildStatus.Built)]);
        outcomes[0].Message.ShouldBe("component 'calc': no sources match src/*.c");
        outcomes[0].InvalidInput.ShouldBeTrue(); // the plugin rejected the user's files: the build verb exits with 2
        outcomes[1].InvalidInput.ShouldBeFalse();
    }

    [Fact]
    public async Task A_failing_step_is_not_invalid_input()
    {
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Toolchain = "zig" }] };
        };

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Failed);
        outcome.InvalidInput.ShouldBeFalse();
    }

    [Fact]
    public async Task The_runner_session_is_disposed_when_the_build_ends()
    {
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);

        _workspace.Toolchains.Runners.ShouldHaveSingleItem().Disposed.ShouldBeTrue();
    }

    [Fact]
    public async Task Several_components_share_one_runner_session()
    {
        _workspace.AddComponent("greeter");
        _workspace.AddComponent("adder");

        var outcomes = await _workspace.BuildAsync(new BuildOptions { Jobs = 3 });

        outcomes.ShouldAllBe(o => o.Status == ComponentBuildStatus.Built);
        _workspace.Toolchains.Runners.Count.ShouldBe(1);
    }

    private IEnumerable<string> StagingFolders()
    {
        var staging = Path.Combine(_workspace.Root, "target", "wasmc", "debug", ".staging");
        return Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging) : [];
    }
}
