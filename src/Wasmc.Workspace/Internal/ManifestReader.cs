using System.Text.RegularExpressions;
using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>
/// Turns the TOML document into a <see cref="WorkspaceManifest"/>, checking everything on the way.
/// Each part is read even when an earlier part is broken, so that one run reports every problem.
/// </summary>
internal sealed partial class ManifestReader(string manifestPath, ManifestContext context, DiagnosticBag diagnostics)
{
    public const string DefaultOutput = "target/wasmc";
    public const string DefaultWit = "wit";

    private static readonly string[] RootKeys = ["workspace", "bundles", "components", "profiles", "plugins"];
    private static readonly string[] WorkspaceKeys = ["default-bundle", "default-profile", "output"];
    private static readonly string[] BundleKeys = ["bundle"];
    private static readonly string[] ComponentKeys = ["name", "language", "path", "wit", "world", "bundle", "wasi", "profiles", "options", "runner"];

    /// <summary>The test runners a component may ask for (docs/testing.md).</summary>
    private static readonly string[] Runners = ["wasmtime", "jco"];
    private static readonly string[] PluginKeys = ["package", "version", "path"];

    private readonly WorkspacePaths _paths = new(Path.GetDirectoryName(manifestPath)!);

    public WorkspaceManifest? Read(TomlTable document)
    {
        var root = new Section(document, "the manifest", diagnostics);
        root.RejectUnknownKeys(RootKeys);
        var bundles = ReadBundles(root);
        var workspace = ReadWorkspace(root, bundles);
        var profiles = new ProfileReader(context, diagnostics).Read(root);
        CheckDefaultProfile(workspace, profiles);
        var components = ReadComponents(root, workspace, bundles, profiles);
        var plugins = ReadPlugins(root);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        return new WorkspaceManifest(
            manifestPath,
            workspace.DefaultProfile ?? BuildProfile.Debug,
            workspace.DefaultBundle,
            workspace.Output,
            bundles.Select(b => new BundleInstance(b.Name, b.Bundle!, b.Wasi, b.Position)).ToList(),
            components,
            profiles.Resolved,
            plugins);
    }

    public IReadOnlyList<PluginReference> ReadPluginsOnly(TomlTable document) =>
        ReadPlugins(new Section(document, "the manifest", diagnostics));

    // ---- [workspace] -------------------------------------------------------------------------

    // DefaultBundleIsBroken: set but invalid (already reported), so components relying on it are not reported again.
    private sealed record WorkspaceSettings(
        string? DefaultBundle,
        bool DefaultBundleIsBroken,
        string? DefaultProfile,
        TomlPosition? DefaultProfilePosition,
        string Output);

    private WorkspaceSettings ReadWorkspace(Section root, IReadOnlyList<BundleDraft> bundles)
    {
        var table = root.SubTable("workspace");
        if (table is null)
        {
            return new WorkspaceSettings(null, false, null, null, DefaultOutput);
        }

        var section = new Section(table, "[workspace]", diagnostics);
        section.RejectUnknownKeys(WorkspaceKeys);

        var defaultBundle = section.String("default-bundle");
        var defaultBundleIsBroken = section.Has("default-bundle") && defaultBundle is null;
        if (defaultBundle is not null && !bundles.Any(b => b.Name == defaultBundle))
        {
            diagnostics.Error(
                DiagnosticCodes.UnknownBundleInstance,
                section.ValuePosition("default-bundle"),
                $"unknown bundle instance '{defaultBundle}' in 'default-bundle'{Suggestions.Lead(defaultBundle, bundles.Select(b => b.Name))}{InstancesPhrase(bundles)}");
            defaultBundle = null;
            defaultBundleIsBroken = true;
        }

        var defaultProfile = section.String("default-profile");
        var output = section.String("output");
        if (output is not null)
        {
            var checkedOutput = _paths.Check(output, _paths.Root, mustExist: false);
            if (ReportEscape(checkedOutput, "output", output, section, section.ValuePosition("output")))
            {
                output = null;
            }
        }

        return new WorkspaceSettings(
            defaultBundle,
            defaultBundleIsBroken,
            defaultProfile,
            defaultProfile is null ? null : section.ValuePosition("default-profile"),
            output ?? DefaultOutput);
    }

    private void CheckDefaultProfile(WorkspaceSettings workspace, ProfileSet profiles)
    {
        if (workspace.DefaultProfile is { } name && !profiles.Names.Contains(name, StringComparer.Ordinal))
        {
            diagnostics.Error(
                DiagnosticCodes.UnknownProfile,
                workspace.DefaultProfilePosition,
                $"unknown profile '{name}' in 'default-profile'{Suggestions.Lead(name, profiles.Names)}profiles: {Suggestions.QuotedList(profiles.Names)}");
        }
    }

    // ---- [bundles] ---------------------------------------------------------------------------

    /// <summary>A bundle instance as read; <see cref="Bundle"/> is null when missing, and unknown bundles support no level.</summary>
    private sealed record BundleDraft(string Name, string? Bundle, IReadOnlyList<WasiLevel> Wasi, TomlPosition Position, bool IsKnown);

    private List<BundleDraft> ReadBundles(Section root)
    {
        var drafts = new List<BundleDraft>();
        var table = root.SubTable("bundles");
        if (table is null)
        {
            return drafts;
        }

        var bundlesSection = new Section(table, "[bundles]", diagnostics);
        foreach (var (name, node) in table)
        {
            if (!SimpleName().IsMatch(name))
            {
                diagnostics.Error(
                    DiagnosticCodes.InvalidValue,
                    table.KeyPosition(name),
                    $"bundle instance name '{name}' must use only letters, digits, '-' and '_'");
            }

            if (node is not TomlTable instanceTable)
            {
                bundlesSection.ReportWrongType(name, $"a table ([bundles.{name}] with bundle = \"...\")", node);
                continue;
            }

            var section = new Section(instanceTable, $"[bundles.{name}]", diagnostics);
            section.RejectUnknownKeys(BundleKeys);
            var published = section.String("bundle", required: true);
            IReadOnlyList<WasiLevel> levels = [];
            var isKnown = false;
            if (published is not null)
            {
                var known = context.Bundles.FirstOrDefault(b => string.Equals(b.Name, published, StringComparison.Ordinal));
                if (known is null && context.Retired.FirstOrDefault(r => r.Name == published) is { } retired)
                {
                    diagnostics.Error(
                        DiagnosticCodes.RetiredBundle,
                        section.ValuePosition("bundle"),
                        $"bundle '{published}' {section.Where} is retired ({retired.Reason}); use bundle = \"{retired.Successor}\"");
                }
                else if (known is null)
                {
                    var names = context.Bundles.Select(b => b.Name).ToList();
                    var list = names.Count == 0 ? "no bundles are published" : $"published bundles: {Suggestions.QuotedList(names)}";
                    diagnostics.Error(
                        DiagnosticCodes.UnknownPublishedBundle,
                        section.ValuePosition("bundle"),
                        $"unknown bundle '{published}' {section.Where}{Suggestions.Lead(published, names)}{list}");
                }
                else
                {
                    levels = known.Wasi;
                    isKnown = true;
                }
            }

            drafts.Add(new BundleDraft(name, published, levels, table.KeyPosition(name), isKnown));
        }

        return drafts;
    }

    private static string InstancesPhrase(IReadOnlyList<BundleDraft> bundles) =>
        bundles.Count == 0
            ? "no bundle instances are defined; add one, e.g. [bundles.p2] with bundle = \"...\""
            : $"defined instances: {Suggestions.QuotedList(bundles.Select(b => b.Name))}";

    // ---- [[components]] ----------------------------------------------------------------------

    private List<ComponentEntry> ReadComponents(
        Section root,
        WorkspaceSettings workspace,
        IReadOnlyList<BundleDraft> bundles,
        ProfileSet profiles)
    {
        var entries = new List<ComponentEntry>();
        var tables = ArrayOfTables(root, "components");
        var firstUse = new Dictionary<string, TomlPosition>(StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            var entry = ReadComponent(tables[i], i + 1, workspace, bundles, profiles, firstUse);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private ComponentEntry? ReadComponent(
        TomlTable table,
        int index,
        WorkspaceSettings workspace,
        IReadOnlyList<BundleDraft> bundles,
        ProfileSet profiles,
        Dictionary<string, TomlPosition> firstUse)
    {
        var section = new Section(table, $"[[components]] #{index}", diagnostics);
        var name = section.String("name", required: true);
        if (name is not null)
        {
            section = section with { Name = $"[[components]] '{name}'" };
            CheckComponentName(section, name, firstUse);
        }

        section.RejectUnknownKeys(ComponentKeys);
        var language = section.String("language", required: true);
        if (language is not null)
        {
            CheckLanguage(section, language);
        }

        var folder = ReadComponentFolder(section);
        var (witPath, witFolder) = ReadWitFolder(section, folder);
        var world = section.String("world", required: true);
        var wasi = ReadWasi(section, out var wasiIsValid);
        var bundle = ResolveBundle(section, wasi, wasiIsValid, workspace, bundles);
        var componentProfiles = ReadComponentProfiles(section, profiles);
        var options = ReadOptions(section);
        var runner = section.String("runner");
        if (runner is not null && !Runners.Contains(runner, StringComparer.Ordinal))
        {
            diagnostics.Error(DiagnosticCodes.InvalidValue, section.ValuePosition("runner"),
                $"unknown runner '{runner}' in {section.Name}: use one of {string.Join(", ", Runners)}");
        }

        if (language is not null && bundle is not null)
        {
            CheckLanguageInBundle(section, language, bundles.FirstOrDefault(b => b.Name == bundle));
        }

        if (name is null || language is null || folder is null || witFolder is null || world is null || bundle is null)
        {
            return null;
        }

        return new ComponentEntry
        {
            Name = name,
            Language = language,
            Path = _paths.Relative(folder),
            FullPath = folder,
            WitPath = witPath!.Replace('\\', '/'),
            WitFullPath = witFolder,
            World = world,
            BundleInstance = bundle,
            Wasi = wasi,
            Profiles = componentProfiles,
            Options = options,
            Runner = runner,
            Position = table.Position,
        };
    }

    /// <summary>A bundle builds only the languages it lists: a Go component on a bundle without Go would fail at its first step.</summary>
    private void CheckLanguageInBundle(Section section, string language, BundleDraft? instance)
    {
        var published = instance?.Bundle is { } bundleName ? context.Bundles.FirstOrDefault(b => b.Name == bundleName) : null;
        if (published?.Languages is not { } languages || languages.Contains(language, StringComparer.Ordinal))
        {
            return;
        }

        var others = context.Bundles.Where(b => b.Languages?.Contains(language, StringComparer.Ordinal) == true).Select(b => b.Name).ToList();
        var alternatives = others.Count == 0
            ? $"no published bundle builds '{language}'"
            : $"bundles that build '{language}': {Suggestions.QuotedList(others)}";
        diagnostics.Error(
            DiagnosticCodes.LanguageNotInBundle,
            section.Has("language") ? section.ValuePosition("language") : section.Position,
            $"language '{language}' {section.Where} is not built by bundle '{published.Name}' (instance '{instance!.Name}'; it builds {Suggestions.QuotedList(languages)}); {alternatives}");
    }

    private void CheckComponentName(Section section, string name, Dictionary<string, TomlPosition> firstUse)
    {
        var position = section.ValuePosition("name");
        if (!ComponentName().IsMatch(name))
        {
            diagnostics.Error(
                DiagnosticCodes.InvalidValue,
                position,
                $"component name '{name}' must be kebab-case: words of lower-case letters and digits, each starting with a letter, joined by '-'");
        }

        if (firstUse.TryGetValue(name, out var first))
        {
            diagnostics.Error(
                DiagnosticCodes.DuplicateComponent,
                position,
                $"duplicate component name '{name}'; it is already used by the [[components]] entry at {first}");
        }
        else
        {
            firstUse.Add(name, position);
        }
    }

    private void CheckLanguage(Section section, string language)
    {
        if (context.Languages.Contains(language, StringComparer.Ordinal))
        {
            return;
        }

        var known = context.Languages.Order(StringComparer.Ordinal).ToList();
        var list = known.Count == 0 ? "no language plugins are installed" : $"known languages: {Suggestions.QuotedList(known)}";
        diagnostics.Error(
            DiagnosticCodes.UnknownLanguage,
            section.ValuePosition("language"),
            $"unknown language '{language}' {section.Where}{Suggestions.Lead(language, known)}{list}");
    }

    /// <summary>The absolute component folder, or null when it is missing or not allowed.</summary>
    private string? ReadComponentFolder(Section section)
    {
        var path = section.String("path", required: true);
        if (path is null)
        {
            return null;
        }

        var position = section.ValuePosition("path");
        var checkedPath = _paths.Check(path, _paths.Root, mustExist: true);
        if (ReportEscape(checkedPath, "path", path, section, position))
        {
            return null;
        }

        if (checkedPath.Problem == PathProblem.Missing)
        {
            diagnostics.Error(
                DiagnosticCodes.MissingComponentFolder,
                position,
                $"component folder '{path}' of {section.Name} does not exist ({checkedPath.FullPath})");
            return null;
        }

        return checkedPath.FullPath;
    }

    /// <summary>The WIT folder as written and its absolute path; the path is null when the folder is missing or not allowed, or its component folder is.</summary>
    private (string? Written, string? FullPath) ReadWitFolder(Section section, string? componentFolder)
    {
        var written = section.Has("wit");
        var wit = written ? section.String("wit") : DefaultWit;
        if (wit is null || componentFolder is null)
        {
            return (wit, null);
        }

        // An implicit 'wit' has no place of its own: point at the entry.
        var position = written ? section.ValuePosition("wit") : section.Position;
        var checkedPath = _paths.Check(wit, componentFolder, mustExist: true);
        if (ReportEscape(checkedPath, "wit", wit, section, position))
        {
            return (wit, null);
        }

        if (checkedPath.Problem == PathProblem.Missing)
        {
            var implicitNote = written ? "" : " (the default; set 'wit' to use another folder)";
            diagnostics.Error(
                DiagnosticCodes.MissingWitFolder,
                position,
                $"WIT folder '{wit}'{implicitNote} of {section.Name} does not exist ({checkedPath.FullPath})");
            return (wit, null);
        }

        return (wit, checkedPath.FullPath);
    }

    /// <summary>Reports a path that is absolute or leads out of the workspace; true when it did.</summary>
    private bool ReportEscape(CheckedPath checkedPath, string key, string written, Section section, TomlPosition position)
    {
        var message = checkedPath.Problem switch
        {
            PathProblem.Absolute =>
                $"'{key}' {section.Where} must be a relative path inside the workspace, found absolute path '{written}'",
            PathProblem.ClimbsOut =>
                $"'{key}' {section.Where} leads outside the workspace: '{written}' is {checkedPath.FullPath}",
            PathProblem.LinksOut =>
                $"'{key}' {section.Where} leads outside the workspace through a symbolic link: '{written}' resolves to {checkedPath.LinkTarget}",
            _ => null,
        };
        if (message is null)
        {
            return false;
        }

        diagnostics.Error(DiagnosticCodes.PathEscapesWorkspace, position, message);
        return true;
    }

    private WasiLevel? ReadWasi(Section section, out bool isValid)
    {
        isValid = true;
        var text = section.String("wasi");
        if (text is null)
        {
            isValid = !section.Has("wasi");
            return null;
        }

        if (WasiLevels.TryParse(text, out var level))
        {
            return level;
        }

        isValid = false;
        diagnostics.Error(
            DiagnosticCodes.InvalidValue,
            section.ValuePosition("wasi"),
            $"'wasi' {section.Where} must be one of {Suggestions.QuotedList(WasiLevels.Names)}, found '{text}'{Suggestions.Hint(text, WasiLevels.Names)}");
        return null;
    }

    /// <summary>The bundle instance the component builds with, or null after reporting why there is none.</summary>
    private string? ResolveBundle(
        Section section,
        WasiLevel? wasi,
        bool wasiIsValid,
        WorkspaceSettings workspace,
        IReadOnlyList<BundleDraft> bundles)
    {
        var bundle = section.String("bundle");
        if (section.Has("bundle") && section.Has("wasi"))
        {
            diagnostics.Error(
                DiagnosticCodes.BundleAndWasi,
                section.KeyPosition("wasi"),
                $"{section.Name} sets both 'bundle' and 'wasi'; keep one: 'bundle' names an instance, 'wasi' lets wasmc pick the instance that supports the level");
        }

        if (section.Has("bundle"))
        {
            if (bundle is not null && !bundles.Any(b => b.Name == bundle))
            {
                diagnostics.Error(
                    DiagnosticCodes.UnknownBundleInstance,
                    section.ValuePosition("bundle"),
                    $"unknown bundle instance '{bundle}' {section.Where}{Suggestions.Lead(bundle, bundles.Select(b => b.Name))}{InstancesPhrase(bundles)}");
                return null;
            }

            return section.Has("wasi") ? null : bundle;
        }

        if (section.Has("wasi"))
        {
            return wasi is { } level && wasiIsValid ? PickInstanceFor(section, level, workspace, bundles) : null;
        }

        if (workspace.DefaultBundle is not null)
        {
            return workspace.DefaultBundle;
        }

        if (workspace.DefaultBundleIsBroken)
        {
            return null;
        }

        if (bundles.Count == 1)
        {
            return bundles[0].Name;
        }

        var detail = bundles.Count == 0
            ? "; no bundle instances are defined (add [bundles.<name>] with bundle = \"...\")"
            : $" (defined instances: {Suggestions.QuotedList(bundles.Select(b => b.Name))})";
        diagnostics.Error(
            DiagnosticCodes.NoBundle,
            section.Position,
            $"{section.Name} has no bundle: set 'bundle' or 'wasi' on it, or 'default-bundle' in [workspace]{detail}");
        return null;
    }

    private string? PickInstanceFor(Section section, WasiLevel level, WorkspaceSettings workspace, IReadOnlyList<BundleDraft> bundles)
    {
        var candidates = bundles.Where(b => b.Wasi.Contains(level)).ToList();
        if (candidates.Any(b => b.Name == workspace.DefaultBundle))
        {
            return workspace.DefaultBundle;
        }

        if (candidates.Count == 1)
        {
            return candidates[0].Name;
        }

        var levelName = WasiLevels.Name(level);
        string message;
        if (candidates.Count == 0 && bundles.Any(b => !b.IsKnown))
        {
            return null; // an instance whose bundle is unknown (reported) might have been the one
        }

        if (candidates.Count == 0)
        {
            var published = context.Bundles.FirstOrDefault(b => b.Wasi.Contains(level));
            var advice = published is null
                ? "; no published bundle supports it either"
                : $"; add one, e.g. [bundles.{WasiLevels.ShortName(level)}] with bundle = \"{published.Name}\"";
            message = $"no bundle instance supports wasi '{levelName}' {section.Where}{advice}";
        }
        else
        {
            message = $"several bundle instances support wasi '{levelName}' ({Suggestions.QuotedList(candidates.Select(c => c.Name))}) " +
                      $"and none is the default-bundle; set 'bundle' {section.Where} to choose one";
        }

        diagnostics.Error(DiagnosticCodes.NoBundleForWasi, section.ValuePosition("wasi"), message);
        return null;
    }

    private List<string>? ReadComponentProfiles(Section section, ProfileSet profiles)
    {
        var names = section.StringList("profiles");
        if (names is null)
        {
            return null;
        }

        foreach (var (name, position) in names)
        {
            if (!profiles.Names.Contains(name, StringComparer.Ordinal))
            {
                diagnostics.Error(
                    DiagnosticCodes.UnknownProfile,
                    position,
                    $"unknown profile '{name}' in 'profiles' of {section.Name}{Suggestions.Lead(name, profiles.Names)}profiles: {Suggestions.QuotedList(profiles.Names)}");
            }
        }

        return names.Select(n => n.Text).Distinct(StringComparer.Ordinal).ToList();
    }

    private Dictionary<string, object> ReadOptions(Section component)
    {
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        var table = component.SubTable("options");
        if (table is null)
        {
            return options;
        }

        var section = new Section(table, $"[components.options] of {component.Name["[[components]] ".Length..]}", diagnostics);
        foreach (var (key, node) in table)
        {
            object? value = node switch
            {
                TomlValue { Value: string or long or double or bool } scalar => scalar.Value,
                TomlArray array => TomlShapes.AsStringList(array)?.Select(item => item.Text).ToList(),
                _ => null,
            };
            if (value is null)
            {
                section.ReportWrongType(key, "a string, number, boolean or array of strings", node);
                continue;
            }

            options.Add(key, value);
        }

        return options;
    }

    // ---- [[plugins]] -------------------------------------------------------------------------

    private List<PluginReference> ReadPlugins(Section root)
    {
        var plugins = new List<PluginReference>();
        var tables = ArrayOfTables(root, "plugins");
        for (var i = 0; i < tables.Count; i++)
        {
            var section = new Section(tables[i], $"[[plugins]] #{i + 1}", diagnostics);
            section.RejectUnknownKeys(PluginKeys);
            var package = section.String("package");
            var version = section.String("version");
            var path = section.String("path");
            if (section.Has("package") && section.Has("path"))
            {
                diagnostics.Error(
                    DiagnosticCodes.PluginSource,
                    section.KeyPosition("path"),
                    $"{section.Name} sets both 'package' and 'path'; a plugin comes either from a NuGet package or from a folder");
            }
            else if (!section.Has("package") && !section.Has("path"))
            {
                diagnostics.Error(
                    DiagnosticCodes.PluginSource,
                    section.Position,
                    $"{section.Name} needs 'package' (a NuGet package id, with 'version') or 'path' (a folder with the plugin's built assemblies)");
            }
            else if (section.Has("package"))
            {
                if (!section.Has("version"))
                {
                    section.ReportMissing("version");
                }
                else if (package is not null && version is not null)
                {
                    plugins.Add(new PluginReference(package, version, null, section.Position));
                }
            }
            else if (section.Has("version"))
            {
                diagnostics.Error(
                    DiagnosticCodes.PluginSource,
                    section.KeyPosition("version"),
                    $"'version' {section.Where} only applies to a 'package' plugin; a 'path' plugin is used as built");
            }
            else if (path is not null)
            {
                // Plugins run on the host and are never mounted into containers, so they may live outside the workspace.
                var folder = Path.GetFullPath(Path.Combine(_paths.Root, path));
                if (Directory.Exists(folder))
                {
                    plugins.Add(new PluginReference(null, null, folder, section.Position));
                }
                else
                {
                    diagnostics.Error(
                        DiagnosticCodes.MissingPluginFolder,
                        section.ValuePosition("path"),
                        $"plugin folder '{path}' of {section.Name} does not exist ({folder})");
                }
            }
        }

        return plugins;
    }

    /// <summary>The tables of an array of tables under <paramref name="key"/>; reports anything else.</summary>
    private static List<TomlTable> ArrayOfTables(Section root, string key)
    {
        if (!root.Table.TryGetValue(key, out var node))
        {
            return [];
        }

        if (node is TomlArray array && array.All(e => e is TomlTable))
        {
            return array.Cast<TomlTable>().ToList();
        }

        root.ReportWrongType(key, $"an array of tables ([[{key}]])", node);
        return [];
    }

    public static bool IsComponentName(string name) => ComponentName().IsMatch(name);

    /// <summary>Kebab-case, as WIT names are: <c>calculator</c>, <c>http-proxy2</c>.</summary>
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$")]
    private static partial Regex ComponentName();

    /// <summary>Names that can be typed on a command line unquoted.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    internal static partial Regex SimpleName();
}
