using System.Text;
using Wasmc.Containers.Running;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Running;

public class RunnerUnitTests
{
    private static readonly ContainerPaths Paths = new("/workspace", "/workspace/app", "/out", "/scratch");

    private static StepRunRequest Request(PlanStep? step = null) => new(
        step ?? new PlanStep("compile", "rust", ["cargo", "build"], "/workspace/app"),
        "wasmc/rust:abc",
        "sid-2026.11.2",
        "app",
        new HostFolders("/home/ada/proj", "/home/ada/proj/.wasmc/out/app", "/home/ada/proj/.wasmc/scratch/app"),
        Paths)
    {
        Limits = new RunLimits(512L * 1024 * 1024, 1.5, TimeSpan.FromMinutes(5), 256),
    };

    [Fact]
    public void The_warm_container_is_hardened()
    {
        var request = Request();
        var spec = ToolchainContainerSpecs.WarmContainer(request, ToolchainContainerSpecs.MountsFor(request), "session-1234567890", "1000:1001", "name");

        spec.Image.ShouldBe("wasmc/rust:abc");
        spec.NetworkMode.ShouldBe("none");
        spec.CapDrop.ShouldBe(["ALL"]);
        spec.CapAdd.ShouldBeEmpty();
        spec.SecurityOpt.ShouldBe(["no-new-privileges"]);
        spec.User.ShouldBe("1000:1001");
        spec.MemoryBytes.ShouldBe(512L * 1024 * 1024);
        spec.MemorySwapBytes.ShouldBe(spec.MemoryBytes);
        spec.NanoCpus.ShouldBe(1_500_000_000);
        spec.PidsLimit.ShouldBe(256);
        spec.Entrypoint.ShouldBe(["sleep", "infinity"]);
        spec.ReadonlyRootfs.ShouldBeTrue();
        spec.Tmpfs.ShouldBe(new Dictionary<string, string> { ["/tmp"] = "rw,exec,nosuid,nodev,size=268435456,mode=1777" });
        spec.Environment["HOME"].ShouldBe("/tmp");
        spec.Tty.ShouldBeFalse();
    }

    [Fact]
    public void Workspace_is_read_only_output_and_scratch_are_writable()
    {
        var mounts = ToolchainContainerSpecs.MountsFor(Request());

        mounts.ShouldBe(
        [
            new MountSpec(MountType.Bind, "/home/ada/proj", "/workspace", ReadOnly: true),
            new MountSpec(MountType.Bind, "/home/ada/proj/.wasmc/out/app", "/out", ReadOnly: false),
            new MountSpec(MountType.Bind, "/home/ada/proj/.wasmc/scratch/app", "/scratch", ReadOnly: false),
        ]);
    }

    [Fact]
    public void Step_mounts_become_per_bundle_and_per_workspace_cache_volumes_and_workspace_binds()
    {
        var step = new PlanStep("compile", "rust", ["cargo", "build"], "/workspace/app")
        {
            Mounts =
            [
                new PlanMount(MountKind.Cache, "cargo", "/cache/cargo", ReadOnly: false),
                new PlanMount(MountKind.WorkspaceFolder, "shared/wit", "/wit", ReadOnly: true),
            ],
        };

        var mounts = ToolchainContainerSpecs.MountsFor(Request(step));

        var workspaceKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("/home/ada/proj"u8))[..12];
        mounts.ShouldContain(new MountSpec(MountType.Volume, $"wasmc-cache-sid-2026.11.2-cargo-{workspaceKey}", "/cache/cargo", ReadOnly: false));
        var other = ToolchainContainerSpecs.MountsFor(Request(step) with { Folders = new HostFolders("/home/eve/proj", "/home/eve/proj/out", "/home/eve/proj/scratch") });
        other.Single(m => m.Type == MountType.Volume).Source.ShouldNotBe($"wasmc-cache-sid-2026.11.2-cargo-{workspaceKey}");
        mounts.ShouldContain(new MountSpec(MountType.Bind, "/home/ada/proj/shared/wit", "/wit", ReadOnly: true));
    }

    [Fact]
    public void A_workspace_folder_mount_may_not_leave_the_workspace()
    {
        var step = new PlanStep("x", "rust", ["true"], "/") { Mounts = [new PlanMount(MountKind.WorkspaceFolder, "../../etc", "/etc2", ReadOnly: true)] };

        Should.Throw<ToolchainRunException>(() => ToolchainContainerSpecs.MountsFor(Request(step))).Message.ShouldContain("outside the workspace");
    }

    [Fact]
    public void Two_mounts_on_one_target_are_a_plan_error()
    {
        var step = new PlanStep("x", "rust", ["true"], "/") { Mounts = [new PlanMount(MountKind.Cache, "a", "/out", ReadOnly: false)] };

        Should.Throw<ToolchainRunException>(() => ToolchainContainerSpecs.MountsFor(Request(step))).Message.ShouldContain("two things at /out");
    }

    [Fact]
    public void Every_container_is_labelled_for_cleanup()
    {
        var labels = ToolchainContainerSpecs.Labels("s1", Request());

        labels[WasmcLabels.Managed].ShouldBe("true");
        labels[WasmcLabels.Session].ShouldBe("s1");
        labels[WasmcLabels.Bundle].ShouldBe("sid-2026.11.2");
        labels[WasmcLabels.Toolchain].ShouldBe("rust");
        labels[WasmcLabels.ProcessId].ShouldBe(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        labels.ShouldContainKey(WasmcLabels.Host);
    }

    [Fact]
    public void The_step_runs_unchanged_as_an_exec()
    {
        var step = new PlanStep("compile", "rust", ["cargo", "build", "--release"], "/workspace/app")
        {
            Environment = new Dictionary<string, string> { ["CARGO_HOME"] = "/cache/cargo" },
        };

        var exec = ToolchainContainerSpecs.StepExec(step, "1000:1000");

        exec.Cmd.ShouldBe(["cargo", "build", "--release"]);
        exec.WorkingDirectory.ShouldBe("/workspace/app");
        exec.Environment["CARGO_HOME"].ShouldBe("/cache/cargo");
        exec.User.ShouldBe("1000:1000");
    }

    [Fact]
    public void Cache_volume_owner_fix_gets_chown_and_nothing_else()
    {
        var spec = ToolchainContainerSpecs.CacheVolumeOwnerFix("img", "wasmc-cache-b-cargo", "1000:1000", "s", new Dictionary<string, string>());

        spec.CapDrop.ShouldBe(["ALL"]);
        spec.CapAdd.ShouldBe(["CHOWN"]);
        spec.NetworkMode.ShouldBe("none");
        spec.Entrypoint.ShouldBe(["chown", "-R", "1000:1000", "/wasmc-cache"]);
    }

    [Theory]
    [InlineData("/workspace/src/app.js:3:5: error", "/home/ada/proj/src/app.js:3:5: error")]
    [InlineData("error at /workspace", "error at /home/ada/proj")]
    [InlineData("wrote /out/app.wasm and /scratch/core.wasm", "wrote /home/ada/out/app.wasm and /tmp/s/core.wasm")]
    [InlineData("(/workspace/a.rs)", "(/home/ada/proj/a.rs)")]
    [InlineData("/workspaces/other and /x/workspace/y stay", "/workspaces/other and /x/workspace/y stay")]
    [InlineData("--> /workspace/out/lib.rs:1", "--> /home/ada/built/lib.rs:1")]
    public void Container_paths_in_output_become_host_paths(string printed, string expected)
    {
        var mapper = new ContainerPathMapper(new Dictionary<string, string>
        {
            ["/workspace"] = "/home/ada/proj",
            ["/workspace/out"] = "/home/ada/built",
            ["/out"] = "/home/ada/out",
            ["/scratch"] = "/tmp/s",
        });

        mapper.Map(printed).ShouldBe(expected);
    }

    [Fact]
    public void Lines_are_split_per_stream_and_survive_split_utf8()
    {
        var lines = new List<string>();
        var splitter = new OutputLineSplitter((isError, text) => lines.Add((isError ? "err:" : "out:") + text));
        var bytes = Encoding.UTF8.GetBytes("héllo\r\nwor");

        splitter.Write(false, bytes.AsSpan(0, 2)); // cuts é in half
        splitter.Write(true, "partial err"u8);
        splitter.Write(false, bytes.AsSpan(2));
        splitter.Write(false, "ld\n"u8);
        splitter.Write(true, " line\nlast"u8);
        splitter.Flush();

        lines.ShouldBe(["out:héllo", "out:world", "err:partial err line", "err:last"]);
    }

    [Fact]
    public void Without_flush_an_unterminated_line_is_not_emitted()
    {
        var lines = new List<string>();
        var splitter = new OutputLineSplitter((_, text) => lines.Add(text));

        splitter.Write(false, "whole\nhalf"u8);

        lines.ShouldBe(["whole"]);
    }

    [Theory]
    [InlineData("Name:\tx\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\n", "1000:100")]
    [InlineData("Uid:\t0\t1000\t0\t0\nGid:\t0\t1001\t0\t0\n", "1000:1001")]
    [InlineData("Name:\tx\n", null)]
    public void The_host_user_comes_from_proc_status(string status, string? expected)
    {
        HostIdentity.ParseProcStatus(status).ShouldBe(expected);
    }

    [Fact]
    public void Only_containers_of_dead_sessions_on_this_machine_are_leftovers()
    {
        Dictionary<string, string> Labels(string host, string pid) => new()
        {
            [WasmcLabels.Managed] = "true",
            [WasmcLabels.Session] = "s",
            [WasmcLabels.Host] = host,
            [WasmcLabels.ProcessId] = pid,
            [WasmcLabels.ProcessStart] = "1700000000000",
        };
        static bool OnlyPid42Alive(int pid, long start) => pid == 42 && start == 1700000000000;

        ToolchainContainerCleanup.IsLeftover(Labels("box", "42"), "box", OnlyPid42Alive).ShouldBeFalse();
        ToolchainContainerCleanup.IsLeftover(Labels("box", "43"), "box", OnlyPid42Alive).ShouldBeTrue();
        ToolchainContainerCleanup.IsLeftover(Labels("other-box", "43"), "box", OnlyPid42Alive).ShouldBeFalse();
        ToolchainContainerCleanup.IsLeftover(new Dictionary<string, string> { [WasmcLabels.Managed] = "true" }, "box", OnlyPid42Alive).ShouldBeFalse();
    }

    [Fact]
    public void A_pid_that_was_reused_by_another_process_is_not_alive()
    {
        HostIdentity.IsProcessAlive(Environment.ProcessId, HostIdentity.ProcessStartUnixMilliseconds).ShouldBeTrue();
        HostIdentity.IsProcessAlive(Environment.ProcessId, HostIdentity.ProcessStartUnixMilliseconds - 3_600_000).ShouldBeFalse();
        HostIdentity.IsProcessAlive(int.MaxValue, 1).ShouldBeFalse();
    }

    [Fact]
    public void The_missing_image_error_names_the_commands_that_fix_it()
    {
        var error = new ToolchainImageMissingException("wasmc/rust:abc", "sid-2026.11.2", "rust");

        error.Message.ShouldContain("dotnet wasmc bundle build sid-2026.11.2");
        error.Message.ShouldContain("dotnet wasmc bundle pull sid-2026.11.2");
    }
}
