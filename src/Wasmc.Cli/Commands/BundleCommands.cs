using System.Text.Json.Nodes;
using McMaster.Extensions.CommandLineUtils;
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
  dotnet wasmc bundle show sid-2026.11.2 --json
  dotnet wasmc bundle build --all
  dotnet wasmc bundle save sid-2026.11.2 -o sid-2026.11.2.tar
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

[Command("list", Description = "List the bundles wasmc offers: WASI levels, languages, runner and key tool versions.",
    ExtendedHelpText = """

Retired bundles are named at the end with their successors. 'bundle show NAME' has the details.

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
        var catalog = containers.Catalog();
        if (Json)
        {
            var bundles = new JsonArray(catalog.Bundles.Select(b => (JsonNode?)BundleViews.ToJson(b)).ToArray());
            var retired = new JsonArray(catalog.Retired.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name,
                ["successor"] = r.Successor,
                ["reason"] = r.Reason,
            }).ToArray());
            output.Json(new JsonObject { ["bundles"] = bundles, ["retired"] = retired });
            return ExitCodes.Success;
        }

        output.Text(BundleViews.FormatList(catalog.Bundles, retired: catalog.Retired));
        return ExitCodes.Success;
    }
}

[Command("show", Description = "Show one bundle: tool versions, toolchain images, whether each image is present, and the Debian versions it installed.",
    ExtendedHelpText = """

Image states come from the Docker engine; without one they read "unknown".

Examples:
  dotnet wasmc bundle show sid-2026.11.2
  dotnet wasmc bundle show trixie-2026.11.2 --json
""")]
internal sealed class BundleShowCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle name (see 'dotnet wasmc bundle list').")]
    public string? Name { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the bundle as JSON.")]
    public bool Json { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var name = Name ?? throw new BadInputException("'bundle show' needs a bundle name (see 'dotnet wasmc bundle list')");
        var bundle = containers.Get(name);
        var statuses = await ImageStatusesAsync(bundle);
        if (Json)
        {
            output.Json(BundleViews.ToJson(bundle, statuses));
            return ExitCodes.Success;
        }

        output.Text(BundleViews.FormatShow(bundle, statuses));
        return ExitCodes.Success;
    }

    /// <summary>The images' states, or null when no engine answers within a few seconds (then the bundle is shown without them).</summary>
    private async Task<IReadOnlyList<ToolchainImageStatus>?> ImageStatusesAsync(Bundle bundle)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(session.Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: timeout.Token);
            return await new BundleImageBuilder(docker, containers.Catalog()).GetStatusAsync(bundle, timeout.Token);
        }
        catch (Exception e) when (e is DockerException || (e is OperationCanceledException && !session.Cancellation.IsCancellationRequested))
        {
            return null;
        }
    }
}

[Command("build", Description = "Build a bundle's toolchain images locally from the Dockerfiles that ship with wasmc.",
    ExtendedHelpText = """

An image of the bundle's current definition is kept, also when it was loaded or pulled (built on
another machine's base image); --force rebuilds it here. Needs a running Docker engine (exit code 3
when it cannot be reached).

Examples:
  dotnet wasmc bundle build trixie-2026.11.2
  dotnet wasmc bundle build --all
  dotnet wasmc bundle build sid-2026.11.2 --force
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

        var catalog = containers.CatalogForImageBuilds();
        var bundles = All ? catalog.Bundles : [containers.Get(Name!)];
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var builder = new BundleImageBuilder(docker, catalog, new BundleImageOptions { Force = Force });
        var progress = new Progress<BundleImageProgress>(p => output.Detail($"[{p.Bundle}/{p.Toolchain}] {p.Message}"));
        foreach (var bundle in bundles)
        {
            output.Line($"Building the images of bundle {bundle.Name}");
            IReadOnlyList<ToolchainBuildResult> results;
            try
            {
                results = await builder.BuildAsync(bundle, progress: progress, cancellationToken: session.Cancellation);
            }
            catch (Exception e) when (e is BaseImageMissingException or PinnedPackagesUnavailableException or DebianMirrorUnreachableException)
            {
                // The machine cannot make these images as the bundle defines them: an environment problem (exit 3).
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
