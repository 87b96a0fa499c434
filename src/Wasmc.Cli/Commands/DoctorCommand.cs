using McMaster.Extensions.CommandLineUtils;
using Spectre.Console;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Doctor;

namespace Wasmc.Cli.Commands;

[Command(
    "doctor",
    Description = "Check that this machine can build components: Docker, where wasmc runs (host, dev container), bundle images; suggest fixes.",
    ExtendedHelpText = """

Reports where wasmc runs (a host, a dev container, another container, with the evidence), where the Docker
engine is (on this machine, outside this container through a mounted socket, or inside), how bind mounts
are translated to host paths, and where each bundle toolchain's steps run (here or in Docker; WASMC_RUNNER
overrides). Exit code 0 when every check passes, 3 when one of them finds an environment problem.

Examples:
  dotnet wasmc doctor
  dotnet wasmc doctor --json
""")]
internal sealed class DoctorCommand(ContainersLocator containers, WorkspaceService workspace, CliOutput output, CliSession session)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the checks as JSON.")]
    public bool Json { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        RunnerMode mode;
        try
        {
            mode = RunnerSelection.ParseMode(session.Environment.Variable(RunnerSelection.Variable));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message);
        }

        var manifest = workspace.FindManifest();
        var report = await WasmcDoctor.RunAsync(
            new DoctorOptions { Catalog = containers.Catalog(), Workspace = manifest is null ? null : Path.GetDirectoryName(Path.GetFullPath(manifest)), RunnerMode = mode },
            session.Cancellation);
        var checks = report.Checks.Select(c => new DoctorCheckRow(c.Name, StatusName(c.Status), c.Detail, c.Fix)).ToList();
        if (Json)
        {
            output.Json(new { overall = StatusName(report.Overall), environment = report.Workplace is { } place ? EnvironmentRow.From(place, report) : null, checks });
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

/// <summary>The <c>environment</c> object of <c>doctor --json</c>; property names are part of the JSON contract.</summary>
/// <param name="Kind"><c>host</c>, <c>dev-container</c> or <c>container</c>.</param>
/// <param name="Evidence">What gave the kind away.</param>
/// <param name="Engine"><c>none</c>, <c>local</c>, <c>outside</c> (docker-outside-of-docker) or <c>inside</c> (docker-in-docker or remote).</param>
/// <param name="EngineEndpoint">The engine's address, when one answered.</param>
/// <param name="ContainerId">This container's id, when the engine knows it.</param>
/// <param name="Mounts">This container's mounts (engine outside): container path and host path.</param>
/// <param name="LocalToolchains">Bundle toolchains this container holds (<c>bundle/toolchain@hash</c>).</param>
/// <param name="Runner">What <c>WASMC_RUNNER</c> asks for: <c>auto</c>, <c>docker</c> or <c>host</c>.</param>
/// <param name="Toolchains">Where each bundle toolchain runs.</param>
internal sealed record EnvironmentRow(
    string Kind,
    IReadOnlyList<string> Evidence,
    string Engine,
    string? EngineEndpoint,
    string? ContainerId,
    IReadOnlyList<MountRow> Mounts,
    IReadOnlyList<string> LocalToolchains,
    string Runner,
    IReadOnlyList<ToolchainRow> Toolchains)
{
    public static EnvironmentRow From(Workplace workplace, DoctorReport report) => new(
        workplace.Kind switch { WorkplaceKind.Host => "host", WorkplaceKind.DevContainer => "dev-container", _ => "container" },
        workplace.Evidence,
        workplace.Engine.ToString().ToLowerInvariant(),
        workplace.EngineEndpoint,
        workplace.ContainerId,
        [.. workplace.Mounts.Select(mount => new MountRow(mount.Type, mount.Destination, mount.Source, mount.ReadWrite))],
        [.. workplace.LocalToolchains.Select(toolchain => toolchain.ToString())],
        report.RunnerMode.ToString().ToLowerInvariant(),
        [.. report.Toolchains.Select(route => new ToolchainRow(route.Bundle, route.Toolchain, route.Image, route.Place == StepPlace.Here ? "here" : "docker"))]);
}

/// <summary>A mount of this container in <c>doctor --json</c>.</summary>
internal sealed record MountRow(string Type, string Destination, string Source, bool Writable);

/// <summary>Where one bundle toolchain runs in <c>doctor --json</c>: <c>here</c> or <c>docker</c>.</summary>
internal sealed record ToolchainRow(string Bundle, string Toolchain, string Image, string Runner);
