using System.Collections;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// Everything the CLI takes from its process: streams, working directory, environment variables and
/// what the terminal can do. Tests build one with string writers to run the whole app in-process.
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Variables,
    bool OutputIsTerminal,
    int? Width)
{
    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        var isTerminal = !Console.IsOutputRedirected;
        return new CliEnvironment(
            Console.Out,
            Console.Error,
            Directory.GetCurrentDirectory(),
            variables,
            isTerminal,
            isTerminal ? TryGetWindowWidth() : null);
    }

    public string? Variable(string name) =>
        Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Colours and other ANSI sequences only on a terminal, never when NO_COLOR is set (https://no-color.org).</summary>
    public bool UseAnsi => OutputIsTerminal && Variable("NO_COLOR") is null && Variable("TERM") != "dumb";

    private static int? TryGetWindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
