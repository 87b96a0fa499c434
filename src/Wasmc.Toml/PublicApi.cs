namespace Wasmc.Toml;

// The other files declare these types without access modifiers, so a plugin can compile them as its own internal
// helpers (a plugin shares only the abstractions and Tomlyn with the host, see plugins/Wasmc.Plugins.Rust). Compiled
// here, this file makes them the public API of Wasmc.Toml.

public readonly partial record struct TomlPosition;

public abstract partial class TomlNode;

public sealed partial class TomlTable;

public sealed partial class TomlArray;

public sealed partial class TomlValue;

public sealed partial class TomlException;

public static partial class TomlDocument;
