namespace Wasmc.Toml;

/// <summary>
/// A TOML date, time or date-time. <see cref="Text"/> keeps the normalised RFC 3339 spelling
/// (e.g. <c>1979-05-27T07:32:00.999999-07:00</c>) because TOML allows more precision than
/// <see cref="DateTimeOffset"/> holds and toml-test compares the text. The components are parsed and validated.
/// </summary>
/// <param name="Text">Normalised text (<c>T</c> separator, upper-case <c>Z</c>, fraction digits as written).</param>
public sealed record TomlDateTime(string Text)
{
    /// <summary>Which of the four TOML date-time kinds this is.</summary>
    public TomlValueKind Kind { get; init; } = TomlValueKind.OffsetDateTime;

    /// <summary>Year (1-9999); 0 for a local time.</summary>
    public int Year { get; init; }

    /// <summary>Month (1-12); 0 for a local time.</summary>
    public int Month { get; init; }

    /// <summary>Day of the month; 0 for a local time.</summary>
    public int Day { get; init; }

    /// <summary>Hour (0-23).</summary>
    public int Hour { get; init; }

    /// <summary>Minute (0-59).</summary>
    public int Minute { get; init; }

    /// <summary>Second (0-60: RFC 3339 allows a leap second).</summary>
    public int Second { get; init; }

    /// <summary>Fraction of the second in nanoseconds (digits past the ninth are truncated).</summary>
    public int Nanosecond { get; init; }

    /// <summary>The UTC offset in minutes for an offset date-time; <c>null</c> for local kinds.</summary>
    public int? OffsetMinutes { get; init; }

    /// <summary>Whether there is a date part.</summary>
    public bool HasDate => Kind != TomlValueKind.LocalTime;

    /// <summary>Whether there is a time part.</summary>
    public bool HasTime => Kind != TomlValueKind.LocalDate;

    /// <summary>
    /// Converts to <see cref="DateTimeOffset"/> (local kinds get offset zero, a local time the date 0001-01-01;
    /// a leap second becomes second 59, precision is cut to 100 ns ticks).
    /// </summary>
    public DateTimeOffset ToDateTimeOffset()
    {
        var date = HasDate ? new DateTime(Year, Month, Day, 0, 0, 0, DateTimeKind.Unspecified) : DateTime.MinValue;
        var time = new TimeSpan(0, Hour, Minute, Math.Min(Second, 59)) + TimeSpan.FromTicks(Nanosecond / 100);
        return new DateTimeOffset(date + time, TimeSpan.FromMinutes(OffsetMinutes ?? 0));
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
