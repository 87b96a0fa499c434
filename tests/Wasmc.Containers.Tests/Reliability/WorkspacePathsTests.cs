using Wasmc.Containers.Running;
using Wasmc.Containers.Tests.Support;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Reliability;

/// <summary>
/// Reliability probes (docs/reliability.md, "paths"): wasmc never writes through, creates below or mounts a link in
/// the workspace's output folder, and never leaves the workspace. No Docker needed.
/// </summary>
public sealed class WorkspacePathsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _workspace;
    private readonly string _host;

    public WorkspacePathsTests()
    {
        _workspace = _folder.CreateFolder("ws");
        _host = _folder.CreateFolder("host");
        File.WriteAllText(Path.Combine(_host, "secret.txt"), "host secret\n");
    }

    public void Dispose() => _folder.Dispose();

    private string Output => Path.Combine(_workspace, "target", "wasmc");

    [Fact]
    public void A_folder_is_created_level_by_level_inside_the_output_folder()
    {
        var created = WorkspacePaths.CreateFolder(_workspace, Path.Combine(Output, ".scratch", "debug", "calc"), Output);

        Directory.Exists(created).ShouldBeTrue();
        created.ShouldBe(Path.Combine(_workspace, "target", "wasmc", ".scratch", "debug", "calc"));
    }

    [Fact]
    public void A_committed_link_in_the_scratch_path_is_refused_not_followed()
    {
        Directory.CreateDirectory(Path.Combine(Output, ".scratch", "debug"));
        Directory.CreateSymbolicLink(Path.Combine(Output, ".scratch", "debug", "calc"), _host);

        var refused = Should.Throw<UnsafePathException>(() => WorkspacePaths.CreateFolder(_workspace, Path.Combine(Output, ".scratch", "debug", "calc", "obj"), Output));

        refused.Message.ShouldContain("target/wasmc/.scratch/debug/calc is a symbolic link (to " + _host + ")");
        Directory.EnumerateFileSystemEntries(_host).ShouldBe([Path.Combine(_host, "secret.txt")]);
    }

    [Fact]
    public void Target_linked_elsewhere_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_workspace, "target"), _host);

        Should.Throw<UnsafePathException>(() => WorkspacePaths.CreateFolder(_workspace, Path.Combine(Output, "debug"), Output))
            .Message.ShouldContain("target is a symbolic link");
        Directory.Exists(Path.Combine(_host, "wasmc")).ShouldBeFalse();
    }

    [Fact]
    public void A_file_link_is_never_written_through()
    {
        var script = Path.Combine(Output, ".scratch", "debug", "calc", "wasmc-js", "componentize.mjs");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.CreateSymbolicLink(script, Path.Combine(_host, "secret.txt"));

        Should.Throw<UnsafePathException>(() => WorkspacePaths.WriteText(_workspace, script, "glue", Output)).Message.ShouldContain("componentize.mjs is a symbolic link");
        File.ReadAllText(Path.Combine(_host, "secret.txt")).ShouldBe("host secret\n");
    }

    [Fact]
    public void A_write_replaces_a_regular_file_atomically_and_leaves_no_temporary_file()
    {
        var file = Path.Combine(Output, "debug", "calc", "stamp.json");
        WorkspacePaths.WriteText(_workspace, file, "one", Output);
        WorkspacePaths.WriteText(_workspace, file, "two", Output);

        File.ReadAllText(file).ShouldBe("two");
        Directory.EnumerateFiles(Path.GetDirectoryName(file)!).ShouldBe([file]);
    }

    [Theory]
    [InlineData("../host/x")]
    [InlineData("src/x")]
    public void Paths_outside_the_output_folder_are_refused(string relative)
    {
        Should.Throw<UnsafePathException>(() => WorkspacePaths.CreateFolder(_workspace, Path.GetFullPath(Path.Combine(_workspace, relative)), Output));
        Directory.Exists(Path.Combine(_host, "x")).ShouldBeFalse();
    }

    [Fact]
    public void A_file_where_a_folder_is_needed_is_refused()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "debug"), "");

        Should.Throw<UnsafePathException>(() => WorkspacePaths.CreateFolder(_workspace, Path.Combine(Output, "debug", "calc"), Output)).Message.ShouldContain("is a file");
    }

    [Fact]
    public void The_runner_refuses_to_mount_a_linked_scratch_folder()
    {
        Directory.CreateDirectory(Path.Combine(Output, ".scratch", "debug"));
        var scratch = Path.Combine(Output, ".scratch", "debug", "calc");
        Directory.CreateSymbolicLink(scratch, _host);
        var request = new StepRunRequest(
            new PlanStep("compile", "rust", ["cargo", "build"], "/workspace"),
            "wasmc/rust:abc",
            "b",
            "calc",
            new HostFolders(_workspace, Path.Combine(Output, "debug", ".staging", "calc-1"), scratch),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));

        Should.Throw<UnsafePathException>(() => ToolchainContainerSpecs.MountsFor(request)).Message.ShouldContain("is a symbolic link");
    }

    [Fact]
    public void The_runner_refuses_to_mount_a_workspace_folder_that_is_a_link_out()
    {
        Directory.CreateSymbolicLink(Path.Combine(_workspace, "shared"), _host);
        var request = new StepRunRequest(
            new PlanStep("compile", "rust", ["cargo", "build"], "/workspace") { Mounts = [new PlanMount(MountKind.WorkspaceFolder, "shared", "/shared", ReadOnly: true)] },
            "wasmc/rust:abc",
            "b",
            "calc",
            new HostFolders(_workspace, Path.Combine(Output, "out"), Path.Combine(Output, "scratch")),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));

        Should.Throw<UnsafePathException>(() => ToolchainContainerSpecs.MountsFor(request)).Message.ShouldContain("shared is a symbolic link");
    }

    [Fact]
    public async Task The_host_runner_does_not_create_folders_through_a_link()
    {
        Directory.CreateDirectory(Output);
        Directory.CreateSymbolicLink(Path.Combine(Output, "scratch"), _host);
        await using var runner = new HostToolchainRunner(_folder.Combine("cache"));
        var request = new StepRunRequest(
            new PlanStep("script", "shell", ["/bin/sh", "-c", "echo planted > /scratch/planted.txt"], "/workspace"),
            "unused",
            "b",
            "calc",
            new HostFolders(_workspace, Path.Combine(Output, "out"), Path.Combine(Output, "scratch")),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));

        await Should.ThrowAsync<UnsafePathException>(() => runner.RunAsync(request));
        File.Exists(Path.Combine(_host, "planted.txt")).ShouldBeFalse();
    }
}
