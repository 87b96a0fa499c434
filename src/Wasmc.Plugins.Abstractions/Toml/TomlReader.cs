namespace Wasmc.Toml;

/// <summary>Reads TOML 1.0 documents. STUB: replaced by the real reader.</summary>
public static class TomlReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> is used in positions and errors.</summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
    public static TomlTable Parse(string text, string fileName = "<input>") =>
        throw new NotImplementedException();

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="TomlException">The file is not valid TOML 1.0.</exception>
    public static TomlTable ReadFile(string path) => Parse(File.ReadAllText(path), path);
}

/// <summary>A TOML syntax or semantic error, located at <see cref="Position"/>.</summary>
public sealed class TomlException : Exception
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
