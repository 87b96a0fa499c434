using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// <c>[package.metadata.wasmc.wizer]</c>: pre-initialise the core module with Wizer, running the exported function
/// <see cref="Init"/> once at build time and snapshotting the state it leaves.
/// </summary>
internal sealed record WizerSettings
{
    /// <summary>The core module's export that Wizer runs (a <c>#[no_mangle] pub extern "C" fn</c>).</summary>
    public required string Init { get; init; }

    /// <summary>The wasmc profiles that pre-initialise; empty means every profile.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>Where the table was written, for errors about the setting as a whole.</summary>
    public required TomlPosition Position { get; init; }

    public bool AppliesTo(string profile) => Profiles.Count == 0 || Profiles.Contains(profile, StringComparer.Ordinal);
}

/// <summary><c>[package.metadata.wasmc]</c>: settings for wasmc that belong with the crate.</summary>
internal sealed record WasmcMetadata
{
    public const string Section = "package.metadata.wasmc";

    public WizerSettings? Wizer { get; init; }

    internal static WasmcMetadata Read(TomlTable table)
    {
        // Nothing in this table is silently ignored: a misspelt key would otherwise turn a setting off unnoticed.
        foreach (var (key, _) in table)
        {
            if (key != "wizer")
            {
                throw ManifestFields.Error(table.KeyPosition(key), $"unknown key '{Section}.{ManifestFields.Key(key)}'; wasmc reads only 'wizer' here (docs/languages/rust.md)");
            }
        }

        return new WasmcMetadata { Wizer = table.TryGetValue("wizer", out var wizer) ? ReadWizer(wizer, table.KeyPosition("wizer")) : null };
    }

    private static WizerSettings ReadWizer(TomlNode node, TomlPosition keyPosition)
    {
        const string path = Section + ".wizer";
        var table = node as TomlTable ?? throw ManifestFields.WrongType(node, path, "a table, e.g. { init = \"initialize\" }");
        foreach (var (key, _) in table)
        {
            if (key is not ("init" or "profiles"))
            {
                throw ManifestFields.Error(table.KeyPosition(key), $"unknown key '{path}.{ManifestFields.Key(key)}'; expected 'init' (the function Wizer runs) or 'profiles'");
            }
        }

        var init = ManifestFields.String(table, "init", path)
            ?? throw ManifestFields.Error(keyPosition, $"'{path}' needs 'init', the name of the exported function Wizer runs at build time, e.g. init = \"initialize\"");
        if (init.Length == 0 || init.Any(char.IsWhiteSpace))
        {
            throw ManifestFields.Error(table.KeyPosition("init"), $"'{path}.init' must be the name of an exported function, found \"{init}\"");
        }

        return new WizerSettings
        {
            Init = init,
            Profiles = ManifestFields.StringArray(table, "profiles", path),
            Position = keyPosition,
        };
    }
}
