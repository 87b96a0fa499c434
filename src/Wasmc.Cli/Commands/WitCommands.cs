using McMaster.Extensions.CommandLineUtils;
using Wasmc.Cli.Infrastructure;
using Wasmc.Wit;

namespace Wasmc.Cli.Commands;

[Command(
    "wit",
    Description = "Check, print and inspect WIT packages.",
    ExtendedHelpText = """

PATH is a .wit file or a folder of .wit files with an optional deps/ folder. Without PATH,
the 'wit' folder of the current directory is used if there is one, else the current directory.
WASI 0.2.12 packages missing from deps/ resolve against the copy that ships with wasmc
('wit deps' shows which); a package in deps/ wins. --features/--all-features keep
@unstable items, as wasm-tools does.

Examples:
  dotnet wasmc wit check                 Check ./wit
  dotnet wasmc wit print calc/wit        Print the package in canonical form
  dotnet wasmc wit json calc/wit > calc.json
  dotnet wasmc wit check --features tls,ipv6 calc/wit
""")]
[Subcommand(typeof(WitCheckCommand), typeof(WitPrintCommand), typeof(WitJsonCommand), typeof(WitDepsCommand))]
internal sealed class WitCommand
{
    internal int OnExecute(CommandLineApplication app)
    {
        app.ShowHelp();
        return ExitCodes.BadInput;
    }
}

/// <summary>The PATH argument shared by the <c>wit</c> verbs.</summary>
internal abstract class WitPathCommand(CliSession session)
{
    [Argument(0, "path", "A .wit file or a folder of .wit files (default: ./wit, else .).")]
    public string? PathArgument { get; set; }

    [Option("--features <NAMES>", Description = "Keep @unstable items gated on these features (comma-separated).")]
    public string[] Features { get; set; } = [];

    [Option("--all-features", CommandOptionType.NoValue, Description = "Keep every @unstable item.")]
    public bool AllFeatures { get; set; }

    protected LoadedPackage Load()
    {
        var path = ResolvePath();
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new BadInputException($"no such file or folder: {path}");
        }

        return WitLoader.Load(path, new WitLoadOptions
        {
            Features = Features.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal),
            AllFeatures = AllFeatures,
        });
    }

    protected string ResolvePath()
    {
        if (PathArgument is { Length: > 0 } given)
        {
            return session.ResolvePath(given);
        }

        var witFolder = session.ResolvePath("wit");
        return Directory.Exists(witFolder) ? witFolder : session.WorkingDirectory;
    }
}

[Command("check", Description = "Parse and resolve a WIT package; report the first error with file:line:col.",
    ExtendedHelpText = """

Exit code 0 when the package is valid, 2 when it is not.

Examples:
  dotnet wasmc wit check
  dotnet wasmc wit check calc/wit/world.wit
""")]
internal sealed class WitCheckCommand(CliSession session, CliOutput output) : WitPathCommand(session)
{
    internal int OnExecute()
    {
        var loaded = Load();
        var package = loaded.Package;
        output.Line($"ok: {package.Name} ({Count(package.Interfaces.Count, "interface")}, {Count(package.Worlds.Count, "world")})");
        return ExitCodes.Success;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

[Command("print", Description = "Print a WIT package in canonical form (like 'wasm-tools component wit').",
    ExtendedHelpText = """

Examples:
  dotnet wasmc wit print
  dotnet wasmc wit print calc/wit
""")]
internal sealed class WitPrintCommand(CliSession session, CliOutput output) : WitPathCommand(session)
{
    internal int OnExecute()
    {
        var loaded = Load();
        output.Console.Profile.Out.Writer.Write(WitPrinter.Print(loaded.Resolve, loaded.PackageId));
        return ExitCodes.Success;
    }
}

[Command("json", Description = "Print the resolved WIT package and its dependencies as JSON (the wit-parser Resolve shape).",
    ExtendedHelpText = """

Examples:
  dotnet wasmc wit json calc/wit > calc.json
""")]
internal sealed class WitJsonCommand(CliSession session, CliOutput output) : WitPathCommand(session)
{
    internal int OnExecute()
    {
        var loaded = Load();
        output.Console.Profile.Out.Writer.WriteLine(WitJson.Write(loaded.Resolve).TrimEnd());
        return ExitCodes.Success;
    }
}

[Command("deps", Description = "List the packages a WIT package depends on, and where each was found.",
    ExtendedHelpText = """

A package found in deps/ shows its files; one taken from the WASI WIT that ships with wasmc
shows '(shipped with wasmc) wasi-0.2.12/...'.

Examples:
  dotnet wasmc wit deps
  dotnet wasmc wit deps calc/wit --json
""")]
internal sealed class WitDepsCommand(CliSession session, CliOutput output) : WitPathCommand(session)
{
    [Option("--json", CommandOptionType.NoValue, Description = "Print the list as JSON.")]
    public bool Json { get; set; }

    internal int OnExecute()
    {
        var loaded = Load();
        var dependencies = loaded.Resolve.Packages
            .Where(package => package.Id != loaded.PackageId)
            .Select(package => new WitDependencyRow(package.Name.ToString(), package.SourcePaths))
            .ToList();

        if (Json)
        {
            output.Json(new { package = loaded.Package.Name.ToString(), dependencies });
            return ExitCodes.Success;
        }

        if (dependencies.Count == 0)
        {
            output.Line($"{loaded.Package.Name} has no dependencies.");
            return ExitCodes.Success;
        }

        foreach (var dependency in dependencies)
        {
            output.Line($"{dependency.Package}  {string.Join(", ", dependency.Sources)}");
        }

        return ExitCodes.Success;
    }
}

/// <summary>One row of <c>wit deps --json</c>.</summary>
internal sealed record WitDependencyRow(string Package, IReadOnlyList<string> Sources);
