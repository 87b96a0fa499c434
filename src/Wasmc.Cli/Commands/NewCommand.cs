using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;

namespace Wasmc.Cli.Commands;

[Command(
    "new",
    Description = "Create a new component from a language template and add it to wasmc.toml.",
    ExtendedHelpText = """

The component is written to DIR (default: ./NAME); wasmc.toml is created in the current folder
when there is no workspace yet, or extended when there is one. Existing files are never overwritten.

The bundle must build the language and claim the WASI level ('dotnet wasmc bundle list' shows
which do); otherwise nothing is written and the exit code is 2.

Examples:
  dotnet wasmc new rust calc
  dotnet wasmc new c mathlib --dir libs/mathlib --bundle trixie-2026.11.2
  dotnet wasmc new go adder --bundle sid-2026.11.2
  dotnet wasmc new rust hello --template command
  dotnet wasmc new rust web --template http
""")]
internal sealed class NewCommand(ComponentScaffolder scaffolder, CliOutput output, CliSession session)
{
    [Argument(0, "language", "Language of the component: rust, c, cpp, go, js, or a plugin's language (see 'dotnet wasmc plugins list').")]
    public string? Language { get; set; }

    [Argument(1, "name", "Component name, kebab-case (e.g. 'calc', 'http-handler').")]
    public string? Name { get; set; }

    [Option("--template <TEMPLATE>", Description = "Template to start from: 'library' (default), 'command' (exports wasi:cli/run; rust, c, cpp, go; WASI preview2), or 'http' (exports wasi:http/incoming-handler; rust; WASI preview2).")]
    public string? Template { get; set; }

    [Option("--bundle <BUNDLE>", Description = "Bundle to build the component with (default: the workspace's default bundle).")]
    public string? Bundle { get; set; }

    [Option("--wasi <LEVEL>", Description = "WASI level: preview2 (default), or preview3 where a bundle claims it.")]
    public string Wasi { get; set; } = "preview2";

    [Option("--dir <DIR>", Description = "Folder for the component (default: ./NAME).")]
    public string? Directory { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        if (Language is null || Name is null)
        {
            throw new BadInputException("'new' needs a language and a component name, e.g. 'dotnet wasmc new rust calc'");
        }

        var result = await scaffolder.CreateAsync(
            new NewComponentRequest(Language, Name, Template, Bundle, WasiNames.Parse(Wasi), Directory));

        var folder = Path.GetRelativePath(session.WorkingDirectory, result.ComponentDirectory);
        output.Line($"Created {Language} component '{Name}' in {folder}{Path.DirectorySeparatorChar}");
        foreach (var file in result.Files)
        {
            output.Detail($"  {file}");
        }

        var manifest = Path.GetRelativePath(session.WorkingDirectory, result.ManifestPath);
        output.Line(result.CreatedWorkspace ? $"Created {manifest}" : $"Added '{Name}' to {manifest}");
        output.Line($"Next: dotnet wasmc build {Name}");
        return ExitCodes.Success;
    }
}
