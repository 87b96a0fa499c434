using McMaster.Extensions.CommandLineUtils;

namespace Wasmc.Cli.Infrastructure;

/// <summary>McMaster's view of the console, backed by the <see cref="CliEnvironment"/> streams (help, version and parse errors go there).</summary>
internal sealed class McMasterConsole(CliEnvironment environment) : IConsole
{
    private readonly TextWriter output = new WithoutParseHint(environment.Out);

    public TextWriter Out => output;

    public TextWriter Error => environment.Error;

    public TextReader In => TextReader.Null;

    public bool IsInputRedirected => true;

    public bool IsOutputRedirected => !environment.OutputIsTerminal;

    public bool IsErrorRedirected => !environment.OutputIsTerminal;

    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    // Ctrl-C is handled once, by Program, through CliSession's cancellation token.
    public event ConsoleCancelEventHandler? CancelKeyPress
    {
        add { }
        remove { }
    }

    public void ResetColor()
    {
    }
}

/// <summary>
/// McMaster prints "Specify --help for a list of available options and commands." on stdout just
/// before it throws a parse error. Errors and hints belong on stderr, after the error line, so that
/// line is dropped here and <see cref="ErrorReporter"/> prints its own hint.
/// </summary>
internal sealed class WithoutParseHint(TextWriter inner) : TextWriter
{
    private const string ParseHintStart = "Specify --help for a list of available options";

    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value)
    {
        if (value is not null && value.StartsWith(ParseHintStart, StringComparison.Ordinal))
        {
            return;
        }

        inner.WriteLine(value);
    }

    public override void Flush() => inner.Flush();
}
