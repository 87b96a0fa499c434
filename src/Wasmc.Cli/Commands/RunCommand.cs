using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Core.Components;

namespace Wasmc.Cli.Commands;

[Command(
    "run",
    Description = "Run a command component, or call one export of a library component (in Wasmtime, in this process).",
    AllowArgumentSeparator = true,
    ExtendedHelpText = """

COMPONENT is a component of the workspace (built first when it changed) or a path to a .wasm file.
A command component (one that exports wasi:cli/run) runs with this terminal's stdin, stdout and
stderr, the arguments after --, and only the directories and variables given: wasmc's exit code is
the component's. --invoke calls one export with WAVE arguments and prints the WAVE result, like
'wasmtime run --invoke'. Only WASI 0.2 is linked: another import is an error naming it, unless
--trap-unknown-imports links it to a function that traps when called. See docs/cli.md.

Examples:
  dotnet wasmc run greeter -- --name Ada         Run a command with arguments
  dotnet wasmc run greeter --dir data::/data --env LANG=C
  dotnet wasmc run calc --invoke 'add(1.0, 2.0)'
  dotnet wasmc run target/wasmc/debug/calc/calc.wasm --wit calc/wit --invoke 'add(1.0, 2.0)'
""")]
internal sealed class RunCommand(IRunService runs, CliSession session)
{
    [Argument(0, "component", "A component of the workspace, or a path to a .wasm file.")]
    public string? Component { get; set; }

    [Option("--invoke <CALL>", Description = "Call this export (WAVE, e.g. 'add(1.0, 2.0)') and print its result.")]
    public string? Invoke { get; set; }

    [Option("--dir <DIR>", Description = "HOST or HOST::GUEST: give the guest a host folder (writable) at GUEST (default: HOST as written). Repeatable.")]
    public string[] Directories { get; set; } = [];

    [Option("--env <VAR>", Description = "NAME=VALUE: set an environment variable for the guest (nothing else is visible). Repeatable.")]
    public string[] Environment { get; set; } = [];

    [Option("--profile <PROFILE>", Description = "Profile to build and run (default: the manifest's default-profile).")]
    public string? Profile { get; set; }

    [Option("--trap-unknown-imports", CommandOptionType.NoValue, Description = "Link imports that are not WASI to functions that trap when called.")]
    public bool TrapUnknownImports { get; set; }

    [Option("--wit <PATH>", Description = "For a .wasm file with --invoke: its WIT (file or folder).")]
    public string? Wit { get; set; }

    [Option("--world <WORLD>", Description = "For --wit: the world (default: the package's only world).")]
    public string? World { get; set; }

    /// <summary>The arguments after <c>--</c> (McMaster's convention fills this property).</summary>
    public string[] RemainingArguments { get; set; } = [];

    internal async Task<int> OnExecuteAsync()
    {
        if (Component is not { Length: > 0 } component)
        {
            throw new BadInputException("name a component of the workspace or a .wasm file: dotnet wasmc run COMPONENT [-- ARGS...]");
        }

        if (Invoke is not null && RemainingArguments.Length > 0)
        {
            throw new BadInputException("--invoke takes its arguments in the call ('f(1, 2)'), not after --");
        }

        return await runs.RunAsync(
            new RunInvocation(component, RemainingArguments)
            {
                Invoke = Invoke,
                Directories = [.. Directories.Select(ParseDirectory)],
                Environment = [.. Environment.Select(ParseVariable)],
                Profile = Profile,
                TrapUnknownImports = TrapUnknownImports,
                WitPath = Wit,
                World = World,
            },
            session.Cancellation);
    }

    private Preopen ParseDirectory(string text)
    {
        var separator = text.IndexOf("::", StringComparison.Ordinal);
        var host = separator < 0 ? text : text[..separator];
        var guest = separator < 0 ? text : text[(separator + 2)..];
        var full = session.ResolvePath(host);
        if (!Directory.Exists(full))
        {
            throw new BadInputException($"invalid value '{text}' for --dir: {full} is not a folder");
        }

        if (guest.Length == 0)
        {
            throw new BadInputException($"invalid value '{text}' for --dir: expected HOST or HOST::GUEST");
        }

        return new Preopen(full, guest, Writable: true);
    }

    private static KeyValuePair<string, string> ParseVariable(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new BadInputException($"invalid value '{text}' for --env: expected NAME=VALUE")
            : new KeyValuePair<string, string>(text[..equals], text[(equals + 1)..]);
    }
}
