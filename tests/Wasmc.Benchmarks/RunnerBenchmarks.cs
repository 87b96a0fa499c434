using System.Formats.Tar;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wasmc.Containers.Running;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Benchmarks;

/// <summary>
/// Per-step overhead of the Docker runner: a trivial step (<c>true</c>) exec'd into the session's
/// warm container, against a fresh container per step (create + start + wait + remove).
/// Needs a Docker engine and <c>/bin/busybox</c> (package busybox-static) for the image.
/// </summary>
[Config(typeof(InProcessMonitoringConfig))]
[MedianColumn]
public class RunnerBenchmarks
{
    /// <summary>
    /// Each invocation is a whole Docker round trip, so one invocation per iteration (Monitoring) is
    /// right; in-process because an out-of-process rebuild of the solution times out on 2 shared cores.
    /// </summary>
    private sealed class InProcessMonitoringConfig : ManualConfig
    {
        public InProcessMonitoringConfig() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(30)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private const string Image = "wasmc-bench/busybox:1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wasmc-bench-" + Guid.NewGuid().ToString("N")[..8]);
    private IDockerClient _docker = null!;
    private DockerToolchainRunner _runner = null!;
    private StepRunRequest _request = null!;

    // Synchronous: the in-process toolchain of BenchmarkDotNet 0.14 does not await async setup.
    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void CleanUp() => CleanUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _docker = await DockerClientFactory.ConnectAsync();
        if (await _docker.Images.InspectAsync(Image) is null)
        {
            using var context = BusyboxContext();
            await _docker.Images.BuildAsync(context, new ImageBuildParameters { Tags = [Image], NetworkMode = "none" });
        }

        _runner = new DockerToolchainRunner(_docker);
        _request = new StepRunRequest(
            new PlanStep("noop", "shell", ["true"], "/workspace"),
            Image,
            "bench",
            "bench",
            new HostFolders(Directory.CreateDirectory(Path.Combine(_folder, "ws")).FullName, Path.Combine(_folder, "out"), Path.Combine(_folder, "scratch")),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"));
        await _runner.RunAsync(_request); // starts the warm container outside the measurement
    }

    [Benchmark(Baseline = true, Description = "exec into warm container")]
    public async Task<int> ExecIntoWarmContainer() => (await _runner.RunAsync(_request)).ExitCode;

    [Benchmark(Description = "fresh container per step")]
    public async Task<long> FreshContainerPerStep()
    {
        var mounts = FreshContainerMounts();
        var id = await _docker.Containers.CreateAsync(new ContainerSpec(Image)
        {
            Cmd = ["true"],
            Mounts = mounts,
            NetworkMode = "none",
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            Labels = new Dictionary<string, string> { [WasmcLabels.Managed] = "true" },
        });
        await _docker.Containers.StartAsync(id);
        var exitCode = await _docker.Containers.WaitAsync(id);
        await _docker.Containers.RemoveAsync(id, force: true);
        return exitCode;
    }

    private async Task CleanUpAsync()
    {
        await _runner.DisposeAsync();
        _docker.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private MountSpec[] FreshContainerMounts() =>
    [
        new(MountType.Bind, Path.Combine(_folder, "ws"), "/workspace", ReadOnly: true),
        new(MountType.Bind, Path.Combine(_folder, "out"), "/out", ReadOnly: false),
        new(MountType.Bind, Path.Combine(_folder, "scratch"), "/scratch", ReadOnly: false),
    ];

    private static MemoryStream BusyboxContext()
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("FROM scratch\nCOPY rootfs/ /\n")) });
            tar.WriteEntry("/bin/busybox", "rootfs/bin/busybox");
            foreach (var applet in new[] { "sh", "true", "sleep" })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "rootfs/bin/" + applet) { LinkName = "busybox" });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
