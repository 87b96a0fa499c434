using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Commands;

[Command(
    "plugins",
    Description = "Show the language plugins wasmc can use.",
    ExtendedHelpText = """

Built-in plugins cover rust, cpp, go and js; more can be added in wasmc.toml ([plugins]).

Examples:
  dotnet wasmc plugins list
""")]
[Subcommand(typeof(PluginsListCommand))]
internal sealed class PluginsCommand
{
    internal int OnExecute(CommandLineApplication app)
    {
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}

[Command("list", Description = "List the language plugins: language, name, version and where each comes from.",
    ExtendedHelpText = """

Plugins that fail to load are listed as warnings on stderr; the others still work.

Examples:
  dotnet wasmc plugins list
  dotnet wasmc plugins list --json
""")]
internal sealed class PluginsListCommand
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute() => throw new NotImplementedException("the plugin catalog is not wired yet");
}
