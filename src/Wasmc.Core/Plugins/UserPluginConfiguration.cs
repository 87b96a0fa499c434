using Wasmc.Toml;

namespace Wasmc.Core.Plugins;

/// <summary>
/// Reads the <c>[[plugins]]</c> entries of the user configuration file
/// (<c>$XDG_CONFIG_HOME/wasmc/config.toml</c> or <c>~/.config/wasmc/config.toml</c>), which have the
/// same shape as in <c>wasmc.toml</c>: <c>package</c> + <c>version</c>, or <c>path</c>.
/// </summary>
public static class UserPluginConfiguration
{
    /// <summary>The user configuration file's path (it may not exist).</summary>
    public static string DefaultPath
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(root, "wasmc", "config.toml");
        }
    }

    /// <summary>
    /// Reads the plugin references of the file at <paramref name="path"/>. A missing file has none; a file that
    /// cannot be read or has malformed entries adds warnings and keeps the entries that are well formed.
    /// Relative <c>path</c> values are resolved against the file's folder.
    /// </summary>
    public static IReadOnlyList<PluginReference> Read(string path, out IReadOnlyList<PluginWarning> warnings)
    {
        var problems = new List<PluginWarning>();
        warnings = problems;
        if (!File.Exists(path))
        {
            return [];
        }

        TomlTable document;
        try
        {
            document = TomlDocument.ReadFile(path);
        }
        catch (Exception e) when (e is TomlException or IOException or UnauthorizedAccessException or NotImplementedException)
        {
            problems.Add(new PluginWarning("config", path, $"the user configuration could not be read, its plugins are ignored: {e.Message}"));
            return [];
        }

        return FromDocument(document, Path.GetDirectoryName(Path.GetFullPath(path))!, problems);
    }

    /// <summary>Extracts <c>[[plugins]]</c> entries from a parsed document (also usable for <c>wasmc.toml</c>).</summary>
    public static IReadOnlyList<PluginReference> FromDocument(TomlTable document, string baseDirectory, ICollection<PluginWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(warnings);
        if (!document.TryGetValue("plugins", out var node))
        {
            return [];
        }

        if (node is not TomlArray entries)
        {
            warnings.Add(new PluginWarning("config", node.Position.ToString(), "'plugins' must be an array of tables ([[plugins]])"));
            return [];
        }

        var references = new List<PluginReference>();
        foreach (var entry in entries)
        {
            var declaredIn = entry.Position.ToString();
            if (entry is not TomlTable table)
            {
                warnings.Add(new PluginWarning("config", declaredIn, "each [[plugins]] entry must be a table"));
                continue;
            }

            var package = StringValue(table, "package");
            var version = StringValue(table, "version");
            var folder = StringValue(table, "path");
            if (package is not null && folder is null && version is not null)
            {
                references.Add(PluginReference.FromPackage(package, version, declaredIn));
            }
            else if (folder is not null && package is null)
            {
                references.Add(PluginReference.FromFolder(Path.GetFullPath(folder, baseDirectory), declaredIn));
            }
            else
            {
                warnings.Add(new PluginWarning("config", declaredIn, "a [[plugins]] entry needs either 'package' and 'version', or 'path'"));
            }
        }

        return references;
    }

    private static string? StringValue(TomlTable table, string key) =>
        table.TryGetValue(key, out var node) && node is TomlValue { Value: string text } ? text : null;
}
