namespace Wasmc.Cli.Infrastructure;

/// <summary>How much the CLI prints (<c>-v|--verbosity</c>).</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Detailed,
    Diagnostic,
}

internal static class VerbosityNames
{
    public static readonly IReadOnlyList<string> All = ["quiet", "normal", "detailed", "diagnostic"];

    public static Verbosity Parse(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" => Verbosity.Normal,
        "q" or "quiet" => Verbosity.Quiet,
        "n" or "normal" => Verbosity.Normal,
        "d" or "detailed" => Verbosity.Detailed,
        "diag" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new BadInputException(
            $"invalid verbosity '{text}': expected one of {string.Join(", ", All)}"),
    };
}
