using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// The symlink probes of issue 10 (docs/reliability.md, "paths"), through the whole build with a fake runner: a
/// repository that commits links where wasmc writes, or sources that link out of the workspace, is refused before
/// any step runs, and nothing outside the workspace is read, written or mounted.
/// </summary>
public sealed class SymlinkProbeTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc");
    private readonly string _host = Path.Combine(Path.GetTempPath(), "wasmc-host-" + Guid.NewGuid().ToString("N")[..12]);

    public SymlinkProbeTests()
    {
        Directory.CreateDirectory(_host);
        File.WriteAllText(Path.Combine(_host, "secret.txt"), "host secret\n");
    }

    public void Dispose()
    {
        _workspace.Dispose();
        Directory.Delete(_host, recursive: true);
    }

    private string Scratch => Path.Combine(_workspace.Root, "target", "wasmc", ".scratch", "debug", "calc");

    [Fact]
    public async Task A_committed_scratch_link_to_a_host_folder_is_refused_and_nothing_runs()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Scratch)!);
        Directory.CreateSymbolicLink(Scratch, _host);

        var refused = await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync());

        refused.Message.ShouldContain("target/wasmc/.scratch/debug/calc is a symbolic link");
        _workspace.Toolchains.Requests.ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(_host).ShouldBe([Path.Combine(_host, "secret.txt")]);
    }

    [Fact]
    public async Task A_support_file_link_is_not_overwritten_by_a_forced_build()
    {
        const string script = "/scratch/wasmc-js/componentize.mjs";
        _workspace.Plugin.Plan = request => FakePlugin.DefaultPlan(request) with { SupportFiles = [new PlanFile(script, "// glue")] };
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);
        var glue = Path.Combine(Scratch, "wasmc-js", "componentize.mjs");
        File.Delete(glue);
        File.CreateSymbolicLink(glue, Path.Combine(_host, "secret.txt"));

        await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync(new BuildOptions { Force = true, Jobs = 1 }));

        File.ReadAllText(Path.Combine(_host, "secret.txt")).ShouldBe("host secret\n");
    }

    [Fact]
    public async Task Target_linked_elsewhere_is_refused_and_nothing_is_written_there()
    {
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Root, "target"), _host);

        (await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync())).Message.ShouldContain("target is a symbolic link");

        Directory.EnumerateFileSystemEntries(_host).ShouldBe([Path.Combine(_host, "secret.txt")]);
    }

    [Fact]
    public async Task A_folder_link_out_of_the_workspace_in_sources_is_not_followed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_workspace.ComponentFolder("calc"), "src", "rootlink"), _host);
        var first = (await _workspace.BuildAsync()).Single();
        first.Status.ShouldBe(ComponentBuildStatus.Built, first.Message);

        // Changing what the link points at changes nothing: the host folder is not an input.
        File.WriteAllText(Path.Combine(_host, "secret.txt"), "changed");

        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.UpToDate);
    }

    [Fact]
    public async Task A_folder_link_loop_in_sources_is_not_followed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_workspace.ComponentFolder("calc"), "src", "loop"), "..");
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Inputs = [$"{request.Paths.Component}/**/*.txt"] }] };
        };

        var outcome = (await _workspace.BuildAsync()).Single();

        outcome.Status.ShouldBe(ComponentBuildStatus.Built, outcome.Message);
    }

    [Fact]
    public async Task A_source_file_linking_out_of_the_workspace_is_a_located_error()
    {
        File.CreateSymbolicLink(Path.Combine(_workspace.ComponentFolder("calc"), "src", "secret.txt"), Path.Combine(_host, "secret.txt"));

        var refused = await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync());

        refused.Location.ShouldBe("components/calc/src/secret.txt");
        refused.Message.ShouldContain("leads out of the workspace");
        _workspace.Plugin.Requests.ShouldBeEmpty(); // refused before the plugin read anything
    }

    [Fact]
    public async Task A_source_file_linking_inside_the_workspace_is_followed_and_keys_the_cache()
    {
        _workspace.Write("shared/ops.txt", "one");
        File.CreateSymbolicLink(Path.Combine(_workspace.ComponentFolder("calc"), "src", "ops.txt"), Path.Combine(_workspace.Root, "shared", "ops.txt"));
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);

        _workspace.Write("shared/ops.txt", "two");

        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);
    }

    [Fact]
    public async Task An_artifact_a_step_left_as_a_link_is_refused_not_published()
    {
        _workspace.Toolchains.Behaviour = _ => new FakeStepBehaviour();
        _workspace.Toolchains.BeforeStep = (request, _) =>
        {
            if (request.Step.Description == "compile")
            {
                File.CreateSymbolicLink(Path.Combine(request.Folders.Output, "calc.wasm"), Path.Combine(_host, "secret.txt"));
            }

            return Task.CompletedTask;
        };

        await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync());

        File.Exists(_workspace.Artifact("calc")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_folder_link_a_step_left_in_scratch_is_refused_before_the_next_build_creates_folders_through_it()
    {
        _workspace.Plugin.Plan = request =>
        {
            var plan = FakePlugin.DefaultPlan(request);
            return plan with { Steps = [plan.Steps[0] with { Outputs = [.. plan.Steps[0].Outputs, "/scratch/obj/src/main.o"] }] };
        };
        (await _workspace.BuildAsync()).Single().Status.ShouldBe(ComponentBuildStatus.Built);
        Directory.Delete(Path.Combine(Scratch, "obj"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(Scratch, "obj"), _host);

        await Should.ThrowAsync<UnsafePathException>(() => _workspace.BuildAsync(new BuildOptions { Force = true, Jobs = 1 }));

        Directory.Exists(Path.Combine(_host, "src")).ShouldBeFalse();
    }
}
