using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;

namespace Wasmc.Cli.Commands;

[Command(
    "build",
    Description = "Build components of the workspace inside their bundles' toolchain images.",
    ExtendedHelpText = """

Components are built with the bundle each one names in wasmc.toml; outputs go to the workspace's
'target/wasmc/<profile>/' folder. Unchanged components are not rebuilt unless --force is given.

Examples:
  dotnet wasmc build                   Build every component (debug profile)
  dotnet wasmc build calc greeter      Build two components
  dotnet wasmc build --profile release -j 4
  dotnet wasmc build --json            Print the results as JSON
""")]
internal sealed class BuildCommand(WorkspaceService workspace, PluginCatalogProvider plugins, IBuildService builds, CliOutput output, CliSession session)
{
    [Argument(0, "components", "Names of the components to build (default: all of them).")]
    public string[] Components { get; set; } = [];

    [Option("--profile <PROFILE>", Description = "Build profile from wasmc.toml: debug (default), release, or a custom one.")]
    public string? Profile { get; set; }

    [Option("-j|--jobs <N>", Description = "How many components to build at once (default: the number of processors).")]
    public string? Jobs { get; set; }

    [Option("--force", CommandOptionType.NoValue, Description = "Rebuild even when the outputs are up to date.")]
    public bool Force { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the results as JSON instead of a table.")]
    public bool Json { get; set; }

    [Option("--no-wait", CommandOptionType.NoValue, Description = "Fail (exit code 3) instead of waiting when another build runs in this workspace.")]
    public bool NoWait { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var jobs = ParseJobs(Jobs);
        var manifest = await workspace.LoadValidatedAsync(plugins);
        // Without --profile, the manifest's [workspace] default-profile applies (itself "debug" by default).
        var results = await builds.BuildAsync(
            new BuildInvocation(manifest, Components, Profile, jobs, Force) { Json = Json, NoWait = NoWait }, session.Cancellation);

        if (Json)
        {
            output.Json(new { components = results });
        }
        else
        {
            // Each component's line was printed as it finished; this is the tally.
            output.Line(string.Join(", ", results.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}")) is { Length: > 0 } tally
                ? tally
                : "no components to build");
        }

        // A component whose own files are invalid (a located Cargo.toml or WIT error) is bad input, like an invalid
        // wasmc.toml: exit code 2 ranks above the other failures.
        return results.Any(r => r.InvalidInput) ? ExitCodes.BadInput
            : results.Any(r => r.Status == "failed") ? ExitCodes.Failure
            : ExitCodes.Success;
    }

    private static int ParseJobs(string? text)
    {
        if (text is null)
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var jobs) && jobs > 0
            ? jobs
            : throw new BadInputException($"invalid value '{text}' for --jobs: expected a whole number of at least 1");
    }
}
