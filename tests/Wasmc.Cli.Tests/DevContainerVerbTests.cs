using System.Text.Json;
using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>
/// <c>devcontainer init</c>: the files it writes (read back as the JSON-with-comments the Dev Containers spec allows), the
/// copy of wasmc (here a stand-in self-contained publish, so the test copies little), and refusing to overwrite.
/// The Dev Containers CLI itself runs these files in Wasmc.EndToEnd.Tests (DevContainerEndToEndTests).
/// </summary>
public sealed class DevContainerVerbTests
{
    private static string FakePublish(TempFolder folder)
    {
        folder.Write("publish/dotnet-wasmc", "#!/bin/sh\n");
        folder.Write("publish/System.Private.CoreLib.dll", "");
        folder.Write("publish/runtimes/linux-x64/native/libwasmtime.so", "");
        folder.Write("publish/runtimes/osx-arm64/native/libwasmtime.dylib", "");
        return Path.Combine(folder.Path, "publish");
    }

    private static JsonElement ReadJsonc(string path) =>
        JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false }).RootElement;

    [Fact]
    public void Outside_mode_mounts_the_engines_socket_into_a_debian_image_with_wasmc()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);

        var result = CliRunner.RunIn(folder.Path, "devcontainer", "init", "--wasmc-from", FakePublish(folder));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("Wrote .devcontainer/: .gitignore, Dockerfile, devcontainer.json, wasmc/");
        var devcontainer = Path.Combine(folder.Path, ".devcontainer");
        var json = ReadJsonc(Path.Combine(devcontainer, "devcontainer.json"));
        json.GetProperty("build").GetProperty("dockerfile").GetString().ShouldBe("Dockerfile");
        json.GetProperty("runArgs").EnumerateArray().Select(arg => arg.GetString()).ShouldContain("--network=none");
        json.GetProperty("mounts").EnumerateArray().Single().GetString().ShouldEndWith(",target=/var/run/docker.sock,type=bind");
        json.GetProperty("remoteUser").GetString().ShouldBeOneOf("root", "wasmc");
        var dockerfile = File.ReadAllText(Path.Combine(devcontainer, "Dockerfile"));
        dockerfile.ShouldContain("\nFROM wasmc/debian:");
        dockerfile.ShouldContain("ENV WASMC_DEVCONTAINER=outside\n");
        dockerfile.ShouldNotContain("WASMC_TOOLCHAINS");
        dockerfile.ShouldContain("COPY wasmc/ /opt/wasmc-tool/");
        File.ReadAllText(Path.Combine(devcontainer, ".gitignore")).ShouldContain("/wasmc/");
        File.Exists(Path.Combine(devcontainer, "wasmc", "tool", "runtimes", "linux-x64", "native", "libwasmtime.so")).ShouldBe(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64);
        File.Exists(Path.Combine(devcontainer, "wasmc", "tool", "runtimes", "osx-arm64", "native", "libwasmtime.dylib")).ShouldBeFalse("only the container's native libraries are copied");
        var shim = File.ReadAllText(Path.Combine(devcontainer, "wasmc", "bin", "dotnet"));
        shim.ShouldContain("if [ \"$1\" = wasmc ]");
        File.ReadAllText(Path.Combine(devcontainer, "wasmc", "bin", "dotnet-wasmc")).ShouldContain("exec /opt/wasmc-tool/tool/dotnet-wasmc \"$@\"");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(devcontainer, "wasmc", "bin", "dotnet")).HasFlag(UnixFileMode.OtherExecute).ShouldBeTrue();
        }
    }

    [Fact]
    public void Toolchain_mode_builds_from_the_toolchain_image_the_components_use_and_names_it_for_wasmc()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc", "--bundle", "sid-2026.11.2").ExitCode.ShouldBe(0);
        var bundle = CliRunner.RunIn(folder.Path, "bundle", "show", "sid-2026.11.2", "--json");
        var node = JsonDocument.Parse(bundle.Out).RootElement.GetProperty("toolchains").EnumerateArray().First(toolchain => toolchain.GetProperty("name").GetString() == "node");

        var result = CliRunner.RunIn(folder.Path, "devcontainer", "init", "--mode", "toolchain", "--bundle", "sid-2026.11.2", "--wasmc-from", FakePublish(folder));

        result.ExitCode.ShouldBe(0, result.Error);
        var devcontainer = Path.Combine(folder.Path, ".devcontainer");
        var dockerfile = File.ReadAllText(Path.Combine(devcontainer, "Dockerfile"));
        dockerfile.ShouldContain($"\nFROM {node.GetProperty("image").GetString()}\n");
        var tag = node.GetProperty("image").GetString()!.Split(':')[^1];
        dockerfile.ShouldMatch($@"WASMC_TOOLCHAINS=sid-2026\.11\.2/node@{tag}[0-9a-f]{{52}}\n");
        var json = ReadJsonc(Path.Combine(devcontainer, "devcontainer.json"));
        json.TryGetProperty("mounts", out _).ShouldBeFalse("toolchain mode needs no engine");
        json.GetProperty("name").GetString().ShouldBe("wasmc (sid-2026.11.2, node inside)");
    }

    [Fact]
    public void An_existing_devcontainer_folder_is_left_alone_without_force()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var mine = folder.Write(".devcontainer/devcontainer.json", "{ \"image\": \"mine\" }");
        var extra = folder.Write(".devcontainer/post-create.sh", "echo hi\n");
        var publish = FakePublish(folder);

        var refused = CliRunner.RunIn(folder.Path, "devcontainer", "init", "--wasmc-from", publish);

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain(".devcontainer already exists; nothing was written. Use --force");
        File.ReadAllText(mine).ShouldBe("{ \"image\": \"mine\" }");
        Directory.GetFileSystemEntries(Path.Combine(folder.Path, ".devcontainer")).Length.ShouldBe(2);

        var forced = CliRunner.RunIn(folder.Path, "devcontainer", "init", "--force", "--wasmc-from", publish);

        forced.ExitCode.ShouldBe(0, forced.Error);
        File.ReadAllText(mine).ShouldContain("\"build\"");
        File.ReadAllText(extra).ShouldBe("echo hi\n");
    }

    [Theory]
    [InlineData("--mode inside", "--mode inside is not a mode")]
    [InlineData("--mode toolchain --toolchain cobol", "has no toolchain 'cobol'")]
    [InlineData("--bundle nope", "unknown bundle 'nope'")]
    [InlineData("--wasmc-from /nonexistent", "is not a self-contained Linux publish of wasmc")]
    public void Bad_input_is_exit_code_2(string arguments, string message)
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);

        var result = CliRunner.RunIn(folder.Path, ["devcontainer", "init", .. arguments.Split(' ')]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
    }

    [Fact]
    public void Outside_a_workspace_there_is_nothing_to_init()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "devcontainer", "init");

        result.ExitCode.ShouldBe(2);
        Directory.Exists(Path.Combine(folder.Path, ".devcontainer")).ShouldBeFalse();
    }
}
