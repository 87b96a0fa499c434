using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Dev containers for real: the installed tool writes <c>.devcontainer/</c> (<c>dotnet wasmc devcontainer init</c>), the Dev
/// Containers CLI builds and starts it (<c>devcontainer up</c>), and <c>devcontainer exec ... dotnet wasmc</c> builds and
/// tests inside it. Artifacts must appear in the host's folder, owned by the user who ran the CLI. Both modes:
/// <list type="bullet">
/// <item>outside: a copy of examples/, its Rust (trixie) and Go (sid) components, every step in toolchain containers on
/// the host's engine through the mounted socket, so every bind mount goes through the path translation; plus the clear
/// error for a workspace that is not on a bind mount;</item>
/// <item>toolchain: a JavaScript-only workspace (examples/calculator on the sid bundle, whose node image also holds
/// wasm-tools), every step in the dev container itself, no engine in it at all.</item>
/// </list>
/// The JavaScript components of examples/ are left out of the outside run: componentize-js takes minutes on a loaded
/// 2-core machine, and the toolchain run already builds one.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class DevContainerEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    [JsDockerFact]
    public void Outside_mode_builds_and_tests_examples_through_the_hosts_engine_with_translated_mounts()
    {
        var workspace = Path.Combine(tool.NewWorkFolder(), "examples");
        CopyFolder(Path.Combine(tool.RepoRoot, "examples"), workspace);
        using var container = DevContainer.Start(tool, output, workspace, "--mode", "outside");

        using var doctor = JsonDocument.Parse(container.Exec("dotnet", "wasmc", "doctor", "--json").Out);
        var environment = doctor.RootElement.GetProperty("environment");
        environment.GetProperty("kind").GetString().ShouldBe("dev-container");
        environment.GetProperty("engine").GetString().ShouldBe("outside");
        environment.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ShouldContain($"label devcontainer.local_folder={workspace}");
        environment.GetProperty("mounts").EnumerateArray()
            .ShouldContain(mount => mount.GetProperty("source").GetString() == workspace && mount.GetProperty("destination").GetString() == container.RemoteFolder);
        environment.GetProperty("toolchains").EnumerateArray().ShouldAllBe(toolchain => toolchain.GetProperty("runner").GetString() == "docker");

        var build = container.Exec("dotnet", "wasmc", "build", "temperature", "number-theory");
        build.ExitCode.ShouldBe(0, build.ToString());
        var test = container.Exec("dotnet", "wasmc", "test", "temperature", "number-theory");
        test.ExitCode.ShouldBe(0, test.ToString());
        test.Out.ShouldContain("PASSED");

        foreach (var component in new[] { "temperature", "number-theory" })
        {
            var artifact = Path.Combine(workspace, "target", "wasmc", "debug", component, component + ".wasm");
            File.Exists(artifact).ShouldBeTrue($"{artifact} was not written to the host's folder");
            OwnerOf(artifact).ShouldBe(HostUid(), $"{artifact} must belong to the host user");
        }

        // A workspace only in the dev container's own file system: the engine outside cannot mount it.
        var copy = container.Exec(
            "sh",
            "-c",
            $"rm -rf \"$HOME/ws\" && mkdir \"$HOME/ws\" && cp -r {container.RemoteFolder}/wasmc.toml {container.RemoteFolder}/calculator {container.RemoteFolder}/data-types " +
            $"{container.RemoteFolder}/temperature {container.RemoteFolder}/number-theory \"$HOME/ws\" && cd \"$HOME/ws\" && dotnet wasmc build temperature");
        copy.ExitCode.ShouldBe(3, copy.ToString());
        copy.Error.ShouldContain("/ws is not on a bind mount of this container");
        copy.Error.ShouldContain("--mode toolchain");
    }

    [JsDockerFact]
    public void Toolchain_mode_builds_and_tests_a_javascript_workspace_inside_the_node_image_without_an_engine()
    {
        var workspace = Path.Combine(tool.NewWorkFolder(), "calc");
        CopyFolder(Path.Combine(tool.RepoRoot, "examples", "calculator"), Path.Combine(workspace, "calculator"));
        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), """
            [workspace]
            default-bundle = "sid"
            default-profile = "debug"

            [bundles.sid]
            bundle = "sid-2026.11.2"

            [[components]]
            name = "calculator"
            language = "js"
            path = "calculator"
            world = "calculator-component"
            """);
        using var container = DevContainer.Start(tool, output, workspace, "--mode", "toolchain");

        using var doctor = JsonDocument.Parse(container.Exec("dotnet", "wasmc", "doctor", "--json").Out);
        var environment = doctor.RootElement.GetProperty("environment");
        environment.GetProperty("kind").GetString().ShouldBe("dev-container");
        environment.GetProperty("engine").GetString().ShouldBe("none");
        environment.GetProperty("localToolchains").EnumerateArray().Single().GetString().ShouldStartWith("sid-2026.11.2/node@");
        var here = environment.GetProperty("toolchains").EnumerateArray()
            .Where(toolchain => toolchain.GetProperty("runner").GetString() == "here")
            .Select(toolchain => $"{toolchain.GetProperty("bundle").GetString()}/{toolchain.GetProperty("toolchain").GetString()}");
        here.ShouldBe(["sid-2026.11.2/node"]);

        var build = container.Exec("dotnet", "wasmc", "build");
        build.ExitCode.ShouldBe(0, build.ToString());
        var test = container.Exec("dotnet", "wasmc", "test");
        test.ExitCode.ShouldBe(0, test.ToString());
        test.Out.ShouldContain("9 passed, 0 failed");

        var artifact = Path.Combine(workspace, "target", "wasmc", "debug", "calculator", "calculator.wasm");
        File.Exists(artifact).ShouldBeTrue($"{artifact} was not written to the host's folder");
        OwnerOf(artifact).ShouldBe(HostUid(), $"{artifact} must belong to the host user");
    }

    private static int HostUid()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    private static int OwnerOf(string path)
    {
        var stat = ProcessRunner.Run("stat", ["-c", "%u", path], "/");
        stat.ExitCode.ShouldBe(0, stat.ToString());
        return int.Parse(stat.Out.Trim(), CultureInfo.InvariantCulture);
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "target" or ".wasmc" or ".devcontainer" || relative.Contains("node_modules", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

    /// <summary>One dev container: made with the installed tool, started with the Dev Containers CLI, removed at the end with its images.</summary>
    private sealed class DevContainer : IDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _workspace;

        private DevContainer(ITestOutputHelper output, string workspace, string remoteFolder)
        {
            _output = output;
            _workspace = workspace;
            RemoteFolder = remoteFolder;
        }

        /// <summary>The workspace folder inside the container (<c>/workspaces/NAME</c>).</summary>
        public string RemoteFolder { get; }

        public static DevContainer Start(InstalledTool tool, ITestOutputHelper output, string workspace, params string[] initArguments)
        {
            var init = tool.Wasmc(workspace, ["devcontainer", "init", .. initArguments]);
            output.WriteLine($"devcontainer init: {init}");
            init.ExitCode.ShouldBe(0, init.ToString());

            var up = DevContainersCli.Run(workspace, "up", "--workspace-folder", workspace);
            output.WriteLine($"devcontainer up: exit code {up.ExitCode}; {up.Out}");
            var container = new DevContainer(output, workspace, "/workspaces/" + Path.GetFileName(workspace));
            try
            {
                up.ExitCode.ShouldBe(0, up.ToString());
                using var result = JsonDocument.Parse(up.Out.Trim().Split('\n')[^1]);
                result.RootElement.GetProperty("outcome").GetString().ShouldBe("success", up.ToString());
                result.RootElement.GetProperty("remoteWorkspaceFolder").GetString().ShouldBe(container.RemoteFolder);
            }
            catch
            {
                container.Dispose();
                throw;
            }

            return container;
        }

        public ProcessResult Exec(params string[] command)
        {
            var result = DevContainersCli.Run(_workspace, ["exec", "--workspace-folder", _workspace, .. command]);
            _output.WriteLine($"devcontainer exec {string.Join(' ', command)}: {result}");
            return result;
        }

        public void Dispose()
        {
            var containers = ProcessRunner.Run("docker", ["ps", "-aq", "--filter", $"label=devcontainer.local_folder={_workspace}"], "/");
            var images = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in containers.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                images.Add(ProcessRunner.Run("docker", ["inspect", "--format", "{{.Config.Image}}", id], "/").Out.Trim());
                ProcessRunner.Run("docker", ["rm", "-f", id], "/");
            }

            // The CLI's images: vsc-NAME-HASH and its -uid variant; removing the last tag removes the layers wasmc's copy added.
            foreach (var image in images.Where(image => image.StartsWith("vsc-", StringComparison.Ordinal)))
            {
                ProcessRunner.Run("docker", ["rmi", "-f", image, image.EndsWith("-uid", StringComparison.Ordinal) ? image[..^4] : image + "-uid"], "/");
            }
        }
    }
}
