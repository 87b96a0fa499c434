using System.Text;

namespace Wasmc.Plugins.Rust.Bindings;

/// <summary>Rust source with indentation: one line at a time, blocks opened and closed explicitly.</summary>
internal sealed class RustCode
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public RustCode Line(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return this;
        }

        foreach (var part in line.Split('\n'))
        {
            if (part.Length > 0)
            {
                _text.Append(' ', 4 * _depth).Append(part);
            }

            _text.Append('\n');
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/> followed by <c>{</c> and indents until <see cref="Close"/>.</summary>
    public RustCode Open(string header)
    {
        Line(header + " {");
        _depth++;
        return this;
    }

    public RustCode Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    /// <summary>WIT docs as <c>///</c> lines (or <c>//!</c> for a module's own docs).</summary>
    public RustCode Docs(string? docs, bool inner = false)
    {
        if (string.IsNullOrEmpty(docs))
        {
            return this;
        }

        foreach (var line in docs.TrimEnd('\n').Split('\n'))
        {
            Line((inner ? "//!" : "///") + (line.Length == 0 ? "" : " " + line));
        }

        return this;
    }

    /// <summary>Appends another piece of code at the current indentation.</summary>
    public RustCode Append(RustCode other)
    {
        foreach (var line in other.ToString().TrimEnd('\n').Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    public bool IsEmpty => _text.Length == 0;

    public override string ToString() => _text.ToString();
}
