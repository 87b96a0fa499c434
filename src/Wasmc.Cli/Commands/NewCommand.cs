using McMaster.Extensions.CommandLineUtils;

namespace Wasmc.Cli.Commands;

[Command(
    "new",
    Description = "Create a new component from a language template and add it to wasmc.toml.",
    ExtendedHelpText = """

The component is written to DIR (default: ./NAME); wasmc.toml is created in the current folder
when there is no workspace yet, or extended when there is one. Existing files are never overwritten.

Examples:
  dotnet wasmc new rust calc
  dotnet wasmc new js greeter --template command --wasi preview3
  dotnet wasmc new cpp mathlib --dir libs/mathlib --bundle wasi-p2-2025.1
""")]
internal sealed class NewCommand
{
    [Argument(0, "language", "Language of the component: rust, cpp, go, js, or a plugin's language (see 'dotnet wasmc plugins list').")]
    public string? Language { get; set; }

    [Argument(1, "name", "Component name, kebab-case (e.g. 'calc', 'http-handler').")]
    public string? Name { get; set; }

    [Option("--template <TEMPLATE>", Description = "Template to start from (default: the language's first template, usually 'library').")]
    public string? Template { get; set; }

    [Option("--bundle <BUNDLE>", Description = "Bundle to build the component with (default: the workspace's default bundle).")]
    public string? Bundle { get; set; }

    [Option("--wasi <LEVEL>", Description = "WASI level: preview2 (default) or preview3.")]
    public string Wasi { get; set; } = "preview2";

    [Option("--dir <DIR>", Description = "Folder for the component (default: ./NAME).")]
    public string? Directory { get; set; }

    internal int OnExecute() => throw new NotImplementedException("scaffolding is not wired yet");
}
