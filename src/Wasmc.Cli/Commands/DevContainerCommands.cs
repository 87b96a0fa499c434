using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.DevContainers;

namespace Wasmc.Cli.Commands;

[Command(
    "devcontainer",
    Description = "Work in a dev container: write a .devcontainer/ for the workspace.",
    ExtendedHelpText = """

wasmc knows when it runs in a dev container ('dotnet wasmc doctor' says how): with the host's
Docker engine outside (bind mounts are translated to host paths), or built from a bundle's
toolchain image (that toolchain's steps run in the dev container itself). See docs/devcontainers.md.

Examples:
  dotnet wasmc devcontainer init
  dotnet wasmc devcontainer init --mode toolchain --bundle trixie-2026.11.2
""")]
[Subcommand(typeof(DevContainerInitCommand))]
internal sealed class DevContainerCommand
{
    internal int OnExecute(CommandLineApplication app)
    {
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}

[Command(
    "init",
    Description = "Write .devcontainer/ (devcontainer.json, Dockerfile, a copy of wasmc) for the workspace.",
    ExtendedHelpText = """

Modes:
  outside    (default) A Debian image (the bundle's base) with wasmc and the host's Docker socket
             mounted; every step runs in the bundle's toolchain images on the host's engine.
  toolchain  Built from one toolchain image of the bundle (--toolchain, default: the one most
             components use); its steps run in the dev container, other toolchains need an engine.

wasmc is copied into .devcontainer/wasmc/ (ignored by git) with the .NET runtime it runs on, so the
container needs no .NET SDK: 'dotnet wasmc ...' works inside. The container user gets the host
user's uid and gid (root stays root). The network is off (--network=none).

An existing .devcontainer/ is left alone (exit code 2) unless --force, which replaces wasmc's files
in it. Use the folder with the Dev Containers CLI, VS Code or Codespaces:
  devcontainer up --workspace-folder .
  devcontainer exec --workspace-folder . dotnet wasmc build

Examples:
  dotnet wasmc devcontainer init
  dotnet wasmc devcontainer init --mode toolchain
  dotnet wasmc devcontainer init --mode toolchain --bundle sid --toolchain rust --force
""")]
internal sealed class DevContainerInitCommand(DevContainerInitializer initializer, CliOutput output, CliSession session)
{
    [Option("--bundle <BUNDLE>", Description = "Bundle (as named in wasmc.toml, or its published name); default: the workspace's default bundle.")]
    public string? Bundle { get; set; }

    [Option("--mode <MODE>", Description = "outside (default: the host's engine runs the toolchains) or toolchain (the dev container is a toolchain image).")]
    public string? Mode { get; set; }

    [Option("--toolchain <TOOLCHAIN>", Description = "Toolchain mode: the toolchain image to build from; default: the one most of the bundle's components use.")]
    public string? Toolchain { get; set; }

    [Option("--wasmc-from <DIR>", Description = "Copy this self-contained Linux publish of wasmc instead of the running tool and its .NET runtime.")]
    public string? WasmcFrom { get; set; }

    [Option("--force", CommandOptionType.NoValue, Description = "Replace wasmc's files in an existing .devcontainer/.")]
    public bool Force { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var result = await initializer.InitAsync(new DevContainerInitRequest(Bundle, Mode, Toolchain, Force, WasmcFrom));
        var folder = Path.GetRelativePath(session.WorkingDirectory, result.Folder);
        var mode = result.Mode == DevContainerMode.Outside ? "outside (the host's engine runs the toolchains)" : "toolchain (steps of its toolchain run in the dev container)";
        output.Line($"Wrote {folder}{Path.DirectorySeparatorChar}: {string.Join(", ", result.Files)}");
        output.Line($"Mode {mode}; bundle {result.Bundle}; image {result.Image}; user {result.RemoteUser}");
        output.Line($"Next: devcontainer up --workspace-folder {Path.GetRelativePath(session.WorkingDirectory, Path.GetDirectoryName(result.Folder)!)}");
        return ExitCodes.Success;
    }
}
