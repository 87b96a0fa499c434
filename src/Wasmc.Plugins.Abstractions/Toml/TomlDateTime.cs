namespace Wasmc.Toml;

/// <summary>
/// A TOML date, time or date-time. <see cref="Text"/> keeps the normalised RFC 3339 spelling
/// (e.g. <c>1979-05-27T07:32:00.999999-07:00</c>) because TOML allows more precision than
/// <see cref="DateTimeOffset"/> holds and toml-test compares the text. STUB: the reader fills in the rest.
/// </summary>
/// <param name="Text">Normalised text (<c>T</c> separator, upper-case <c>Z</c>).</param>
public sealed record TomlDateTime(string Text)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
