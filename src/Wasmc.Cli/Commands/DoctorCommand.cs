using McMaster.Extensions.CommandLineUtils;

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
internal sealed class DoctorCommand
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the checks as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute() => throw new NotImplementedException("doctor checks are not wired yet");
}
