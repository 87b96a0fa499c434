using System.Text;

namespace Wasmc.Plugins.Cpp.Bindings;

/// <summary>C source text with two-space indentation by block.</summary>
internal sealed class CWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 2).Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes <c>header {</c> and indents what follows.</summary>
    public void Open(string header)
    {
        Line(header + " {");
        _depth++;
    }

    /// <summary>Ends a block with <paramref name="closing"/>; a closing that opens another block (<c>} else {</c>) keeps the depth.</summary>
    public void Close(string closing = "}")
    {
        _depth--;
        Line(closing);
        if (closing.EndsWith('{'))
        {
            _depth++;
        }
    }

    public void Append(CWriter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var line in other._text.ToString().Split('\n').SkipLast(1))
        {
            Line(line);
        }
    }

    public override string ToString() => _text.ToString();
}
