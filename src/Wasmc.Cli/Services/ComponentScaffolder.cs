using System.Text.RegularExpressions;
using Wasmc.Cli.Infrastructure;
using Wasmc.Containers.Bundles;
using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc new</c> asks for.</summary>
internal sealed record NewComponentRequest(string Language, string Name, string? Template, string? Bundle, WasiLevel Wasi, string? Directory);

/// <summary>What <c>dotnet wasmc new</c> did.</summary>
/// <param name="ComponentDirectory">The new component folder (absolute).</param>
/// <param name="Files">Files written, relative to the component folder.</param>
/// <param name="ManifestPath">The manifest created or extended.</param>
/// <param name="CreatedWorkspace">Whether the manifest is new.</param>
internal sealed record NewComponentResult(string ComponentDirectory, IReadOnlyList<string> Files, string ManifestPath, bool CreatedWorkspace);

/// <summary>
/// Scaffolds a component with its language plugin and records it in <c>wasmc.toml</c>. Nothing is
/// overwritten: the files go to a hidden sibling folder first and are renamed into place in one step,
/// and they are removed again when the manifest refuses the component.
/// </summary>
internal sealed partial class ComponentScaffolder(
    CliSession session,
    WorkspaceService workspace,
    PluginCatalogProvider plugins,
    ContainersLocator containers)
{
    public async Task<NewComponentResult> CreateAsync(NewComponentRequest request)
    {
        if (!ComponentName().IsMatch(request.Name))
        {
            throw new BadInputException(
                $"component name '{request.Name}' must be kebab-case: lower-case letters and digits, words joined by '-', starting with a letter");
        }

        var catalog = await plugins.LoadAsync().ConfigureAwait(false);
        var plugin = catalog.Find(request.Language) ?? throw new BadInputException(
            $"no plugin for language '{request.Language}' (available: {string.Join(", ", catalog.Listings.Select(l => l.LanguageId))})");
        var template = request.Template ?? plugin.Templates[0].Id;
        if (plugin.Templates.All(t => t.Id != template))
        {
            throw new BadInputException(
                $"language '{plugin.LanguageId}' has no template '{template}' (available: {string.Join(", ", plugin.Templates.Select(t => t.Id))})");
        }

        var existingManifest = workspace.FindManifest();
        var root = existingManifest is not null
            ? Path.GetDirectoryName(existingManifest)!
            : session.WorkspaceOverride ?? session.WorkingDirectory;
        var componentDirectory = session.ResolvePath(request.Directory ?? request.Name);
        var relative = Path.GetRelativePath(root, componentDirectory).Replace('\\', '/');
        if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
        {
            throw new BadInputException($"the component folder {componentDirectory} must be inside the workspace {root}");
        }

        if (Directory.Exists(componentDirectory) && Directory.EnumerateFileSystemEntries(componentDirectory).Any())
        {
            throw new BadInputException($"{componentDirectory} already exists and is not empty; nothing was written");
        }

        if (File.Exists(componentDirectory))
        {
            throw new BadInputException($"{componentDirectory} is a file; nothing was written");
        }

        var (instance, bundleInstanceName) = ChooseBundle(request, plugin.LanguageId, existingManifest);
        var scaffold = plugin.Scaffold(new ScaffoldRequest(request.Name, template, request.Wasi));
        WriteAtomically(componentDirectory, scaffold.Files);

        var component = new NewComponent(request.Name, plugin.LanguageId, relative, scaffold.World)
        {
            WitPath = scaffold.WitPath,
            Bundle = bundleInstanceName,
            Wasi = bundleInstanceName is null ? request.Wasi : null,
        };

        var edit = existingManifest is not null
            ? ManifestWriter.AddComponent(existingManifest, component, instance)
            : ManifestWriter.CreateWorkspace(root, new NewWorkspace(instance is null ? [] : [instance])
            {
                DefaultBundle = instance?.Name,
                Components = [component with { Bundle = null, Wasi = null }],
            });

        if (!edit.Succeeded)
        {
            Directory.Delete(componentDirectory, recursive: true);
            throw WorkspaceService.Invalid(edit.Diagnostics);
        }

        return new NewComponentResult(
            componentDirectory,
            scaffold.Files.Select(f => f.RelativePath).ToList(),
            edit.ManifestPath,
            existingManifest is null);
    }

    /// <summary>
    /// The bundle instance the component uses. <c>--bundle</c> may name an instance of the existing
    /// manifest or a published bundle; without it, a new workspace gets the first published bundle that
    /// builds the language at the WASI level, and an existing one lets wasmc pick by WASI level, or names the
    /// instance explicitly when the default one does not build the language. A bundle that does not build the
    /// language, or does not claim the WASI level, is refused (exit 2) with the bundles that would.
    /// </summary>
    private (NewBundleInstance? Instance, string? InstanceName) ChooseBundle(NewComponentRequest request, string language, string? existingManifest)
    {
        var defined = existingManifest is null ? new ManifestBundles([], null) : DefinedInstances(existingManifest);
        if (request.Bundle is { } wanted)
        {
            if (defined.Instances.TryGetValue(wanted, out var publishedName))
            {
                if (publishedName is not null && containers.Catalog().TryGet(publishedName, out var instanceBundle))
                {
                    RequireBuilds(instanceBundle, language, request.Wasi, $"bundle instance '{wanted}' ({instanceBundle.Name})");
                }

                return (null, wanted);
            }

            var bundle = containers.Get(wanted);
            RequireBuilds(bundle, language, request.Wasi, $"bundle '{bundle.Name}'");
            if (defined.Instances.FirstOrDefault(pair => pair.Value == bundle.Name).Key is { } reused)
            {
                return (null, reused);
            }

            var instance = new NewBundleInstance(InstanceName(bundle.Name), bundle.Name);
            return (instance, instance.Name);
        }

        if (existingManifest is not null)
        {
            return (null, ExistingInstanceFor(defined, language, request.Wasi));
        }

        var chosen = containers.Catalog().Bundles.FirstOrDefault(b => b.Supports(request.Wasi) && b.Languages.Contains(language))
            ?? throw NoBundleBuilds(language, request.Wasi);
        var created = new NewBundleInstance(request.Wasi == WasiLevel.Preview3 ? "p3" : "p2", chosen.Name);
        return (created, created.Name);
    }

    /// <summary>
    /// In an existing workspace: null (wasmc picks the instance by WASI level, as the manifest says) when that instance
    /// builds the language, else the name of another defined instance that does.
    /// </summary>
    private string? ExistingInstanceFor(ManifestBundles defined, string language, WasiLevel wasi)
    {
        var catalog = containers.Catalog();
        Bundle? Published(string instance) =>
            defined.Instances.TryGetValue(instance, out var name) && name is not null && catalog.TryGet(name, out var bundle) ? bundle : null;

        var supporting = defined.Instances.Keys.Where(instance => Published(instance)?.Supports(wasi) == true).ToList();
        var picked = defined.DefaultBundle is { } fallback && supporting.Contains(fallback) ? fallback : supporting.Count == 1 ? supporting[0] : null;
        if (picked is null || Published(picked)!.Languages.Contains(language))
        {
            // No unique pick: the manifest check reports it, with the instances to choose from.
            return null;
        }

        return supporting.FirstOrDefault(instance => Published(instance)!.Languages.Contains(language))
            ?? throw new BadInputException(
                $"bundle instance '{picked}' ({Published(picked)!.Name}) does not build {language}, and no other instance of this workspace does",
                [$"Add one with --bundle: {BundlesBuilding(language, wasi)}."]);
    }

    private void RequireBuilds(Bundle bundle, string language, WasiLevel wasi, string what)
    {
        if (!bundle.Languages.Contains(language))
        {
            throw new BadInputException(
                $"{what} does not build {language} (it builds {string.Join(", ", bundle.Languages)})",
                [$"{BundlesBuilding(language, wasi)}."]);
        }

        if (!bundle.Supports(wasi))
        {
            throw new BadInputException(
                $"{what} does not support WASI {WasiLevels.Name(wasi)} (it supports {string.Join(", ", bundle.Wasi.Select(WasiLevels.Name))})",
                [$"{BundlesBuilding(language, wasi)}."]);
        }
    }

    private BadInputException NoBundleBuilds(string language, WasiLevel wasi) =>
        new($"no published bundle builds {language} for WASI {WasiLevels.Name(wasi)}", [$"{BundlesBuilding(language, wasi)}."]);

    /// <summary><c>Bundles that build go for WASI preview2: sid-2026.11.2</c>, or what exists for other levels.</summary>
    private string BundlesBuilding(string language, WasiLevel wasi)
    {
        var bundles = containers.Catalog().Bundles;
        var exact = bundles.Where(b => b.Languages.Contains(language) && b.Supports(wasi)).Select(b => b.Name).ToList();
        if (exact.Count > 0)
        {
            return $"Bundles that build {language} for WASI {WasiLevels.Name(wasi)}: {string.Join(", ", exact)}";
        }

        var other = bundles.Where(b => b.Languages.Contains(language)).Select(b => $"{b.Name} ({string.Join(", ", b.Wasi.Select(WasiLevels.Name))})").ToList();
        return other.Count > 0
            ? $"No bundle builds {language} for WASI {WasiLevels.Name(wasi)}; bundles that build {language}: {string.Join(", ", other)}"
            : $"No bundle builds {language}; see 'dotnet wasmc bundle list'";
    }

    /// <summary>The manifest's bundle instances (instance name to published bundle name) and its default instance.</summary>
    private sealed record ManifestBundles(Dictionary<string, string?> Instances, string? DefaultBundle);

    private static ManifestBundles DefinedInstances(string manifestPath)
    {
        try
        {
            var root = TomlDocument.ReadFile(manifestPath);
            var instances = root.TryGetValue("bundles", out var node) && node is TomlTable bundles
                ? bundles.ToDictionary(
                    pair => pair.Key,
                    pair => pair.Value is TomlTable instance && instance.TryGetValue("bundle", out var bundle) && bundle is TomlValue { Value: string name } ? name : null,
                    StringComparer.Ordinal)
                : [];
            var defaultBundle = root.TryGetValue("workspace", out var workspace) && workspace is TomlTable settings
                && settings.TryGetValue("default-bundle", out var value) && value is TomlValue { Value: string instanceName } ? instanceName : null;
            return new ManifestBundles(instances, defaultBundle);
        }
        catch (TomlException)
        {
            // ManifestWriter reports the malformed manifest with its position.
            return new ManifestBundles([], null);
        }
    }

    private static string InstanceName(string bundleName) => bundleName.Replace('.', '-');

    private static void WriteAtomically(string componentDirectory, IReadOnlyList<ScaffoldFile> files)
    {
        var parent = Path.GetDirectoryName(componentDirectory)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(componentDirectory)}.wasmc-new-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, file.RelativePath));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the plugin produced a file outside the component folder: {file.RelativePath}");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Contents);
            }

            if (Directory.Exists(componentDirectory))
            {
                // Checked empty above; an empty folder cannot be renamed over.
                Directory.Delete(componentDirectory);
            }

            Directory.Move(staging, componentDirectory);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentName();
}

internal static class WasiNames
{
    public static WasiLevel Parse(string text) => text switch
    {
        "preview2" or "p2" or "0.2" => WasiLevel.Preview2,
        "preview3" or "p3" or "0.3" => WasiLevel.Preview3,
        _ => throw new BadInputException($"invalid value '{text}' for --wasi: expected preview2 or preview3"),
    };
}
