using System.Globalization;
using System.Text;

namespace Wasmc.Wit;

/// <summary>
/// A WIT syntax or resolution error. <see cref="Exception.Message"/> is
/// <c>file:line:col: reason</c> when the error has a location.
/// </summary>
public sealed class WitException : Exception
{
    public WitException(string reason, SourceSpan? span = null)
        : base(span is { } s ? $"{s}: {reason}" : reason)
    {
        Reason = reason;
        Span = span;
    }

    public WitException()
        : this("invalid WIT")
    {
    }

    public WitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public SourceSpan? Span { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>
    /// The error with a source snippet and a caret under the location, like wasm-tools prints it.
    /// Reads the source from <see cref="SourceSpan.File"/>; without a readable file (text given in
    /// memory, a deleted file) the snippet is left out.
    /// </summary>
    public string Render()
    {
        string? text = null;
        if (Span is { } span && File.Exists(span.File))
        {
            try
            {
                text = File.ReadAllText(span.File);
            }
            catch (IOException)
            {
                // The snippet is a courtesy; the location line alone still says where.
            }
        }

        return Render(text);
    }

    /// <summary>
    /// The error with a snippet of <paramref name="sourceText"/> (the text of <see cref="SourceSpan.File"/>):
    /// <code>
    /// error: expected ';', found '}'
    ///  --&gt; wit/world.wit:3:35
    ///   |
    /// 3 |   export add: func(a: f64) -> f64 }
    ///   |                                   ^
    /// </code>
    /// </summary>
    public string Render(string? sourceText)
    {
        var output = new StringBuilder().Append("error: ").Append(Reason);
        if (Span is not { } span)
        {
            return output.ToString();
        }

        var gutter = span.Line.ToString(CultureInfo.InvariantCulture);
        var pad = new string(' ', gutter.Length);
        output.Append('\n').Append(pad).Append("--> ").Append(span.ToString());
        if (sourceText is null || SourceLine(sourceText, span.Line) is not { } line)
        {
            return output.ToString();
        }

        var column = Math.Clamp(span.Column - 1, 0, line.Length);
        var carets = Math.Max(1, Math.Min(span.Length, line.Length - column));
        var indent = new StringBuilder(column);
        for (var i = 0; i < column; i++)
        {
            // Tabs stay tabs so that the caret lines up however the terminal renders them.
            indent.Append(line[i] == '\t' ? '\t' : ' ');
        }

        output.Append('\n').Append(pad).Append(" |");
        output.Append('\n').Append(gutter).Append(" | ").Append(line);
        output.Append('\n').Append(pad).Append(" | ").Append(indent).Append('^', carets);
        return output.ToString();
    }

    private static string? SourceLine(string text, int lineNumber)
    {
        var start = 0;
        for (var current = 1; current < lineNumber; current++)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                return null;
            }

            start = newline + 1;
        }

        var end = text.IndexOf('\n', start);
        var line = end < 0 ? text[start..] : text[start..end];
        return line.TrimEnd('\r');
    }
}
