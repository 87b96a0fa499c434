using McMaster.Extensions.CommandLineUtils;
using McMaster.Extensions.CommandLineUtils.HelpText;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// McMaster's help layout, with verbs in the order the root declares them (workflow order, not
/// alphabetical) and a footer that names nested verbs in full ('dotnet wasmc bundle [command] --help').
/// </summary>
internal sealed class HelpTextGenerator : DefaultHelpTextGenerator
{
    public HelpTextGenerator() => SortCommandsByName = false;

    protected override void GenerateCommands(
        CommandLineApplication application,
        TextWriter output,
        IReadOnlyList<CommandLineApplication> visibleCommands,
        int firstColumnWidth)
    {
        using var listing = new StringWriter();
        base.GenerateCommands(application, listing, visibleCommands, firstColumnWidth);
        output.Write(listing.ToString().Replace(
            $"Run '{application.Name} [command] --help'",
            $"Run '{ErrorReporter.FullCommandName(application)} [command] --help'",
            StringComparison.Ordinal));
    }

    protected override void GenerateFooter(CommandLineApplication application, TextWriter output)
    {
        if (string.IsNullOrEmpty(application.ExtendedHelpText))
        {
            return;
        }

        output.Write(application.ExtendedHelpText);
        if (!application.ExtendedHelpText.EndsWith('\n'))
        {
            output.WriteLine();
        }
    }
}
