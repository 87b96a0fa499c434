namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// A problem the CLI reports to the user and maps to an exit code. Commands throw these; only
/// <see cref="ErrorReporter"/> turns them into output and an exit code.
/// </summary>
internal abstract class CliException : Exception
{
    protected CliException(string message, IReadOnlyList<string>? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Details = details ?? [];
    }

    public abstract int ExitCode { get; }

    /// <summary>Further lines shown after the error (already formatted, e.g. located diagnostics).</summary>
    public IReadOnlyList<string> Details { get; }
}

/// <summary>Bad input or usage (exit 2).</summary>
internal sealed class BadInputException(string message, IReadOnlyList<string>? details = null, Exception? inner = null)
    : CliException(message, details, inner)
{
    public override int ExitCode => ExitCodes.BadInput;
}

/// <summary>
/// Input that failed validation with located diagnostics (exit 2). Each diagnostic is already in the
/// <c>file:line:col: error CODE: message</c> form, so it is printed as is.
/// </summary>
internal sealed class DiagnosticsException(string summary, IReadOnlyList<string> diagnostics)
    : CliException(summary, diagnostics)
{
    public override int ExitCode => ExitCodes.BadInput;
}

/// <summary>The environment is not ready (exit 3).</summary>
internal sealed class EnvironmentProblemException(string message, Exception? inner = null)
    : CliException(message, null, inner)
{
    public override int ExitCode => ExitCodes.Environment;
}

/// <summary>A build or test failed (exit 1); the failure itself was already reported.</summary>
internal sealed class FailureException(string message, IReadOnlyList<string>? details = null)
    : CliException(message, details)
{
    public override int ExitCode => ExitCodes.Failure;
}
