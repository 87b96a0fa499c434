namespace Wasmc.Toml;

/// <summary>A TOML document that cannot be read (invalid UTF-8, or not TOML 1.1), located at <see cref="Position"/>.</summary>
sealed partial class TomlException : Exception
{
    /// <summary>Creates the error.</summary>
    public TomlException(TomlPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is.</summary>
    public TomlPosition Position { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}
