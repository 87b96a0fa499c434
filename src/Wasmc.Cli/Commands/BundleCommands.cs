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
    Description = "List, inspect, build and pull toolchain bundles (pinned sets of toolchain images).",
    ExtendedHelpText = """

A bundle names exact tool versions and the images that hold them; components choose one in
wasmc.toml. Bundle definitions ship with wasmc (override their folder with WASMC_CONTAINERS_DIR).

Examples:
  dotnet wasmc bundle list
  dotnet wasmc bundle show sid-2026.11.1 --json
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
  dotnet wasmc bundle show sid-2026.11.1
  dotnet wasmc bundle show trixie-2026.11.1 --json
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

Needs a running Docker engine (exit code 3 when it cannot be reached).

Examples:
  dotnet wasmc bundle build trixie-2026.11.1
  dotnet wasmc bundle build --all
""")]
internal sealed class BundleBuildCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle to build (or --all).")]
    public string? Name { get; set; }

    [Option("--all", CommandOptionType.NoValue, Description = "Build the images of every bundle.")]
    public bool All { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        if (All == (Name is not null))
        {
            throw new BadInputException("'bundle build' needs either a bundle name or --all");
        }

        var bundles = All ? containers.Catalog().Bundles : [containers.Get(Name!)];
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var builder = new BundleImageBuilder(docker, containers.Catalog());
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

[Command("pull", Description = "Pull a bundle's toolchain images from their registry.",
    ExtendedHelpText = """

Needs a running Docker engine that can reach the registry (exit code 3 otherwise).

Examples:
  dotnet wasmc bundle pull sid-2026.11.1
""")]
internal sealed class BundlePullCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Argument(0, "name", "The bundle to pull.")]
    public string? Name { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var bundle = containers.Get(Name ?? throw new BadInputException("'bundle pull' needs a bundle name (see 'dotnet wasmc bundle list')"));
        using var docker = await DockerClientFactory.ConnectAsync(cancellationToken: session.Cancellation);
        var builder = new BundleImageBuilder(docker, containers.Catalog());
        var progress = new Progress<BundleImageProgress>(p => output.Detail($"[{p.Bundle}/{p.Toolchain}] {p.Message}"));
        var result = await builder.PullAsync(bundle, progress, session.Cancellation);
        foreach (var reference in result.Pulled)
        {
            output.Line($"pulled {reference}");
        }

        // Images that cannot be had are an environment problem: the message says how to build them instead.
        return result.Succeeded ? ExitCodes.Success : throw new EnvironmentProblemException(result.Message);
    }
}
