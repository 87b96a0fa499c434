using System.Text;
using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;
using Wasmc.Workspace.Internal;

namespace Wasmc.Workspace;

/// <summary>A bundle instance to write: <c>[bundles.Name] bundle = "Bundle"</c>.</summary>
/// <param name="Name">Local instance name (<c>p2</c>).</param>
/// <param name="Bundle">Published bundle name (<c>trixie-2026.11</c>).</param>
public sealed record NewBundleInstance(string Name, string Bundle);

/// <summary>A <c>[[components]]</c> entry to write.</summary>
/// <param name="Name">Component name (kebab-case).</param>
/// <param name="Language">Language id.</param>
/// <param name="Path">Component folder relative to the workspace root.</param>
/// <param name="World">World the component implements.</param>
public sealed record NewComponent(string Name, string Language, string Path, string World)
{
    /// <summary>WIT folder relative to the component folder.</summary>
    public string WitPath { get; init; } = ManifestReader.DefaultWit;

    /// <summary>Bundle instance; leave null to use <see cref="Wasi"/> or the workspace default.</summary>
    public string? Bundle { get; init; }

    /// <summary>WASI level, letting wasmc pick the instance; ignored when <see cref="Bundle"/> is set.</summary>
    public WasiLevel? Wasi { get; init; }

    /// <summary>Profiles the component builds in; null for all.</summary>
    public IReadOnlyList<string>? Profiles { get; init; }

    /// <summary>Language-specific options: strings, integers, floats, booleans or lists of strings.</summary>
    public IReadOnlyDictionary<string, object>? Options { get; init; }
}

/// <summary>A new workspace manifest.</summary>
/// <param name="Bundles">Bundle instances.</param>
public sealed record NewWorkspace(IReadOnlyList<NewBundleInstance> Bundles)
{
    /// <summary>The default bundle instance, if any.</summary>
    public string? DefaultBundle { get; init; }

    /// <summary>The default profile; null leaves the built-in default (<c>debug</c>).</summary>
    public string? DefaultProfile { get; init; }

    /// <summary>Components of the new workspace.</summary>
    public IReadOnlyList<NewComponent> Components { get; init; } = [];
}

/// <summary>The outcome of an edit: the file written, or the reasons nothing was written.</summary>
/// <param name="ManifestPath">The manifest's absolute path.</param>
/// <param name="Diagnostics">Why the edit was refused; empty on success.</param>
public sealed record ManifestEditResult(string ManifestPath, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether the file was written.</summary>
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Writes <c>wasmc.toml</c> for <c>dotnet wasmc new</c>. Existing manifests are edited on Tomlyn's lossless
/// syntax tree: tables are added, nothing else changes, so the user's formatting and comments stay as they are.
/// Files are replaced atomically (a temporary file renamed over the old one), so a crash never leaves half a manifest.
/// </summary>
public static class ManifestWriter
{
    /// <summary>Creates <c>wasmc.toml</c> in <paramref name="rootDirectory"/>; refuses when one exists.</summary>
    public static ManifestEditResult CreateWorkspace(string rootDirectory, NewWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        ArgumentNullException.ThrowIfNull(workspace);
        var manifestPath = Path.Combine(Path.GetFullPath(rootDirectory), WorkspaceManifest.FileName);
        var displayName = ManifestDocument.DisplayName(manifestPath);
        var diagnostics = new DiagnosticBag();
        if (File.Exists(manifestPath))
        {
            diagnostics.Error(DiagnosticCodes.ManifestExists, null, $"{displayName} already exists; add components to it with `dotnet wasmc new`");
            return new ManifestEditResult(manifestPath, diagnostics.Sorted());
        }

        var instanceNames = workspace.Bundles.Select(b => b.Name).ToList();
        foreach (var instance in workspace.Bundles)
        {
            CheckInstanceName(instance, diagnostics);
        }

        if (workspace.DefaultBundle is { } defaultBundle && !instanceNames.Contains(defaultBundle, StringComparer.Ordinal))
        {
            diagnostics.Error(DiagnosticCodes.UnknownBundleInstance, null, $"default bundle instance '{defaultBundle}' is not one of the new workspace's instances");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in workspace.Components)
        {
            CheckName(component, diagnostics);
            if (!seen.Add(component.Name))
            {
                diagnostics.Error(DiagnosticCodes.DuplicateComponent, null, $"duplicate component name '{component.Name}'");
            }

            if (component.Bundle is { } bundle && !instanceNames.Contains(bundle, StringComparer.Ordinal))
            {
                diagnostics.Error(DiagnosticCodes.UnknownBundleInstance, null, $"component '{component.Name}' uses bundle instance '{bundle}', which the new workspace does not define");
            }
        }

        var text = RenderWorkspace(workspace);
        if (!diagnostics.HasErrors && ManifestDocument.Parse(text, displayName, diagnostics) is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(manifestPath)!);
            try
            {
                AtomicFile.Write(manifestPath, Encoding.UTF8.GetBytes(text), overwrite: false);
            }
            catch (IOException) when (File.Exists(manifestPath))
            {
                diagnostics.Error(DiagnosticCodes.ManifestExists, null, $"{displayName} already exists; add components to it with `dotnet wasmc new`");
            }
        }

        return new ManifestEditResult(manifestPath, diagnostics.Sorted());
    }

    /// <summary>
    /// Appends a <c>[[components]]</c> entry to the manifest at <paramref name="manifestPath"/> and, when given,
    /// adds the bundle instance it needs after the last <c>[bundles.*]</c> table. Refuses a name already in use,
    /// a manifest that is not valid TOML, and any edit that would not read back as valid TOML.
    /// </summary>
    public static ManifestEditResult AddComponent(string manifestPath, NewComponent component, NewBundleInstance? bundleInstance = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(component);
        var fullPath = Path.GetFullPath(manifestPath);
        var displayName = ManifestDocument.DisplayName(fullPath);
        var diagnostics = new DiagnosticBag();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.MalformedToml, null, $"cannot read {displayName}: {e.Message}");
            return new ManifestEditResult(fullPath, diagnostics.Sorted());
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var hasBom = bytes.AsSpan().StartsWith(preamble);
        var decoded = ManifestDocument.Located(() => TomlDocument.DecodeUtf8(bytes.AsSpan(hasBom ? preamble.Length : 0), displayName), diagnostics);
        var syntax = decoded is null ? null : ManifestDocument.Located(() => TomlDocument.ParseSyntax(decoded, displayName), diagnostics);
        if (decoded is null || syntax is null)
        {
            return new ManifestEditResult(fullPath, diagnostics.Sorted());
        }

        CheckName(component, diagnostics);
        if (bundleInstance is not null)
        {
            CheckInstanceName(bundleInstance, diagnostics);
        }

        CheckAgainstDocument(TomlDocument.ToTable(syntax, displayName), component, bundleInstance, diagnostics, out var addInstance);
        if (diagnostics.HasErrors)
        {
            return new ManifestEditResult(fullPath, diagnostics.Sorted());
        }

        var text = decoded;
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            text += newline;
            syntax = TomlDocument.ParseSyntax(text, displayName);
        }

        var blankLine = text.Length == 0 || text.EndsWith(newline + newline, StringComparison.Ordinal) ? "" : newline;
        var componentText = blankLine + RenderComponent(component, newline);
        if (addInstance && bundleInstance is not null && !ManifestSyntax.InsertAfterLast(syntax, "bundles", RenderBundleInstance(bundleInstance, newline), displayName))
        {
            // No [bundles.*] table to join: the instance goes before the component, as its own paragraph.
            componentText = blankLine + RenderBundleInstance(bundleInstance, newline) + newline + RenderComponent(component, newline);
        }

        ManifestSyntax.Append(syntax, componentText, displayName);
        var newText = syntax.ToString();

        // The edit can still clash with how the file defines tables (e.g. 'bundles = { ... }' inline).
        var check = new DiagnosticBag();
        if (ManifestDocument.Parse(newText, displayName, check) is null)
        {
            var reason = check.Sorted()[0].Message;
            diagnostics.Error(DiagnosticCodes.MalformedToml, null, $"cannot append component '{component.Name}' to {displayName}: the result would not be valid TOML ({reason})");
            return new ManifestEditResult(fullPath, diagnostics.Sorted());
        }

        var newBytes = Encoding.UTF8.GetBytes(newText);
        AtomicFile.Write(fullPath, hasBom ? [.. preamble, .. newBytes] : newBytes, overwrite: true);
        return new ManifestEditResult(fullPath, []);
    }

    private static void CheckName(NewComponent component, DiagnosticBag diagnostics)
    {
        if (!ManifestReader.IsComponentName(component.Name))
        {
            diagnostics.Error(
                DiagnosticCodes.InvalidValue,
                null,
                $"component name '{component.Name}' must be kebab-case: words of lower-case letters and digits, each starting with a letter, joined by '-'");
        }
    }

    private static void CheckInstanceName(NewBundleInstance instance, DiagnosticBag diagnostics)
    {
        if (!ManifestReader.SimpleName().IsMatch(instance.Name))
        {
            diagnostics.Error(
                DiagnosticCodes.InvalidValue,
                null,
                $"bundle instance name '{instance.Name}' must use only letters, digits, '-' and '_'");
        }
    }

    private static void CheckAgainstDocument(
        TomlTable document,
        NewComponent component,
        NewBundleInstance? bundleInstance,
        DiagnosticBag diagnostics,
        out bool addInstance)
    {
        addInstance = bundleInstance is not null;
        if (document.TryGetValue("components", out var components))
        {
            if (components is not TomlArray { IsArrayOfTables: true } tables)
            {
                diagnostics.Error(
                    DiagnosticCodes.WrongType,
                    components.Position,
                    "'components' must be written as [[components]] sections to add a component to it");
            }
            else
            {
                foreach (var entry in tables.OfType<TomlTable>())
                {
                    if (entry.TryGetValue("name", out var name) && name is TomlValue { Value: string existing } && existing == component.Name)
                    {
                        diagnostics.Error(
                            DiagnosticCodes.DuplicateComponent,
                            name.Position,
                            $"a component named '{component.Name}' already exists; choose another name");
                    }
                }
            }
        }

        var instances = document.TryGetValue("bundles", out var bundlesNode) && bundlesNode is TomlTable bundles
            ? bundles
            : null;
        if (bundleInstance is not null && instances is not null && instances.TryGetValue(bundleInstance.Name, out var existingInstance))
        {
            var existingBundle = existingInstance is TomlTable t && t.TryGetValue("bundle", out var b) && b is TomlValue { Value: string s } ? s : null;
            if (existingBundle != bundleInstance.Bundle)
            {
                diagnostics.Error(
                    DiagnosticCodes.InvalidValue,
                    existingInstance.Position,
                    $"bundle instance '{bundleInstance.Name}' already exists for bundle '{existingBundle}', not '{bundleInstance.Bundle}'");
            }

            addInstance = false;
        }

        if (component.Bundle is { } wanted && wanted != bundleInstance?.Name && instances?.ContainsKey(wanted) != true)
        {
            diagnostics.Error(
                DiagnosticCodes.UnknownBundleInstance,
                null,
                $"component '{component.Name}' uses bundle instance '{wanted}', which the manifest does not define");
        }
    }

    internal static string RenderWorkspace(NewWorkspace workspace)
    {
        const string nl = "\n";
        var text = new StringBuilder();
        text.Append("# wasmc workspace manifest (docs/manifest.md describes every key)").Append(nl);
        text.Append("[workspace]").Append(nl);
        if (workspace.DefaultBundle is { } defaultBundle)
        {
            text.Append("default-bundle = ").Append(TomlText.String(defaultBundle)).Append(nl);
        }

        if (workspace.DefaultProfile is { } defaultProfile)
        {
            text.Append("default-profile = ").Append(TomlText.String(defaultProfile)).Append(nl);
        }

        foreach (var instance in workspace.Bundles)
        {
            text.Append(nl).Append(RenderBundleInstance(instance, nl));
        }

        foreach (var component in workspace.Components)
        {
            text.Append(nl).Append(RenderComponent(component, nl));
        }

        return text.ToString();
    }

    internal static string RenderBundleInstance(NewBundleInstance instance, string newline) =>
        $"[bundles.{TomlText.Key(instance.Name)}]{newline}bundle = {TomlText.String(instance.Bundle)}{newline}";

    internal static string RenderComponent(NewComponent component, string newline)
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append(" = ").Append(value).Append(newline);

        text.Append("[[components]]").Append(newline);
        Line("name", TomlText.String(component.Name));
        Line("language", TomlText.String(component.Language));
        Line("path", TomlText.String(component.Path.Replace('\\', '/')));
        Line("wit", TomlText.String(component.WitPath.Replace('\\', '/')));
        Line("world", TomlText.String(component.World));
        if (component.Bundle is { } bundle)
        {
            Line("bundle", TomlText.String(bundle));
        }
        else if (component.Wasi is { } wasi)
        {
            Line("wasi", TomlText.String(WasiLevels.Name(wasi)));
        }

        if (component.Profiles is { } profiles)
        {
            Line("profiles", TomlText.StringArray(profiles));
        }

        if (component.Options is { Count: > 0 } options)
        {
            text.Append("[components.options]").Append(newline);
            foreach (var (key, value) in options)
            {
                Line(TomlText.Key(key), TomlText.Value(value));
            }
        }

        return text.ToString();
    }
}
