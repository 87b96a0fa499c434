using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Commands;

[Command(
    "bundle",
    Description = "List, inspect, build and pull toolchain bundles (pinned sets of toolchain images).",
    ExtendedHelpText = """

A bundle names exact tool versions and the images that hold them; components choose one in
wasmc.toml. Bundle definitions ship with wasmc (override their folder with WASMC_CONTAINERS_DIR).

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle show wasi-p2-2025.1 --json
  dotnet wasmc bundle build --all
""")]
[Subcommand(typeof(BundleListCommand), typeof(BundleShowCommand), typeof(BundleBuildCommand), typeof(BundlePullCommand))]
internal sealed class BundleCommand
{
    internal int OnExecute(CommandLineApplication app)
    {
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}

[Command("list", Description = "List the bundles wasmc knows, with their WASI level and toolchains.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle list --json
""")]
internal sealed class BundleListCommand
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute() => throw new NotImplementedException("the bundle catalog is not wired yet");
}

[Command("show", Description = "Show one bundle: tool versions, toolchain images and whether each image is present.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc bundle show wasi-p2-2025.1
  dotnet wasmc bundle show wasi-p2-2025.1 --json
""")]
internal sealed class BundleShowCommand
{
    [Argument(0, "name", "The bundle name (see 'dotnet wasmc bundle list').")]
    public string? Name { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the bundle as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute() => throw new NotImplementedException("the bundle catalog is not wired yet");
}

[Command("build", Description = "Build a bundle's toolchain images locally from the Dockerfiles that ship with wasmc.",
    ExtendedHelpText = """

Needs a running Docker engine (exit code 3 when it cannot be reached).

Examples:
  dotnet wasmc bundle build wasi-p2-2025.1
  dotnet wasmc bundle build --all
""")]
internal sealed class BundleBuildCommand
{
    [Argument(0, "name", "The bundle to build (or --all).")]
    public string? Name { get; set; }

    [Option("--all", CommandOptionType.NoValue, Description = "Build the images of every bundle.")]
    public bool All { get; set; }

    internal int OnExecute() => throw new NotImplementedException("bundle images are not wired yet");
}

[Command("pull", Description = "Pull a bundle's toolchain images from their registry.",
    ExtendedHelpText = """

Needs a running Docker engine that can reach the registry (exit code 3 otherwise).

Examples:
  dotnet wasmc bundle pull wasi-p2-2025.1
""")]
internal sealed class BundlePullCommand
{
    [Argument(0, "name", "The bundle to pull.")]
    public string? Name { get; set; }

    internal int OnExecute() => throw new NotImplementedException("bundle images are not wired yet");
}
