using McMaster.Extensions.CommandLineUtils;
using Spectre.Console;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Cli.Commands;

[Command(
    "bundle",
    Description = "List, inspect, build and move toolchain bundles (pinned sets of toolchain images).",
    ExtendedHelpText = """

A bundle names exact tool versions and the images that hold them; components choose one in
wasmc.toml. Bundle definitions ship with wasmc (override their folder with WASMC_CONTAINERS_DIR).

Images move between machines as an archive file (save, load) or through an OCI registry (push,
pull); whatever comes in must carry the bundle's current definition hash.

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle show sid-2026.11 --json
  dotnet wasmc bundle build --all
  dotnet wasmc bundle save sid-2026.11 -o sid-2026.11.tar
""")]
[Subcommand(
    typeof(BundleListCommand),
    typeof(BundleShowCommand),
    typeof(BundleBuildCommand),
    typeof(BundleSaveCommand),
    typeof(BundleLoadCommand),
    typeof(BundlePushCommand),
    typeof(BundlePullCommand))]
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
internal sealed class BundleListCommand(ContainersLocator containers, CliOutput output)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute()
    {
        var bundles = containers.Catalog().Bundles.Select(BundleRow.From).ToList();
        if (Json)
        {
            output.Json(new { bundles });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("Name", "WASI", "Languages", "Toolchains", "Description");
        foreach (var bundle in bundles)
        {
            table.AddRow(
                Markup.Escape(bundle.Name),
                Markup.Escape(string.Join(", ", bundle.Wasi)),
                Markup.Escape(string.Join(", ", bundle.Languages)),
                Markup.Escape(string.Join(", ", bundle.Toolchains.Select(t => t.Name))),
                Markup.Escape(bundle.Description));
        }

        output.Console.Write(table);
        return ExitCodes.Success;
    }
}

[Command("show", Description = "Show one bundle: tool versions, toolchain images and whether each image is present.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc bundle show sid-2026.11
  dotnet wasmc bundle show sid-2026.11 --json
""")]
internal sealed class BundleShowCommand(ContainersLocator containers, CliOutput output)
{
    [Argument(0, "name", "The bundle name (see 'dotnet wasmc bundle list').")]
    public string? Name { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the bundle as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute()
    {
        var name = Name ?? throw new BadInputException("'bundle show' needs a bundle name (see 'dotnet wasmc bundle list')");
        var bundle = BundleRow.From(containers.Get(name));
        if (Json)
        {
            output.Json(bundle);
            return ExitCodes.Success;
        }

        output.Line($"{bundle.Name}: {bundle.Description}");
        output.Line($"WASI:      {string.Join(", ", bundle.Wasi)}");
        output.Line($"Languages: {string.Join(", ", bundle.Languages)}");
        output.Line($"Runner:    {bundle.Runner}");
        output.Line($"Base:      {bundle.Base}");
        output.Line();
        var tools = new Table().Border(TableBorder.Simple).AddColumns("Tool", "Version");
        foreach (var (tool, version) in bundle.Tools)
        {
            tools.AddRow(Markup.Escape(tool), Markup.Escape(version));
        }

        output.Console.Write(tools);
        var toolchains = new Table().Border(TableBorder.Simple).AddColumns("Toolchain", "Image", "Tools");
        foreach (var toolchain in bundle.Toolchains)
        {
            toolchains.AddRow(Markup.Escape(toolchain.Name), Markup.Escape(toolchain.Image), Markup.Escape(string.Join(", ", toolchain.Tools)));
        }

        output.Console.Write(toolchains);
        return ExitCodes.Success;
    }
}

/// <summary>A bundle in <c>bundle list --json</c> and <c>bundle show --json</c>; property names are part of the JSON contract.</summary>
internal sealed record BundleRow(
    string Name,
    string Description,
    IReadOnlyList<string> Wasi,
    IReadOnlyList<string> Languages,
    string Runner,
    string Base,
    IReadOnlyDictionary<string, string> Tools,
    IReadOnlyList<ToolchainRow> Toolchains)
{
    public static BundleRow From(Bundle bundle) => new(
        bundle.Name,
        bundle.Description,
        bundle.Wasi.Select(WasiLevels.Name).ToList(),
        bundle.Languages,
        bundle.Runner,
        bundle.Base,
        new SortedDictionary<string, string>(bundle.Tools.ToDictionary(), StringComparer.Ordinal),
        bundle.Toolchains.Select(t => new ToolchainRow(t.Name, t.ImageReference, t.Tools)).ToList());
}

/// <summary>One toolchain image of a bundle.</summary>
internal sealed record ToolchainRow(string Name, string Image, IReadOnlyList<string> Tools);

[Command("build", Description = "Build a bundle's toolchain images locally from the Dockerfiles that ship with wasmc.",
    ExtendedHelpText = """

An image of the bundle's current definition is kept, also when it was loaded or pulled (built on
another machine's base image); --force rebuilds it here. Needs a running Docker engine (exit code 3
when it cannot be reached).

Examples:
  dotnet wasmc bundle build sid-2026.11
  dotnet wasmc bundle build --all
  dotnet wasmc bundle build sid-2026.11 --force
""")]
internal sealed class BundleBuildCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle to build (or --all).")]
    public string? Name { get; set; }

    [Option("--all", CommandOptionType.NoValue, Description = "Build the images of every bundle.")]
    public bool All { get; set; }

    [Option("--force", CommandOptionType.NoValue, Description = "Rebuild every image without the layer cache, even those of the current definition.")]
    public bool Force { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        if (All == (Name is not null))
        {
            throw new BadInputException("'bundle build' needs either a bundle name or --all");
        }

        var bundles = All ? containers.Catalog().Bundles : [containers.Get(Name!)];
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var builder = new BundleImageBuilder(docker, containers.Catalog(), new BundleImageOptions { Force = Force });
        var progress = new Progress<BundleImageProgress>(p => output.Detail($"[{p.Bundle}/{p.Toolchain}] {p.Message}"));
        foreach (var bundle in bundles)
        {
            output.Line($"Building the images of bundle {bundle.Name}");
            IReadOnlyList<ToolchainBuildResult> results;
            try
            {
                results = await builder.BuildAsync(bundle, progress: progress, cancellationToken: session.Cancellation);
            }
            catch (BaseImageMissingException e)
            {
                throw new EnvironmentProblemException(e.Message, e);
            }
            catch (DockerApiException e) when (e is not DockerNotFoundException)
            {
                // The Dockerfile step failed: the image build failed, like a component build would.
                throw new FailureException($"building the images of bundle {bundle.Name} failed: {e.Message}");
            }

            foreach (var result in results)
            {
                output.Line(result.Built
                    ? $"  {result.Toolchain}: built {result.Reference} in {result.Duration.TotalSeconds:0.0} s"
                    : $"  {result.Toolchain}: {result.Reference} is up to date");
            }
        }

        return ExitCodes.Success;
    }
}
