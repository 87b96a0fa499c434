using Wasmc.Containers.Bundles;
using Wasmc.Containers.Doctor;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;

namespace Wasmc.Containers.Tests.Doctor;

public sealed class DoctorTests
{
    private sealed class FakeEnvironment : IDoctorEnvironment
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

    private static readonly RuntimeEnvironment OnHost = new(false, null, false, null);

    [Fact]
    public void A_plain_host_is_not_a_container()
    {
        var detected = ContainerDetection.Detect(new FakeEnvironment { Texts = { ["/proc/1/cgroup"] = "0::/init.scope\n" } });

        detected.ShouldBe(OnHost);
    }

    [Theory]
    [InlineData("/.dockerenv", "/.dockerenv exists")]
    [InlineData("/run/.containerenv", "/run/.containerenv exists (Podman)")]
    public void Marker_files_reveal_a_container(string marker, string evidence)
    {
        var detected = ContainerDetection.Detect(new FakeEnvironment { Files = { marker } });

        detected.InContainer.ShouldBeTrue();
        detected.ContainerEvidence.ShouldBe(evidence);
        detected.InDevContainer.ShouldBeFalse();
    }

    [Fact]
    public void The_cgroup_of_pid_1_reveals_a_container()
    {
        var detected = ContainerDetection.Detect(new FakeEnvironment { Texts = { ["/proc/1/cgroup"] = "12:pids:/kubepods/burstable/pod1\n" } });

        detected.InContainer.ShouldBeTrue();
        detected.ContainerEvidence.ShouldBe("/proc/1/cgroup mentions 'kubepods'");
    }

    [Theory]
    [InlineData("REMOTE_CONTAINERS", "true")]
    [InlineData("CODESPACES", "true")]
    [InlineData("DEVCONTAINER", "1")]
    public void Dev_container_variables_reveal_a_dev_container(string variable, string value)
    {
        var detected = ContainerDetection.Detect(new FakeEnvironment { Variables = { [variable] = value } });

        detected.InDevContainer.ShouldBeTrue();
        detected.InContainer.ShouldBeTrue();
        detected.DevContainerEvidence.ShouldBe($"{variable}={value}");
    }

    [Fact]
    public void The_workspaces_folder_reveals_a_dev_container()
    {
        var detected = ContainerDetection.Detect(new FakeEnvironment { Files = { "/.dockerenv" }, Directories = { "/workspaces" } });

        detected.InDevContainer.ShouldBeTrue();
        detected.ContainerEvidence.ShouldBe("/.dockerenv exists");
    }

    [Fact]
    public void A_container_without_docker_fails_with_a_socket_fix()
    {
        var check = WasmcDoctor.CheckEnvironment(
            new Wasmc.Containers.DevContainers.Workplace { Kind = Wasmc.Containers.DevContainers.WorkplaceKind.Container, Evidence = ["/.dockerenv exists"], Engine = Wasmc.Containers.DevContainers.EngineLocation.None },
            workspace: null);

        check.Status.ShouldBe(DoctorStatus.Fail);
        check.Fix.ShouldNotBeNull().ShouldContain("/var/run/docker.sock");
    }

    [Fact]
    public void A_dev_container_without_docker_is_told_about_the_dev_container_feature()
    {
        var check = WasmcDoctor.CheckEnvironment(
            new Wasmc.Containers.DevContainers.Workplace { Kind = Wasmc.Containers.DevContainers.WorkplaceKind.DevContainer, Evidence = ["CODESPACES=true"], Engine = Wasmc.Containers.DevContainers.EngineLocation.None },
            workspace: null);

        check.Fix.ShouldNotBeNull().ShouldContain("docker-outside-of-docker");
    }

    [Theory]
    [InlineData(1L << 30, DoctorStatus.Fail)]
    [InlineData(5L << 30, DoctorStatus.Warn)]
    [InlineData(50L << 30, DoctorStatus.Ok)]
    public void Free_space_in_dockers_root_folder_decides_the_disk_check(long free, DoctorStatus expected)
    {
        var check = WasmcDoctor.CheckDisk("/var/lib/docker", free, OnHost, new DoctorOptions());

        check.Status.ShouldBe(expected);
        check.Detail.ShouldContain("/var/lib/docker");
        (check.Fix is null).ShouldBe(expected == DoctorStatus.Ok);
    }

    [Fact]
    public void An_invisible_docker_root_folder_is_a_warning()
    {
        var check = WasmcDoctor.CheckDisk("/var/lib/docker", null, OnHost, new DoctorOptions());

        check.Status.ShouldBe(DoctorStatus.Warn);
        check.Fix.ShouldNotBeNull().ShouldContain("docker system df");
    }

    [Fact]
    public void Missing_images_point_at_bundle_build_or_at_the_bootstrap()
    {
        var bundle = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Get("trixie-2026.11.2");
        var statuses = bundle.Toolchains
            .Select((t, i) => new ToolchainImageStatus(bundle.Name, t.Name, t.ImageReference, i == 0 ? ImageState.Present : ImageState.Missing, null, "not built yet"))
            .ToList();

        var withBase = WasmcDoctor.CheckBundle(bundle, statuses, baseImagePresent: true);
        var withoutBase = WasmcDoctor.CheckBundle(bundle, statuses, baseImagePresent: false);

        withBase.Status.ShouldBe(DoctorStatus.Warn);
        withBase.Name.ShouldBe("bundle trixie-2026.11.2");
        withBase.Fix.ShouldNotBeNull().ShouldContain("wasmc bundle build trixie-2026.11.2");
        withoutBase.Fix.ShouldNotBeNull().ShouldContain("containers/bootstrap");
    }

    [Fact]
    public void A_bundle_with_every_image_present_is_ok()
    {
        var bundle = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Get("sid-2026.11.2");
        var statuses = bundle.Toolchains
            .Select(t => new ToolchainImageStatus(bundle.Name, t.Name, t.ImageReference, ImageState.Present, "sha256:x", "current"))
            .ToList();

        var check = WasmcDoctor.CheckBundle(bundle, statuses, baseImagePresent: true);

        check.Status.ShouldBe(DoctorStatus.Ok);
        check.Detail.ShouldContain("all 5 images present");
        check.Detail.ShouldNotContain("resolved");
    }

    [Fact]
    public void A_bundle_whose_images_installed_a_newer_debian_revision_says_so()
    {
        var bundle = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Get("trixie-2026.11.2");
        var statuses = bundle.Toolchains
            .Select(t => new ToolchainImageStatus(bundle.Name, t.Name, t.ImageReference, ImageState.Present, "sha256:x", "current")
            {
                Packages = t.Name == "node" ? [new ResolvedPackage("nodejs", "20.19.2+dfsg-1+deb13u2", "20.19.2+dfsg-1+deb13u3")] : [],
            })
            .ToList();

        var check = WasmcDoctor.CheckBundle(bundle, statuses, baseImagePresent: true);

        check.Status.ShouldBe(DoctorStatus.Ok);
        check.Detail.ShouldEndWith("; resolved: nodejs 20.19.2+dfsg-1+deb13u3 for pin 20.19.2+dfsg-1+deb13u2 (node)");
    }

    [Fact]
    public void The_report_is_as_bad_as_its_worst_check()
    {
        var report = new DoctorReport([new("a", DoctorStatus.Ok, "x"), new("b", DoctorStatus.Warn, "y", "z")]);

        report.Overall.ShouldBe(DoctorStatus.Warn);
        report.HasFailures.ShouldBeFalse();
    }

    [Fact]
    public async Task An_unreachable_docker_is_a_failed_check_with_the_clients_fix()
    {
        var endpoint = Wasmc.Docker.DockerEndpoint.Parse("unix:///nonexistent/docker.sock", "test");
        var options = new DoctorOptions
        {
            ConnectDocker = _ => throw new Wasmc.Docker.DockerUnreachableException(endpoint, "Docker is not reachable at unix:///nonexistent/docker.sock. Start it."),
            Environment = new FakeEnvironment(),
        };

        var report = await WasmcDoctor.RunAsync(options);

        report.Checks.Select(c => c.Name).ShouldBe(["docker", "environment"]);
        report.Checks[0].Status.ShouldBe(DoctorStatus.Fail);
        report.Checks[0].Fix.ShouldNotBeNull().ShouldContain("Start it");
        report.HasFailures.ShouldBeTrue();
    }
}
