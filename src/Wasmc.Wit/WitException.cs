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
}
