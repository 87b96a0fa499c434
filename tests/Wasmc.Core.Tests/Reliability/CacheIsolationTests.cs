using Wasmc.Containers.Running;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// Reliability probes (docs/reliability.md, "caches"), in the real sid-2026.11.2 rust image through Docker: a step can
/// write anything into its cache volume, so each workspace has its own; the image's root file system cannot be changed
/// by a step; and the validation's fresh container sees nothing an earlier step left in /tmp.
/// </summary>
public sealed class CacheIsolationTests : IAsyncLifetime
{
    private const string Bundle = "sid-2026.11.2";
    private const string CargoHome = "/cache/cargo-home";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasmc-cache-probe", Guid.NewGuid().ToString("N")[..12]);
    private IDockerClient? _docker;

    private static string Image => BundleImages.Catalog.Get(Bundle).GetToolchain("rust").ImageReference;

    public async Task InitializeAsync() => _docker = await DockerClientFactory.ConnectAsync();

    public async Task DisposeAsync()
    {
        if (_docker is not null)
        {
            foreach (var workspace in new[] { "a", "b" })
            {
                await _docker.Volumes.RemoveAsync(ToolchainContainerSpecs.CacheVolumeName(Bundle, "cargo-home", Workspace(workspace)));
            }

            _docker.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Workspace(string name) => Path.Combine(_root, name);

    private StepRunRequest Step(string workspace, string script, bool fresh = false)
    {
        var root = Workspace(workspace);
        Directory.CreateDirectory(root);
        var output = Path.Combine(root, "target", "wasmc");
        return new StepRunRequest(
            new PlanStep("probe", "rust", ["sh", "-c", script], "/workspace")
            {
                Mounts = [new PlanMount(MountKind.Cache, "cargo-home", CargoHome, ReadOnly: false)],
                Environment = new Dictionary<string, string> { ["CARGO_HOME"] = CargoHome },
            },
            Image,
            Bundle,
            "calc",
            new HostFolders(root, Path.Combine(output, "out"), Path.Combine(output, "scratch")),
            new ContainerPaths("/workspace", "/workspace", "/out", "/scratch"))
        {
            FreshContainer = fresh,
        };
    }

    [BundleImageFact(Bundle, "rust")]
    public async Task A_config_planted_in_one_workspace_cache_does_not_reach_another_workspace()
    {
        await using var runner = new DockerToolchainRunner(_docker!);
        const string plant = "printf '[build]\\nrustflags = [\"--cfg\", \"poisoned\"]\\n' > $CARGO_HOME/config.toml";

        (await runner.RunAsync(Step("a", plant))).ExitCode.ShouldBe(0);

        // The same workspace sees what its own build planted (the probe can fail) ...
        (await runner.RunAsync(Step("a", "cat $CARGO_HOME/config.toml"))).OutputText.ShouldContain("poisoned");
        // ... another workspace does not, and cargo there reads no such configuration.
        var other = await runner.RunAsync(Step("b", "test ! -e $CARGO_HOME/config.toml && cargo --version"));
        other.ExitCode.ShouldBe(0, other.OutputText);
        other.OutputText.ShouldContain("cargo ");
    }

    [BundleImageFact(Bundle, "rust")]
    public async Task A_step_cannot_change_the_image_and_has_a_writable_home_and_tmp()
    {
        await using var runner = new DockerToolchainRunner(_docker!);

        var replace = await runner.RunAsync(Step("a", "echo '#!/bin/sh' > /usr/bin/wasm-tools"));
        replace.ExitCode.ShouldNotBe(0);
        replace.OutputText.ShouldContain("Read-only file system");

        var writable = await runner.RunAsync(Step("a", "echo x > $HOME/x && echo y > /tmp/y && echo home=$HOME"));
        writable.ExitCode.ShouldBe(0, writable.OutputText);
        writable.OutputText.ShouldContain("home=/tmp");
    }

    [BundleImageFact(Bundle, "rust")]
    public async Task A_fresh_container_sees_nothing_an_earlier_step_left_in_tmp()
    {
        await using var runner = new DockerToolchainRunner(_docker!);
        (await runner.RunAsync(Step("a", "echo planted > /tmp/planted"))).ExitCode.ShouldBe(0);

        (await runner.RunAsync(Step("a", "test -e /tmp/planted"))).ExitCode.ShouldBe(0); // warm: still there
        (await runner.RunAsync(Step("a", "test ! -e /tmp/planted", fresh: true))).ExitCode.ShouldBe(0);
    }
}
