using Wasmc.Cli.Infrastructure;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>Finds the workspace (<c>--workspace</c>, else walking up from the working directory) and validates its manifest.</summary>
internal sealed class WorkspaceService(CliSession session, CliOutput output, ContainersLocator containers)
{
    /// <summary>The manifest path, or null when there is no workspace here.</summary>
    public string? FindManifest()
    {
        if (session.WorkspaceOverride is { } root)
        {
            var path = Path.Combine(root, WorkspaceManifest.FileName);
            return File.Exists(path) ? path : null;
        }

        return WorkspaceLocator.TryFind(session.WorkingDirectory);
    }

    /// <summary>Loads and validates the manifest; every problem is reported at once (exit 2).</summary>
    public async Task<WorkspaceManifest> LoadValidatedAsync(PluginCatalogProvider plugins)
    {
        var manifestPath = FindManifest() ?? throw NoWorkspace();
        var catalog = await plugins.LoadAsync().ConfigureAwait(false);
        var context = ManifestContextFor(catalog.Listings.Select(listing => listing.LanguageId).ToList());

        var result = ManifestLoader.Load(manifestPath, context);
        if (!result.Succeeded)
        {
            throw Invalid(result.Diagnostics);
        }

        foreach (var warning in result.Diagnostics.Where(d => !d.IsError))
        {
            output.ErrorLine(warning.ToString());
        }

        return result.Manifest!;
    }

    /// <summary>What manifests are checked against: these languages, and the bundles (offered and retired) that ship with wasmc.</summary>
    public ManifestContext ManifestContextFor(IReadOnlyList<string> languages)
    {
        var bundles = containers.Catalog();
        return new ManifestContext(
            languages,
            bundles.Bundles.Select(bundle => new KnownBundle(bundle.Name, bundle.Wasi) { Languages = bundle.Languages }).ToList())
        {
            Retired = bundles.Retired.Select(r => new RetiredBundleInfo(r.Name, r.Successor, r.Reason)).ToList(),
        };
    }

    internal static DiagnosticsException Invalid(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        return new DiagnosticsException(
            $"{WorkspaceManifest.FileName} is invalid ({errors} {(errors == 1 ? "error" : "errors")}); nothing was done",
            diagnostics.Select(d => d.ToString()).ToList());
    }

    private BadInputException NoWorkspace() => session.WorkspaceOverride is { } root
        ? new BadInputException($"no {WorkspaceManifest.FileName} in {root} (given with --workspace)")
        : new BadInputException(
            $"no {WorkspaceManifest.FileName} found in {session.WorkingDirectory} or any parent folder",
            ["Create one with 'dotnet wasmc new <language> <name>', or point at one with '--workspace DIR'."]);
}
