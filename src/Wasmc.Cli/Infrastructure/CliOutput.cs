using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// Where commands write: human output through Spectre.Console (ANSI only on a colour terminal),
/// JSON documents with stable camelCase names, and <c>error:</c>/<c>warning:</c> lines on stderr.
/// </summary>
internal sealed class CliOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly CliEnvironment environment;
    private readonly CliSession session;

    public CliOutput(CliEnvironment environment, CliSession session)
    {
        this.environment = environment;
        this.session = session;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Out),
            Ansi = environment.UseAnsi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = environment.UseAnsi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = environment.OutputIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        Console.Profile.Width = environment.Width ?? 120;
    }

    /// <summary>Human output (tables, trees, progress).</summary>
    public IAnsiConsole Console { get; }

    public bool IsTerminal => environment.OutputIsTerminal;

    public void Line(string text = "")
    {
        if (session.VerbosityOrNormal != Verbosity.Quiet || text.Length == 0)
        {
            environment.Out.WriteLine(text);
        }
    }

    /// <summary>A line shown at <c>-v detailed</c> and above.</summary>
    public void Detail(string text)
    {
        if (session.VerbosityOrNormal >= Verbosity.Detailed)
        {
            environment.Out.WriteLine(text);
        }
    }

    /// <summary>Writes pre-formatted text (several lines, ending with a newline) as it is.</summary>
    public void Text(string text)
    {
        if (session.VerbosityOrNormal != Verbosity.Quiet)
        {
            environment.Out.Write(text);
        }
    }

    public void Json<T>(T document)
    {
        environment.Out.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }

    public void Error(string message) => environment.Error.WriteLine($"error: {message}");

    public void Warning(string message) => environment.Error.WriteLine($"warning: {message}");

    /// <summary>A line that is already fully formatted (a located diagnostic, a hint).</summary>
    public void ErrorLine(string text) => environment.Error.WriteLine(text);
}
