using System.Text.Json;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Doctor;
using Wasmc.Containers.Running;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.DevContainers;

/// <summary>
/// Detection and docker-outside-of-docker translation against data recorded from a real dev container: one the Dev
/// Containers CLI 0.89.0 started from /tmp/rec/app with the host's socket mounted (its <c>docker inspect</c>, and the
/// /proc/self/mountinfo, /proc/self/cgroup and /etc/hostname its processes saw), served by a scripted engine.
/// </summary>
public sealed class WorkplaceTests
{
    private const string RecordedId = "1701fe0daa612cb51498222281b65ffb4be63b350878c5cdf47280c720756bed";

    private static string Recorded(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DevContainers", "Recorded", name));

    /// <summary>What the recorded dev container's processes saw.</summary>
    private static FakeEnvironment InRecordedDevContainer() => new()
    {
        Files = { "/.dockerenv" },
        Directories = { "/workspaces" },
        Texts =
        {
            ["/proc/self/mountinfo"] = Recorded("devcontainer-mountinfo.txt"),
            ["/proc/self/cgroup"] = Recorded("devcontainer-cgroup.txt"),
            ["/proc/1/cgroup"] = Recorded("devcontainer-cgroup.txt"),
            ["/etc/hostname"] = Recorded("devcontainer-hostname.txt"),
        },
    };

    /// <summary>An engine that knows the recorded container (optionally with other labels), and nothing else.</summary>
    private static FakeDockerEngine EngineKnowing(string inspectJson) => new(FakeDockerEngine.WithPing(async (request, stream) =>
    {
        if (request.Method == "GET" && request.Path.EndsWith($"/containers/{RecordedId}/json", StringComparison.Ordinal))
        {
            await FakeDockerEngine.WriteAsync(stream, 200, inspectJson);
        }
        else
        {
            await FakeDockerEngine.WriteAsync(stream, 404, """{"message":"No such container"}""");
        }

        return true;
    }));

    private static string WithImageLabels(string inspectJson, Dictionary<string, string> labels)
    {
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(inspectJson)!;
        var config = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(document["Config"].GetRawText())!;
        var merged = JsonSerializer.Deserialize<Dictionary<string, string>>(config["Labels"].GetRawText())!;
        foreach (var (key, value) in labels)
        {
            merged[key] = value;
        }

        config["Labels"] = JsonSerializer.SerializeToElement(merged);
        document["Config"] = JsonSerializer.SerializeToElement(config);
        return JsonSerializer.Serialize(document);
    }

    [Fact]
    public void The_container_id_is_read_from_mountinfo_then_cgroup_then_hostname()
    {
        var candidates = WorkplaceDetector.OwnContainerCandidates(InRecordedDevContainer());

        candidates.ShouldHaveSingleItem().ShouldBe((RecordedId, "/proc/self/mountinfo"));
        WorkplaceDetector.OwnContainerCandidates(new FakeEnvironment { Texts = { ["/proc/self/cgroup"] = Recorded("devcontainer-cgroup.txt") } })
            .ShouldHaveSingleItem().ShouldBe((RecordedId, "/proc/self/cgroup"));
        // cgroup v2 with a private namespace names nothing; the host name is the short id.
        WorkplaceDetector.OwnContainerCandidates(new FakeEnvironment { Texts = { ["/proc/self/cgroup"] = "0::/\n", ["/etc/hostname"] = "1701fe0daa61\n" } })
            .ShouldHaveSingleItem().ShouldBe(("1701fe0daa61", "hostname"));
        WorkplaceDetector.OwnContainerCandidates(new FakeEnvironment { Texts = { ["/etc/hostname"] = "my-laptop\n" } }).ShouldBeEmpty();
    }

    [Fact]
    public void On_a_host_another_containers_files_mounted_for_an_archive_call_name_no_container()
    {
        // Read on this machine's host (cgroup v1, /.dockerenv present) while the engine served an archive upload to a created
        // container: its hostname file is bound onto the container's root folder in the host's mount namespace for a moment.
        // Taking it for "our" container sent one CI build down the docker-outside-of-docker path (exit code 3).
        const string HostMountInfo = """
            25 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            45 25 0:52 / /var/lib/docker/overlay2/42e00211ca2f5fd81a7bbff1aabf42a85482bb6eaa4a131a33c451692994225c/merged rw,relatime - overlay overlay rw
            47 45 254:0 /var/lib/docker/containers/63f17206909c0a7baf90dad3ed3f0cf4456ea9a3b5f7e9148aba1b96033a7337/hostname /var/lib/docker/overlay2/42e00211ca2f5fd81a7bbff1aabf42a85482bb6eaa4a131a33c451692994225c/merged/etc/hostname rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
            """;

        WorkplaceDetector.OwnContainerCandidates(new FakeEnvironment { Texts = { ["/proc/self/mountinfo"] = HostMountInfo, ["/proc/self/cgroup"] = "1:cpu:/\n0::/\n", ["/etc/hostname"] = "vm\n" } })
            .ShouldBeEmpty();
        // The same file at /etc/hostname is the container's own.
        WorkplaceDetector.OwnContainerCandidates(new FakeEnvironment { Texts = { ["/proc/self/mountinfo"] = HostMountInfo.Replace("/var/lib/docker/overlay2/42e00211ca2f5fd81a7bbff1aabf42a85482bb6eaa4a131a33c451692994225c/merged/etc/hostname", "/etc/hostname", StringComparison.Ordinal) } })
            .ShouldHaveSingleItem().ShouldBe(("63f17206909c0a7baf90dad3ed3f0cf4456ea9a3b5f7e9148aba1b96033a7337", "/proc/self/mountinfo"));
    }

    [Fact]
    public async Task A_dev_container_with_the_hosts_socket_is_found_through_the_engine_with_its_mounts()
    {
        await using var engine = EngineKnowing(Recorded("devcontainer-inspect.json"));
        using var docker = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var workplace = await WorkplaceDetector.DetectAsync(InRecordedDevContainer(), docker, null, CancellationToken.None);

        workplace.Kind.ShouldBe(WorkplaceKind.DevContainer);
        workplace.Evidence.ShouldContain("label devcontainer.local_folder=/tmp/rec/app");
        workplace.Engine.ShouldBe(EngineLocation.Outside);
        workplace.ContainerId.ShouldBe(RecordedId);
        workplace.ContainerFoundBy.ShouldBe("/proc/self/mountinfo");
        workplace.Mounts.Select(mount => (mount.Destination, mount.Source)).ShouldBe([("/var/run/docker.sock", "/var/run/docker.sock"), ("/workspaces/app", "/tmp/rec/app")]);
        workplace.PathTranslator.ShouldNotBeNull().Translate("/workspaces/app/calculator/src").ShouldBe("/tmp/rec/app/calculator/src");
        workplace.LocalToolchains.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_engine_that_does_not_know_this_container_is_inside_and_paths_stay()
    {
        await using var engine = EngineKnowing(Recorded("devcontainer-inspect.json"));
        using var docker = await DockerClientFactory.ConnectAsync(engine.Endpoint);
        var elsewhere = new FakeEnvironment { Files = { "/.dockerenv" }, Texts = { ["/etc/hostname"] = "abcdefabcdef\n" } };

        var workplace = await WorkplaceDetector.DetectAsync(elsewhere, docker, null, CancellationToken.None);

        workplace.Kind.ShouldBe(WorkplaceKind.Container);
        workplace.Evidence.ShouldBe(["/.dockerenv exists"]);
        workplace.Engine.ShouldBe(EngineLocation.Inside);
        workplace.PathTranslator.ShouldBeNull();
        workplace.DescribeEngine().ShouldContain("docker-in-docker");
    }

    [Fact]
    public async Task Without_an_engine_the_container_is_still_detected_and_the_reason_kept()
    {
        var workplace = await WorkplaceDetector.DetectAsync(InRecordedDevContainer(), null, "Docker is not reachable at unix:///var/run/docker.sock.", CancellationToken.None);

        workplace.Kind.ShouldBe(WorkplaceKind.DevContainer);
        workplace.Evidence.ShouldBe(["/.dockerenv exists", "/workspaces exists"]);
        workplace.Engine.ShouldBe(EngineLocation.None);
        workplace.DescribeEngine().ShouldContain("not reachable");
    }

    [Fact]
    public async Task A_plain_host_has_a_local_engine_and_no_evidence()
    {
        await using var engine = EngineKnowing("{}");
        using var docker = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var workplace = await WorkplaceDetector.DetectAsync(new FakeEnvironment { Texts = { ["/proc/1/cgroup"] = "0::/init.scope\n", ["/etc/hostname"] = "laptop\n" } }, docker, null, CancellationToken.None);

        workplace.Kind.ShouldBe(WorkplaceKind.Host);
        workplace.Evidence.ShouldBeEmpty();
        workplace.Engine.ShouldBe(EngineLocation.Local);
        engine.Requests.ShouldNotContain(request => request.Path.Contains("/containers/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dev_container_from_a_bundle_image_holds_that_toolchain_from_its_labels()
    {
        var labels = new Dictionary<string, string>
        {
            ["wasmc.bundle"] = "trixie-2026.11.2",
            ["wasmc.toolchain"] = "node",
            ["wasmc.definition-hash"] = "88f785e96c0c6adfc62adbe41b2ab5fd007bb18d8e05227512d1083261a15cd3",
        };
        await using var engine = EngineKnowing(WithImageLabels(Recorded("devcontainer-inspect.json"), labels));
        using var docker = await DockerClientFactory.ConnectAsync(engine.Endpoint);

        var workplace = await WorkplaceDetector.DetectAsync(InRecordedDevContainer(), docker, null, CancellationToken.None);

        var held = workplace.LocalToolchains.ShouldHaveSingleItem();
        held.ShouldBe(new LocalToolchain("trixie-2026.11.2", "node", labels["wasmc.definition-hash"]));
        workplace.LocalToolchainsSource.ShouldBe("the container's labels");
        held.Matches("trixie-2026.11.2", "node", "88f785e96c0c").ShouldBeTrue();
        held.Matches("trixie-2026.11.2", "node", "000000000000").ShouldBeFalse("a stale image is not the bundle's toolchain");
        held.Matches("trixie-2026.11.2", "rust", "88f785e96c0c").ShouldBeFalse();
        held.Matches("sid-2026.11.2", "node", "88f785e96c0c").ShouldBeFalse();
    }

    [Fact]
    public async Task Without_an_engine_the_toolchains_come_from_the_variable_the_generated_dockerfile_sets()
    {
        var environment = new FakeEnvironment
        {
            Files = { "/.dockerenv" },
            Variables =
            {
                [Workplace.ToolchainsVariable] = "trixie-2026.11.2/node@88f785e96c0c6adfc62adbe41b2ab5fd007bb18d8e05227512d1083261a15cd3 sid-2026.11.2/go not/a/toolchain",
                [Workplace.DevContainerVariable] = "toolchain",
            },
        };

        var workplace = await WorkplaceDetector.DetectAsync(environment, null, null, CancellationToken.None);

        workplace.Kind.ShouldBe(WorkplaceKind.DevContainer);
        workplace.Evidence.ShouldContain("WASMC_DEVCONTAINER=toolchain (made by wasmc devcontainer init)");
        workplace.LocalToolchains.Select(toolchain => toolchain.ToString())
            .ShouldBe(["trixie-2026.11.2/node@88f785e96c0c6adfc62adbe41b2ab5fd007bb18d8e05227512d1083261a15cd3", "sid-2026.11.2/go"]);
        workplace.LocalToolchainsSource.ShouldBe(Workplace.ToolchainsVariable);
    }

    [Theory]
    [InlineData("/workspaces/app", "/tmp/rec/app")]
    [InlineData("/workspaces/app/", "/tmp/rec/app")]
    [InlineData("/workspaces/app/target/wasmc/debug/calculator", "/tmp/rec/app/target/wasmc/debug/calculator")]
    [InlineData("/var/run/docker.sock", "/var/run/docker.sock")]
    public void Bind_sources_are_translated_through_the_longest_matching_mount(string path, string hostPath)
    {
        var translator = new HostPathTranslator(Mounts());

        translator.Translate(path).ShouldBe(hostPath);
    }

    [Theory]
    [InlineData("/workspaces/application")]
    [InlineData("/workspaces")]
    [InlineData("/home/wasmc/app")]
    [InlineData("/tmp/scratch/app")]
    public void A_path_in_the_containers_own_file_system_or_a_tmpfs_is_refused_with_the_fix(string path)
    {
        var translator = new HostPathTranslator(Mounts());

        var error = Should.Throw<PathNotOnHostMountException>(() => translator.Translate(path));

        error.Path.ShouldBe(path);
        error.Message.ShouldContain($"{path} is not on a bind mount of this container");
        error.Message.ShouldContain("/workspaces");
        error.Message.ShouldContain("--mode toolchain");
        error.ShouldBeAssignableTo<DockerException>("the CLI ends every DockerException with exit code 3");
    }

    [Fact]
    public void A_named_volume_mount_is_reached_through_its_folder_on_the_engine_host()
    {
        var translator = new HostPathTranslator([new ContainerMountInfo("volume", "cache", "/var/lib/docker/volumes/cache/_data", "/home/wasmc/.cache", true)]);

        translator.Translate("/home/wasmc/.cache/x").ShouldBe("/var/lib/docker/volumes/cache/_data/x");
    }

    [Fact]
    public void The_runner_s_mounts_are_translated_binds_only_and_cache_volumes_keep_their_names()
    {
        var step = new PlanStep("compile", "rust", ["cargo", "build"], "/workspace/app") { Mounts = [new PlanMount(MountKind.Cache, "cargo", "/cargo", ReadOnly: false)] };
        var request = new StepRunRequest(
            step,
            "wasmc/b/rust:1",
            "b",
            "app",
            new HostFolders("/workspaces/app", "/workspaces/app/target/wasmc/debug/app", "/workspaces/app/target/wasmc/scratch/app"),
            new ContainerPaths("/workspace", "/workspace/app", "/out", "/scratch"));

        var mounts = new HostPathTranslator(Mounts()).TranslateBinds(ToolchainContainerSpecs.MountsFor(request));

        mounts.Where(mount => mount.Type == MountType.Bind).Select(mount => (mount.Source, mount.Target)).ShouldBe(
        [
            ("/tmp/rec/app", "/workspace"),
            ("/tmp/rec/app/target/wasmc/debug/app", "/out"),
            ("/tmp/rec/app/target/wasmc/scratch/app", "/scratch"),
        ]);
        mounts.Single(mount => mount.Type == MountType.Volume).Source.ShouldStartWith("wasmc-cache-b-cargo");
    }

    [Fact]
    public void The_doctor_reports_the_workspace_s_host_path_or_fails_when_it_is_not_mounted()
    {
        var workplace = new Workplace { Kind = WorkplaceKind.DevContainer, Evidence = ["label devcontainer.local_folder=/tmp/rec/app"], Engine = EngineLocation.Outside, EngineEndpoint = "unix:///var/run/docker.sock", ContainerId = RecordedId, ContainerFoundBy = "/proc/self/mountinfo", Mounts = Mounts() };

        var mounted = WasmcDoctor.CheckEnvironment(workplace, "/workspaces/app");
        var notMounted = WasmcDoctor.CheckEnvironment(workplace, "/home/wasmc/app");

        mounted.Status.ShouldBe(DoctorStatus.Ok);
        mounted.Detail.ShouldContain("a dev container (label devcontainer.local_folder=/tmp/rec/app)");
        mounted.Detail.ShouldContain("docker-outside-of-docker");
        mounted.Detail.ShouldContain("/workspaces/app -> /tmp/rec/app");
        mounted.Detail.ShouldContain("the workspace /workspaces/app is /tmp/rec/app on the engine's host");
        notMounted.Status.ShouldBe(DoctorStatus.Fail);
        notMounted.Fix.ShouldNotBeNull().ShouldContain("not on a bind mount");
    }

    [Fact]
    public void The_doctor_says_which_toolchains_run_here_and_which_in_docker()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);
        var node = catalog.Get("trixie-2026.11.2").GetToolchain("node");
        var held = new LocalToolchain(node.BundleName, node.Name, node.DefinitionHash);
        var withEngine = new Workplace { Kind = WorkplaceKind.DevContainer, Engine = EngineLocation.Outside, LocalToolchains = [held], LocalToolchainsSource = "WASMC_TOOLCHAINS" };
        var withoutEngine = withEngine with { Engine = EngineLocation.None };

        var routes = WasmcDoctor.Routes(withEngine, RunnerMode.Auto, catalog);
        var check = WasmcDoctor.CheckToolchains(withEngine, RunnerMode.Auto, routes).ShouldNotBeNull();
        var noEngine = WasmcDoctor.CheckToolchains(withoutEngine, RunnerMode.Auto, routes).ShouldNotBeNull();
        var forcedDocker = WasmcDoctor.Routes(withEngine, RunnerMode.Docker, catalog);

        routes.Where(route => route.Place == StepPlace.Here).Select(route => $"{route.Bundle}/{route.Toolchain}").ShouldBe(["trixie-2026.11.2/node"]);
        routes.Count(route => route.Place == StepPlace.Docker).ShouldBeGreaterThan(3);
        check.Status.ShouldBe(DoctorStatus.Ok);
        check.Detail.ShouldContain("run here: trixie-2026.11.2/node");
        noEngine.Status.ShouldBe(DoctorStatus.Warn);
        noEngine.Detail.ShouldContain("no engine is reachable");
        forcedDocker.ShouldAllBe(route => route.Place == StepPlace.Docker);
        WasmcDoctor.CheckToolchains(new Workplace { Kind = WorkplaceKind.Host, Engine = EngineLocation.Local }, RunnerMode.Auto, WasmcDoctor.Routes(new Workplace { Kind = WorkplaceKind.Host, Engine = EngineLocation.Local }, RunnerMode.Auto, catalog))
            .ShouldBeNull("on a plain host everything runs in Docker, nothing to say");
    }

    [Fact]
    public void A_stale_toolchain_image_runs_nothing_here_and_the_doctor_says_to_rebuild()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);
        var stale = new Workplace { Kind = WorkplaceKind.DevContainer, Engine = EngineLocation.Outside, LocalToolchains = [new LocalToolchain("trixie-2026.11.2", "node", "0000000000001111")] };

        var routes = WasmcDoctor.Routes(stale, RunnerMode.Auto, catalog);
        var check = WasmcDoctor.CheckToolchains(stale, RunnerMode.Auto, routes).ShouldNotBeNull();

        routes.ShouldAllBe(route => route.Place == StepPlace.Docker);
        check.Status.ShouldBe(DoctorStatus.Warn);
        check.Fix.ShouldNotBeNull().ShouldContain("devcontainer init --mode toolchain --force");
    }

    [Theory]
    [InlineData(null, RunnerMode.Auto)]
    [InlineData("", RunnerMode.Auto)]
    [InlineData("auto", RunnerMode.Auto)]
    [InlineData("docker", RunnerMode.Docker)]
    [InlineData("host", RunnerMode.Host)]
    public void The_runner_variable_overrides(string? value, RunnerMode expected) => RunnerSelection.ParseMode(value).ShouldBe(expected);

    [Fact]
    public void An_unknown_runner_lists_the_choices() =>
        Should.Throw<ArgumentException>(() => RunnerSelection.ParseMode("podman")).Message.ShouldContain("'docker', 'host' or 'auto'");

    private static List<ContainerMountInfo> Mounts() =>
    [
        new("bind", null, "/var/run/docker.sock", "/var/run/docker.sock", true),
        new("bind", null, "/tmp/rec/app", "/workspaces/app", true),
        new("tmpfs", null, "", "/tmp/scratch", true),
    ];
}

internal sealed class FakeEnvironment : IDoctorEnvironment
{
    public HashSet<string> Files { get; } = [];

    public HashSet<string> Directories { get; } = [];

    public Dictionary<string, string> Texts { get; } = [];

    public Dictionary<string, string> Variables { get; } = [];

    public bool FileExists(string path) => Files.Contains(path);

    public bool DirectoryExists(string path) => Directories.Contains(path);

    public string? ReadText(string path) => Texts.GetValueOrDefault(path);

    public string? GetEnvironmentVariable(string name) => Variables.GetValueOrDefault(name);

    public long? FreeBytes(string path) => null;
}
