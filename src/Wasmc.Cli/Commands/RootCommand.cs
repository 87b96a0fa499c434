using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Commands;

[Command(
    Name = "dotnet wasmc",
    FullName = "wasmc",
    Description = "Build WebAssembly components from Rust, C/C++, Go and JavaScript in pinned toolchain containers, and test them by calling their exports.",
    ExtendedHelpText = """

Examples:
  dotnet wasmc new rust calc          Create a Rust component 'calc' and add it to wasmc.toml
  dotnet wasmc build                  Build every component of the workspace
  dotnet wasmc test --report junit=test-results.xml
  dotnet wasmc doctor                 Check Docker, images and the .NET SDK

Exit codes: 0 success, 1 build or test failure, 2 bad input or usage, 3 environment problem.
Documentation: docs/cli.md
""")]
[Subcommand(
    typeof(NewCommand),
    typeof(BuildCommand),
    typeof(TestCommand),
    typeof(RunCommand),
    typeof(BundleCommand),
    typeof(PluginsCommand),
    typeof(WitCommand),
    typeof(DoctorCommand),
    typeof(DevContainerCommand))]
internal sealed class RootCommand
{
    [Option("--version", CommandOptionType.NoValue, Description = "Show the version (informational version) and exit.")]
    public bool Version { get; set; }

    internal int OnExecute(CommandLineApplication app)
    {
        if (Version)
        {
            app.Out.WriteLine(CompositionRoot.InformationalVersion());
            return ExitCodes.Success;
        }

        // No verb is a usage mistake: show what there is, and say so in the exit code.
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}
