using McMaster.Extensions.CommandLineUtils;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Docker;
using Wasmc.Wit;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// The one place where an exception becomes stderr output and an exit code. Located errors print
/// <c>file:line:col: error: ...</c>; stack traces only at <c>-v diagnostic</c>.
/// </summary>
internal sealed class ErrorReporter(CliOutput output, CliSession session)
{
    public int Report(Exception exception)
    {
        var exitCode = Describe(exception);
        if (session.VerbosityOrNormal >= Verbosity.Diagnostic)
        {
            output.ErrorLine(exception.ToString());
        }

        return exitCode;
    }

    private int Describe(Exception exception)
    {
        switch (exception)
        {
            case UnrecognizedCommandParsingException unknown:
                output.Error(unknown.Message);
                WriteSuggestions(unknown);

                WriteHelpHint(unknown.Command);
                return ExitCodes.BadInput;

            case CommandParsingException parsing:
                output.Error(parsing.Message);
                WriteHelpHint(parsing.Command);
                return ExitCodes.BadInput;

            case DiagnosticsException diagnostics:
                foreach (var line in diagnostics.Details)
                {
                    output.ErrorLine(line);
                }

                output.Error(diagnostics.Message);
                return diagnostics.ExitCode;

            case CliException cli:
                output.Error(cli.Message);
                foreach (var line in cli.Details)
                {
                    output.ErrorLine(line);
                }

                return cli.ExitCode;

            case WitException wit:
                output.ErrorLine(wit.Span is { } span ? $"{span}: error: {wit.Reason}" : $"error: {wit.Reason}");
                return ExitCodes.BadInput;

            // A link where wasmc writes or mounts, a source link out of the workspace: the workspace is wrong.
            case BuildInputException input:
                foreach (var line in input.Diagnostics)
                {
                    output.ErrorLine(line);
                }

                output.Error(input.Message);
                return ExitCodes.BadInput;

            case WorkspaceBusyException:
                output.Error(exception.Message);
                return ExitCodes.Environment;

            case UnsafePathException { Location: { } location } located:
                output.ErrorLine($"{location}: error: {located.Message}");
                return ExitCodes.BadInput;

            case UnsafePathException:
                output.Error(exception.Message);
                return ExitCodes.BadInput;

            // Every Docker problem (unreachable, refused, misconfigured endpoint, engine error) is the environment's.
            case DockerException:
                output.Error(exception.Message);
                return ExitCodes.Environment;

            case OperationCanceledException:
                output.Error(StopSignals.ExitCode switch
                {
                    ExitCodes.Terminated => "canceled (SIGTERM)",
                    ExitCodes.HungUp => "canceled (SIGHUP)",
                    _ => "canceled",
                });
                return StopSignals.ExitCode;

            case NotImplementedException:
                output.Error("this part of wasmc is not implemented yet" +
                    (exception.Message.Length > 0 && exception is not { Message: "The method or operation is not implemented." }
                        ? $": {exception.Message}"
                        : "."));
                return ExitCodes.Failure;

            default:
                output.Error($"{exception.Message} ({exception.GetType().Name})");
                if (session.VerbosityOrNormal < Verbosity.Diagnostic)
                {
                    output.ErrorLine("Run again with '-v diagnostic' to see where it happened, and please report it.");
                }

                return ExitCodes.Failure;
        }
    }

    private void WriteSuggestions(UnrecognizedCommandParsingException unknown)
    {
        // McMaster suggests option names without their dashes.
        var isOption = unknown.Message.StartsWith("Unrecognized option", StringComparison.Ordinal);
        var matches = unknown.NearestMatches.Take(3).Select(match => isOption ? $"'--{match}'" : $"'{match}'").ToList();
        if (matches.Count == 1)
        {
            output.ErrorLine($"Did you mean {matches[0]}?");
        }
        else if (matches.Count > 1)
        {
            output.ErrorLine($"Did you mean one of these? {string.Join(", ", matches)}");
        }
    }

    private void WriteHelpHint(CommandLineApplication? command)
    {
        var name = command is null ? "dotnet wasmc" : FullCommandName(command);
        output.ErrorLine($"Run '{name} --help' for usage.");
    }

    internal static string FullCommandName(CommandLineApplication command)
    {
        var names = new Stack<string>();
        for (var current = command; current is not null; current = current.Parent)
        {
            if (current.Name is { Length: > 0 } name)
            {
                names.Push(name);
            }
        }

        return string.Join(' ', names);
    }
}
