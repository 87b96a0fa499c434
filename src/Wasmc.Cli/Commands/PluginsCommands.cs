using McMaster.Extensions.CommandLineUtils;
using Spectre.Console;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;

namespace Wasmc.Cli.Commands;

[Command(
    "plugins",
    Description = "Show the language plugins wasmc can use.",
    ExtendedHelpText = """

Built-in plugins cover rust, c, cpp, go and js; more come from NuGet packages or folders declared
with [[plugins]] in wasmc.toml or in ~/.config/wasmc/config.toml.

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

Plugins that fail to load are reported as warnings on stderr; the others still work.

Examples:
  dotnet wasmc plugins list
  dotnet wasmc plugins list --json
""")]
internal sealed class PluginsListCommand(PluginCatalogProvider plugins, CliOutput output)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal async Task<int> OnExecuteAsync()
    {
        var catalog = await plugins.LoadAsync();
        var rows = catalog.Listings
            .Select(listing => new PluginRow(listing.LanguageId, listing.DisplayName, listing.Version, listing.Source, listing.Toolchains, listing.Templates))
            .ToList();

        if (Json)
        {
            output.Json(new { plugins = rows });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("Language", "Name", "Version", "Source", "Templates");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Language),
                Markup.Escape(row.Name),
                Markup.Escape(row.Version),
                Markup.Escape(row.Source),
                Markup.Escape(string.Join(", ", row.Templates)));
        }

        output.Console.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary>One plugin in <c>plugins list --json</c>; property names are part of the JSON contract.</summary>
internal sealed record PluginRow(
    string Language,
    string Name,
    string Version,
    string Source,
    IReadOnlyList<string> Toolchains,
    IReadOnlyList<string> Templates);
