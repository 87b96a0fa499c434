using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>The profiles of a manifest: every name (for reference checks) and those that resolved.</summary>
internal sealed record ProfileSet(IReadOnlyList<string> Names, IReadOnlyList<BuildProfile> Resolved);

/// <summary>
/// Reads <c>[profiles.*]</c>. <c>debug</c> and <c>release</c> always exist and may be adjusted;
/// other profiles start from the profile they <c>inherits</c>. Keys a profile sets replace the
/// parent's; <c>flags</c> replace per language, so a child can also clear a parent's flags.
/// </summary>
internal sealed class ProfileReader(ManifestContext context, DiagnosticBag diagnostics)
{
    private static readonly string[] ProfileKeys = ["inherits", "optimize", "debug-info", "strip", "flags"];

    private static readonly BuildProfile DebugDefaults = new(
        BuildProfile.Debug, null, Optimize: false, DebugInfo: true, Strip: false, new Dictionary<string, IReadOnlyList<string>>());

    private static readonly BuildProfile ReleaseDefaults = new(
        BuildProfile.Release, null, Optimize: true, DebugInfo: false, Strip: true, new Dictionary<string, IReadOnlyList<string>>());

    private sealed record ProfileDraft(
        string Name,
        int Order,
        string? Inherits,
        TomlPosition? InheritsPosition,
        bool? Optimize,
        bool? DebugInfo,
        bool? Strip,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Flags)
    {
        public bool IsBuiltIn => IsBuiltInName(Name);
    }

    public ProfileSet Read(Section root)
    {
        var drafts = ReadDrafts(root);
        var names = new List<string> { BuildProfile.Debug, BuildProfile.Release };
        names.AddRange(drafts.Values.Where(d => !d.IsBuiltIn).OrderBy(d => d.Order).Select(d => d.Name));
        CheckParents(drafts, names);
        CheckCycles(drafts);

        var resolved = new Dictionary<string, BuildProfile?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Resolve(name, drafts, resolved, []);
        }

        var profiles = names.Select(n => resolved[n]).OfType<BuildProfile>().ToList();
        return new ProfileSet(names, profiles);
    }

    private static bool IsBuiltInName(string name) => name is BuildProfile.Debug or BuildProfile.Release;

    private Dictionary<string, ProfileDraft> ReadDrafts(Section root)
    {
        var drafts = new Dictionary<string, ProfileDraft>(StringComparer.Ordinal);
        var table = root.SubTable("profiles");
        if (table is null)
        {
            return drafts;
        }

        var profilesSection = new Section(table, "[profiles]", diagnostics);
        foreach (var (name, node) in table)
        {
            if (!ManifestReader.SimpleName().IsMatch(name))
            {
                diagnostics.Error(
                    DiagnosticCodes.InvalidValue,
                    table.KeyPosition(name),
                    $"profile name '{name}' must use only letters, digits, '-' and '_'");
            }

            if (node is not TomlTable profileTable)
            {
                profilesSection.ReportWrongType(name, $"a table ([profiles.{name}])", node);
                continue;
            }

            var section = new Section(profileTable, $"[profiles.{name}]", diagnostics);
            section.RejectUnknownKeys(ProfileKeys);
            var inherits = section.String("inherits");
            TomlPosition? inheritsPosition = section.Has("inherits") ? section.ValuePosition("inherits") : null;
            if (IsBuiltInName(name) && inherits is not null)
            {
                diagnostics.Error(
                    DiagnosticCodes.InvalidValue,
                    inheritsPosition,
                    $"built-in profile '{name}' cannot use 'inherits'; define a new profile that inherits from it instead");
                inherits = null;
            }
            else if (!IsBuiltInName(name) && !section.Has("inherits"))
            {
                diagnostics.Error(
                    DiagnosticCodes.MissingKey,
                    section.Position,
                    $"{section.Name} is missing required key 'inherits'; a custom profile starts from another profile, e.g. inherits = \"release\"");
            }

            drafts.Add(name, new ProfileDraft(
                name,
                drafts.Count,
                inherits,
                inheritsPosition,
                section.Boolean("optimize"),
                section.Boolean("debug-info"),
                section.Boolean("strip"),
                ReadFlags(section, name)));
        }

        return drafts;
    }

    private Dictionary<string, IReadOnlyList<string>> ReadFlags(Section profile, string profileName)
    {
        var flags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var table = profile.SubTable("flags");
        if (table is null)
        {
            return flags;
        }

        var section = new Section(table, $"[profiles.{profileName}.flags]", diagnostics);
        foreach (var language in table.Keys)
        {
            var list = section.StringList(language);
            if (list is null)
            {
                continue;
            }

            flags.Add(language, list.Select(item => item.Text).ToList());
            if (!context.Languages.Contains(language, StringComparer.Ordinal))
            {
                // A warning: a shared manifest may carry flags for a plugin this machine does not have.
                diagnostics.Warning(
                    DiagnosticCodes.FlagsForUnknownLanguage,
                    table.KeyPosition(language),
                    $"flags for unknown language '{language}' {section.Where} are not used{Suggestions.Hint(language, context.Languages)}");
            }
        }

        return flags;
    }

    private void CheckParents(Dictionary<string, ProfileDraft> drafts, IReadOnlyList<string> names)
    {
        foreach (var draft in drafts.Values.OrderBy(d => d.Order))
        {
            if (draft.Inherits is { } parent && !names.Contains(parent, StringComparer.Ordinal))
            {
                diagnostics.Error(
                    DiagnosticCodes.UnknownParentProfile,
                    draft.InheritsPosition,
                    $"profile '{draft.Name}' inherits from unknown profile '{parent}'{Suggestions.Lead(parent, names)}profiles: {Suggestions.QuotedList(names)}");
            }
        }
    }

    /// <summary>Reports each cycle once, at the <c>inherits</c> of its member written first.</summary>
    private void CheckCycles(Dictionary<string, ProfileDraft> drafts)
    {
        foreach (var start in drafts.Values.Where(d => !d.IsBuiltIn).OrderBy(d => d.Order))
        {
            var chain = new List<string> { start.Name };
            var current = start;
            while (current.Inherits is { } parent && !IsBuiltInName(parent) && drafts.TryGetValue(parent, out var next))
            {
                var seenAt = chain.IndexOf(parent);
                if (seenAt == 0 && chain.All(member => drafts[member].Order >= start.Order))
                {
                    diagnostics.Error(
                        DiagnosticCodes.ProfileCycle,
                        start.InheritsPosition,
                        $"profile '{start.Name}' inherits from itself: {string.Join(" -> ", chain)} -> {start.Name}");
                }

                if (seenAt >= 0)
                {
                    break;
                }

                chain.Add(parent);
                current = next;
            }
        }
    }

    /// <summary>Resolves <paramref name="name"/>; null when its chain is broken (already reported).</summary>
    private static BuildProfile? Resolve(
        string name,
        Dictionary<string, ProfileDraft> drafts,
        Dictionary<string, BuildProfile?> resolved,
        HashSet<string> resolving)
    {
        if (resolved.TryGetValue(name, out var done))
        {
            return done;
        }

        if (!resolving.Add(name))
        {
            return null; // a cycle, reported by CheckCycles
        }

        drafts.TryGetValue(name, out var draft);
        BuildProfile? result;
        if (IsBuiltInName(name))
        {
            var defaults = name == BuildProfile.Debug ? DebugDefaults : ReleaseDefaults;
            result = draft is null ? defaults : Overlay(defaults, draft, inherits: null);
        }
        else if (draft?.Inherits is { } parentName && Resolve(parentName, drafts, resolved, resolving) is { } parent)
        {
            result = Overlay(parent, draft, parentName);
        }
        else
        {
            result = null;
        }

        resolving.Remove(name);
        resolved[name] = result;
        return result;
    }

    private static BuildProfile Overlay(BuildProfile parent, ProfileDraft draft, string? inherits)
    {
        var flags = new Dictionary<string, IReadOnlyList<string>>(parent.Flags, StringComparer.Ordinal);
        foreach (var (language, languageFlags) in draft.Flags)
        {
            flags[language] = languageFlags;
        }

        return new BuildProfile(
            draft.Name,
            inherits,
            draft.Optimize ?? parent.Optimize,
            draft.DebugInfo ?? parent.DebugInfo,
            draft.Strip ?? parent.Strip,
            flags);
    }
}
