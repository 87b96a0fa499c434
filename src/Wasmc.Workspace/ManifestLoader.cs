using Wasmc.Toml;
using Wasmc.Workspace.Internal;

namespace Wasmc.Workspace;

/// <summary>The outcome of loading a manifest: the manifest when it is valid, and every diagnostic either way.</summary>
/// <param name="Manifest">The manifest, or null when any error was found.</param>
/// <param name="Diagnostics">All problems, in document order.</param>
public sealed record ManifestLoadResult(WorkspaceManifest? Manifest, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether the manifest is valid (warnings allowed).</summary>
    public bool Succeeded => Manifest is not null;

    /// <summary>The errors only.</summary>
    public IReadOnlyList<Diagnostic> Errors => Diagnostics.Where(d => d.IsError).ToList();
}

/// <summary>The <c>[[plugins]]</c> entries of a manifest, read before the plugins (and so the languages) are known.</summary>
/// <param name="Plugins">Valid entries.</param>
/// <param name="Diagnostics">Problems in the TOML or in <c>[[plugins]]</c>; the rest of the manifest is not checked.</param>
public sealed record PluginReferencesResult(IReadOnlyList<PluginReference> Plugins, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether no error was found.</summary>
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

/// <summary>Reads and validates <c>wasmc.toml</c>.</summary>
public static class ManifestLoader
{
    /// <summary>
    /// Reads the manifest at <paramref name="manifestPath"/> and checks all of it against
    /// <paramref name="context"/>, reporting every problem rather than stopping at the first.
    /// Folders named by components are checked on disk.
    /// </summary>
    public static ManifestLoadResult Load(string manifestPath, ManifestContext context)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(context);
        var fullPath = Path.GetFullPath(manifestPath);
        var diagnostics = new DiagnosticBag();
        var document = ManifestDocument.Read(fullPath, diagnostics);
        if (document is null)
        {
            return new ManifestLoadResult(null, diagnostics.Sorted());
        }

        var manifest = new ManifestReader(fullPath, context, diagnostics).Read(document);
        return new ManifestLoadResult(diagnostics.HasErrors ? null : manifest, diagnostics.Sorted());
    }

    /// <summary>
    /// Reads only the <c>[[plugins]]</c> entries: the host needs them to load the plugins that
    /// supply the language ids <see cref="Load"/> checks against.
    /// </summary>
    public static PluginReferencesResult LoadPluginReferences(string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        var fullPath = Path.GetFullPath(manifestPath);
        var diagnostics = new DiagnosticBag();
        var document = ManifestDocument.Read(fullPath, diagnostics);
        if (document is null)
        {
            return new PluginReferencesResult([], diagnostics.Sorted());
        }

        var plugins = new ManifestReader(fullPath, new ManifestContext([], []), diagnostics).ReadPluginsOnly(document);
        return new PluginReferencesResult(plugins, diagnostics.Sorted());
    }
}
