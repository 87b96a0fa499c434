namespace Wasmc.Core.Plugins;

/// <summary>
/// A third-party plugin declared in <c>wasmc.toml</c> or the user configuration:
/// either a NuGet package (<paramref name="Package"/> + exact <paramref name="Version"/>) or a folder of
/// built plugin assemblies (<paramref name="Path"/>, absolute or relative to the declaring file's folder).
/// </summary>
/// <param name="Package">NuGet package id.</param>
/// <param name="Version">Exact NuGet package version.</param>
/// <param name="Path">Folder holding built plugin assemblies.</param>
/// <param name="DeclaredIn">Where the reference was written (<c>wasmc.toml:12:1</c>), used in warnings.</param>
public sealed record PluginReference(string? Package, string? Version, string? Path, string DeclaredIn)
{
    /// <summary>A NuGet package reference.</summary>
    public static PluginReference FromPackage(string package, string version, string declaredIn) =>
        new(package, version, null, declaredIn);

    /// <summary>A folder reference.</summary>
    public static PluginReference FromFolder(string path, string declaredIn) => new(null, null, path, declaredIn);

    /// <summary>How listings show where the plugin came from: <c>nuget:Id@Version</c> or <c>folder:path</c>.</summary>
    public string Source => Package is not null ? $"nuget:{Package}@{Version}" : $"folder:{Path}";
}

/// <summary>A loaded plugin as <c>wasmc plugins list</c> shows it (table or JSON).</summary>
/// <param name="LanguageId">Language id.</param>
/// <param name="DisplayName">Human-readable name.</param>
/// <param name="Version">The plugin assembly's informational version (without build metadata).</param>
/// <param name="Source"><c>built-in</c>, <c>nuget:Id@Version</c> or <c>folder:path</c>.</param>
/// <param name="Toolchains">Toolchains its plans use.</param>
/// <param name="Templates">Template ids offered by <c>wasmc new</c>.</param>
public sealed record PluginListing(
    string LanguageId,
    string DisplayName,
    string Version,
    string Source,
    IReadOnlyList<string> Toolchains,
    IReadOnlyList<string> Templates);

/// <summary>A plugin that could not be loaded; the rest of the catalog works without it.</summary>
/// <param name="Source">Where the plugin was to come from (<c>nuget:Id@Version</c>, <c>folder:path</c>, <c>built-in</c>).</param>
/// <param name="DeclaredIn">Where it was declared (file and position), or <c>built-in</c>.</param>
/// <param name="Message">What went wrong.</param>
public sealed record PluginWarning(string Source, string DeclaredIn, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{DeclaredIn}: plugin {Source}: {Message}";
}
