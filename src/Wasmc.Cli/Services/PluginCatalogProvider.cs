using Wasmc.Cli.Infrastructure;
using Wasmc.Core.Plugins;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>
/// Loads the plugin catalog once per invocation: the built-in plugins, then the workspace's
/// <c>[[plugins]]</c>, then the user configuration's. Plugins that fail to load are warnings.
/// </summary>
internal sealed class PluginCatalogProvider(CliSession session, CliOutput output, WorkspaceService workspace)
{
    private PluginCatalog? catalog;

    public async Task<PluginCatalog> LoadAsync()
    {
        if (catalog is not null)
        {
            return catalog;
        }

        var warnings = new List<PluginWarning>();
        var assemblies = BuiltInPlugins.Assemblies(out var builtInWarnings);
        warnings.AddRange(builtInWarnings);

        var references = new List<Wasmc.Core.Plugins.PluginReference>();
        string? configRoot = null;
        if (workspace.FindManifest() is { } manifestPath)
        {
            configRoot = Path.GetDirectoryName(manifestPath);
            var declared = ManifestLoader.LoadPluginReferences(manifestPath);
            if (!declared.Succeeded)
            {
                throw WorkspaceService.Invalid(declared.Diagnostics);
            }

            references.AddRange(declared.Plugins.Select(plugin => plugin.IsPackage
                ? Wasmc.Core.Plugins.PluginReference.FromPackage(plugin.PackageId!, plugin.Version ?? "", plugin.Position.ToString())
                : Wasmc.Core.Plugins.PluginReference.FromFolder(Path.GetFullPath(plugin.FolderPath!, configRoot!), plugin.Position.ToString())));
        }

        references.AddRange(UserPluginConfiguration.Read(UserPluginConfiguration.DefaultPath, out var userWarnings));
        warnings.AddRange(userWarnings);

        catalog = await PluginCatalog.LoadAsync(
            new PluginCatalogOptions { BuiltInAssemblies = assemblies, References = references, NuGetConfigRoot = configRoot },
            cancellationToken: session.Cancellation).ConfigureAwait(false);

        foreach (var warning in warnings.Concat(catalog.Warnings))
        {
            output.Warning(warning.ToString());
        }

        return catalog;
    }
}
