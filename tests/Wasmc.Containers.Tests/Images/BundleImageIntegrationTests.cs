using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;
using Xunit.Abstractions;

namespace Wasmc.Containers.Tests.Images;

/// <summary>
/// Builds every toolchain image of every bundle (a no-op when <c>.ci/setup-docker.sh</c> already did) and
/// checks that each tool in the image has exactly the version the bundle file promises.
/// Needs the base images from <c>containers/bootstrap</c>.
/// </summary>
public sealed class BundleImageIntegrationTests(ITestOutputHelper output)
{
    private static readonly BundleCatalog Catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

    public static TheoryData<string, string> Toolchains()
    {
        var data = new TheoryData<string, string>();
        foreach (var bundle in Catalog.Bundles)
        {
            foreach (var toolchain in bundle.Toolchains)
            {
                data.Add(bundle.Name, toolchain.Name);
            }
        }

        return data;
    }

    [DockerTheory]
    [MemberData(nameof(Toolchains))]
    public async Task Each_toolchain_image_is_current_and_holds_the_bundles_tool_versions(string bundleName, string toolchainName)
    {
        var bundle = Catalog.Get(bundleName);
        var toolchain = bundle.GetToolchain(toolchainName);
        using var docker = await TestDocker.ConnectAsync();
        var builder = new BundleImageBuilder(docker, Catalog);

        var results = await builder.BuildAsync(bundle, toolchainName, new OutputProgress(output));
        var status = (await builder.GetStatusAsync(bundle)).Single(s => s.Toolchain == toolchainName);

        output.WriteLine($"{results[0].Reference}: {(results[0].Built ? "built" : "kept")} in {results[0].Duration.TotalSeconds:F1} s");
        status.State.ShouldBe(ImageState.Present, status.Detail);
        var image = (await docker.Images.InspectAsync(toolchain.ImageReference)).ShouldNotBeNull();
        image.Labels[ImageLabels.Bundle].ShouldBe(bundleName);
        image.Labels[ImageLabels.Toolchain].ShouldBe(toolchainName);

        foreach (var tool in toolchain.Tools)
        {
            var probe = ToolVersionProbe.Known[tool];
            var (exitCode, stdout, stderr) = await RunAsync(docker, toolchain.ImageReference, probe.Argv);
            output.WriteLine($"{string.Join(' ', probe.Argv)} -> {stdout.Trim()}");
            exitCode.ShouldBe(0, $"{string.Join(' ', probe.Argv)} failed in {toolchain.ImageReference}: {stderr}");
            probe.ParseVersion(stdout).ShouldBe(bundle.Tools[tool], $"{tool} in {toolchain.ImageReference}; output: {stdout}");
        }
    }

    [DockerTheory]
    [MemberData(nameof(Toolchains))]
    public async Task Each_toolchain_image_has_the_commands_and_files_its_bundle_declares(string bundleName, string toolchainName)
    {
        var toolchain = Catalog.Get(bundleName).GetToolchain(toolchainName);
        using var docker = await TestDocker.ConnectAsync();
        (await docker.Images.InspectAsync(toolchain.ImageReference)).ShouldNotBeNull($"{toolchain.ImageReference} is not built (.ci/setup-docker.sh)");

        // Plans only use what the bundle declares (BundleContractTests); here the image keeps that promise. A declared
        // path is a file or a folder (rust's cargo-registry is the crates' directory source).
        const string Check = """
            for command in $COMMANDS; do command -v "$command" >/dev/null || echo "missing command: $command"; done
            for file in $FILES; do { [ -f "$file" ] || [ -d "$file" ]; } && [ -r "$file" ] || echo "missing file: $file"; done
            """;
        var (exitCode, stdout, stderr) = await RunAsync(
            docker,
            toolchain.ImageReference,
            ["sh", "-c", Check],
            new Dictionary<string, string>
            {
                ["COMMANDS"] = string.Join(' ', toolchain.Commands),
                ["FILES"] = string.Join(' ', toolchain.Files.Values),
            });

        exitCode.ShouldBe(0, stderr);
        stdout.Trim().ShouldBeEmpty($"{toolchain.ImageReference} lacks what {bundleName}'s file declares for '{toolchainName}'");
        toolchain.Commands.ShouldNotBeEmpty();
    }

    private static async Task<(long ExitCode, string Stdout, string Stderr)> RunAsync(
        IDockerClient docker,
        string image,
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var id = await docker.Containers.CreateAsync(new ContainerSpec(image)
        {
            Cmd = argv,
            Environment = environment ?? new Dictionary<string, string>(),
            NetworkMode = "none",
            Labels = new Dictionary<string, string> { ["wasmc.test"] = "true" },
        });
        try
        {
            await docker.Containers.StartAsync(id);
            var exitCode = await docker.Containers.WaitAsync(id);
            await using var logs = await docker.Containers.LogsAsync(id);
            var (stdout, stderr) = await logs.ReadToEndAsync();
            return (exitCode, stdout, stderr);
        }
        finally
        {
            await docker.Containers.RemoveAsync(id, force: true);
        }
    }

    private sealed class OutputProgress(ITestOutputHelper output) : IProgress<BundleImageProgress>
    {
        public void Report(BundleImageProgress value) => output.WriteLine($"[{value.Bundle}/{value.Toolchain}] {value.Message}");
    }
}
