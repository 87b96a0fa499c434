using System.Text;

namespace Wasmc.Containers.Running;

/// <summary>
/// Turns output chunks into whole lines, one buffer per stream so stdout and stderr lines never mix.
/// UTF-8 sequences split across chunks are decoded correctly.
/// </summary>
internal sealed class OutputLineSplitter(Action<bool, string> onLine)
{
    private readonly StreamBuffer _standardOutput = new();
    private readonly StreamBuffer _standardError = new();

    public void Write(bool isError, ReadOnlySpan<byte> data)
    {
        var buffer = isError ? _standardError : _standardOutput;
        var chars = new char[buffer.Decoder.GetCharCount(data, flush: false)];
        buffer.Decoder.GetChars(data, chars, flush: false);
        foreach (var character in chars)
        {
            if (character == '\n')
            {
                Emit(isError, buffer);
            }
            else
            {
                buffer.Line.Append(character);
            }
        }
    }

    /// <summary>Emits unterminated last lines; call only when the output ended normally.</summary>
    public void Flush()
    {
        if (_standardOutput.Line.Length > 0)
        {
            Emit(false, _standardOutput);
        }

        if (_standardError.Line.Length > 0)
        {
            Emit(true, _standardError);
        }
    }

    private void Emit(bool isError, StreamBuffer buffer)
    {
        var line = buffer.Line.ToString().TrimEnd('\r');
        buffer.Line.Clear();
        onLine(isError, line);
    }

    private sealed class StreamBuffer
    {
        public Decoder Decoder { get; } = new UTF8Encoding(false).GetDecoder();

        public StringBuilder Line { get; } = new();
    }
}
