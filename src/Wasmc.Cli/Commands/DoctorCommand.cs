using McMaster.Extensions.CommandLineUtils;
using Spectre.Console;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.Doctor;

namespace Wasmc.Cli.Commands;

[Command(
    "doctor",
    Description = "Check that this machine can build components: Docker, bundle images, the .NET SDK; suggest fixes.",
    ExtendedHelpText = """

Exit code 0 when every check passes, 3 when one of them finds an environment problem.

Examples:
  dotnet wasmc doctor
  dotnet wasmc doctor --json
""")]
internal sealed class DoctorCommand(ContainersLocator containers, CliOutput output, CliSession session)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the checks as JSON.")]
    public bool Json { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var report = await WasmcDoctor.RunAsync(new DoctorOptions { Catalog = containers.Catalog() }, session.Cancellation);
        var checks = report.Checks.Select(c => new DoctorCheckRow(c.Name, StatusName(c.Status), c.Detail, c.Fix)).ToList();
        if (Json)
        {
            output.Json(new { overall = StatusName(report.Overall), checks });
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("Check", "Status", "Detail");
            foreach (var check in checks)
            {
                table.AddRow(Markup.Escape(check.Name), Markup.Escape(check.Status), Markup.Escape(check.Detail));
            }

            output.Console.Write(table);
            foreach (var check in checks.Where(c => c.Fix is not null))
            {
                output.Line($"{check.Name} ({check.Status}): {check.Fix}");
            }
        }

        return report.HasFailures ? ExitCodes.Environment : ExitCodes.Success;
    }

    private static string StatusName(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "ok",
        DoctorStatus.Warn => "warn",
        _ => "fail",
    };
}

/// <summary>One check in <c>doctor --json</c>; property names are part of the JSON contract.</summary>
internal sealed record DoctorCheckRow(string Name, string Status, string Detail, string? Fix);
