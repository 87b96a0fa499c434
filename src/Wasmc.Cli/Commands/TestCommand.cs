using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;

namespace Wasmc.Cli.Commands;

[Command(
    "test",
    Description = "Build components and run their tests by calling their exports.",
    ExtendedHelpText = """

Tests are declared per component in wasmc.toml: each one calls an export with WAVE-encoded
arguments and compares the result. A failing test makes the exit code 1.

Examples:
  dotnet wasmc test                              Test every component
  dotnet wasmc test calc                         Test one component
  dotnet wasmc test --report junit=results.xml   Also write a JUnit XML report
  dotnet wasmc test --json                       Print the results as JSON
""")]
internal sealed class TestCommand(WorkspaceService workspace, PluginCatalogProvider plugins, ITestService tests, CliOutput output, CliSession session)
{
    [Argument(0, "components", "Names of the components to test (default: all of them).")]
    public string[] Components { get; set; } = [];

    [Option("--report <REPORT>", Description = "Write a report; only 'junit=PATH' is supported.")]
    public string? Report { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the results as JSON instead of a table.")]
    public bool Json { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var junitPath = ParseReport(Report);
        var manifest = await workspace.LoadValidatedAsync(plugins);
        var results = await tests.TestAsync(
            new TestInvocation(manifest.ManifestPath, Components, junitPath), session.Cancellation);

        if (Json)
        {
            output.Json(new
            {
                passed = results.Count(r => r.Passed),
                failed = results.Count(r => !r.Passed),
                tests = results,
            });
        }
        else
        {
            foreach (var result in results)
            {
                output.Line($"{(result.Passed ? "PASS" : "FAIL")} {result.Component} {result.Name}{(result.Message is null ? "" : $": {result.Message}")}");
            }

            output.Line($"{results.Count(r => r.Passed)} passed, {results.Count(r => !r.Passed)} failed");
        }

        return results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.Failure;
    }

    private string? ParseReport(string? report)
    {
        if (report is null)
        {
            return null;
        }

        const string prefix = "junit=";
        if (!report.StartsWith(prefix, StringComparison.Ordinal) || report.Length == prefix.Length)
        {
            throw new BadInputException($"invalid value '{report}' for --report: expected 'junit=PATH'");
        }

        return session.ResolvePath(report[prefix.Length..]);
    }
}
