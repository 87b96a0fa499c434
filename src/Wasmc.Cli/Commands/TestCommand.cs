using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Core.Testing;

namespace Wasmc.Cli.Commands;

[Command(
    "test",
    Description = "Build components and run their tests by calling their exports.",
    ExtendedHelpText = """

Tests live in each component's tests/*.test.toml: a [[case]] calls an export with WAVE-encoded
arguments and compares the result as a typed value; a [[run]] runs a command component and checks
its output and exit code; a [[request]] sends an HTTP request to a wasi:http/incoming-handler
component and checks the response's status, headers and body. Cases are type-checked against the
WIT before anything runs (problems: exit code 2). A failing case makes the exit code 1. Cases run
in Wasmtime inside this process (compiled components are cached beside the build outputs); a trap,
a time-out or a limit fails only its case. --runner jco runs them with jco in the bundle's Node
image instead; [[request]] cases always run there. See docs/testing.md.

Examples:
  dotnet wasmc test                              Test every component
  dotnet wasmc test calc                         Test one component
  dotnet wasmc test --report junit=results.xml   Also write a JUnit XML report
  dotnet wasmc test --profile release            Test the release build
  dotnet wasmc test --json                       Print the results as JSON
  dotnet wasmc test --runner jco                 Run the cases with jco in Node instead of Wasmtime
""")]
internal sealed class TestCommand(WorkspaceService workspace, PluginCatalogProvider plugins, ITestService tests, CliOutput output, CliSession session)
{
    [Argument(0, "components", "Names of the components to test (default: all of them).")]
    public string[] Components { get; set; } = [];

    [Option("--profile <PROFILE>", Description = "Build profile whose components are tested: debug (default), release, or a custom one.")]
    public string? Profile { get; set; }

    [Option("--report <REPORT>", Description = "Write a report; only 'junit=PATH' is supported.")]
    public string? Report { get; set; }

    [Option("--json", CommandOptionType.NoValue, Description = "Print the results as JSON instead of a table.")]
    public bool Json { get; set; }

    [Option("--runner <RUNNER>", Description = "wasmtime (default: in this process) or jco (Node in the bundle's image), for every component.")]
    public string? Runner { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var junitPath = ParseReport(Report);
        if (Runner is not null and not ("wasmtime" or "jco"))
        {
            throw new BadInputException($"invalid value '{Runner}' for --runner: expected 'wasmtime' or 'jco'");
        }

        var manifest = await workspace.LoadValidatedAsync(plugins);
        var report = await tests.TestAsync(
            new TestInvocation(manifest, Components, Profile, junitPath) { Json = Json, Runner = Runner }, session.Cancellation);

        if (Json)
        {
            output.Json(TestReports.JsonModel(report));
        }
        else
        {
            foreach (var line in TestReports.Summary(report))
            {
                output.Line(line);
            }
        }

        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
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
