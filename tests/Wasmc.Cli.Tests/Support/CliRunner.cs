using Microsoft.Extensions.DependencyInjection;
using Wasmc.Cli;
using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Tests.Support;

/// <summary>What one in-process run of the tool printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The run as a snapshot: exit code, stdout and stderr, with run-specific text scrubbed.</summary>
    public string ToSnapshot(params (string Text, string Placeholder)[] scrubs)
    {
        var version = CompositionRoot.InformationalVersion();
        var text = $"exit code: {ExitCode}\n--- stdout ---\n{Out}--- stderr ---\n{Error}";

        // The tool's version changes with every release; snapshots keep its place, not its value.
        text = text.Replace($"\n{version}\n", "\n<version>\n", StringComparison.Ordinal)
            .Replace($"wasmc {version}\n", "wasmc <version>\n", StringComparison.Ordinal);
        foreach (var (value, placeholder) in scrubs)
        {
            text = text.Replace(value, placeholder, StringComparison.Ordinal);
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}

/// <summary>
/// Runs <c>dotnet wasmc</c> in-process through the real composition root, with captured streams,
/// a fixed console width, no terminal and no colour, and only the environment variables a test gives.
/// </summary>
internal static class CliRunner
{
    public const int ConsoleWidth = 100;

    public static CliResult Run(params string[] args) => RunIn(Directory.GetCurrentDirectory(), args);

    public static CliResult RunIn(string workingDirectory, params string[] args) =>
        RunWith(workingDirectory, new Dictionary<string, string>(), args);

    public static CliResult RunWith(string workingDirectory, IReadOnlyDictionary<string, string> variables, params string[] args) =>
        RunReplacing(workingDirectory, variables, null, args);

    /// <summary>Runs with some services replaced (fakes for the build and test seams, so no Docker is needed).</summary>
    public static CliResult RunReplacing(
        string workingDirectory,
        IReadOnlyDictionary<string, string> variables,
        Action<IServiceCollection>? replaceServices,
        params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(
            stdout,
            stderr,
            workingDirectory,
            WithDefaults(variables),
            OutputIsTerminal: false,
            Width: ConsoleWidth);

        var exitCode = CliHost.Run(args, environment, CancellationToken.None, replaceServices);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> variables)
    {
        var all = new Dictionary<string, string>(variables, StringComparer.Ordinal);
        if (!all.ContainsKey("WASMC_CONTAINERS_DIR") && RepoPaths.TryFindRepoRoot() is { } root)
        {
            all["WASMC_CONTAINERS_DIR"] = Path.Combine(root, "containers");
        }

        return all;
    }
}
