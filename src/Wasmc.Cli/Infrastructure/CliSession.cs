using McMaster.Extensions.CommandLineUtils;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// One invocation of the tool: the global options (read after parsing), the working directory and
/// the cancellation token that Ctrl-C trips. Commands take it from DI.
/// </summary>
internal sealed class CliSession(CliEnvironment environment, CancellationToken cancellation)
{
    private CommandOption? verbosityOption;
    private CommandOption? workspaceOption;

    public CliEnvironment Environment => environment;

    public CancellationToken Cancellation => cancellation;

    public string WorkingDirectory => environment.WorkingDirectory;

    public Verbosity Verbosity => VerbosityNames.Parse(verbosityOption?.Value());

    /// <summary>The <c>--workspace</c> folder as given (absolute), or null to walk up from the working directory.</summary>
    public string? WorkspaceOverride =>
        workspaceOption?.Value() is { Length: > 0 } dir ? ResolvePath(dir) : null;

    /// <summary>Verbosity that never throws: error reporting must work even when <c>-v</c> itself is bad.</summary>
    public Verbosity VerbosityOrNormal
    {
        get
        {
            try
            {
                return Verbosity;
            }
            catch (BadInputException)
            {
                return Verbosity.Normal;
            }
        }
    }

    public string ResolvePath(string path) => Path.GetFullPath(path, environment.WorkingDirectory);

    internal void BindGlobalOptions(CommandOption verbosity, CommandOption workspace)
    {
        verbosityOption = verbosity;
        workspaceOption = workspace;
    }
}
