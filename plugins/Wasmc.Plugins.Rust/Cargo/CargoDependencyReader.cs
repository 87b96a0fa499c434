using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>Reads dependency tables and completes <c>workspace = true</c> entries from the workspace root.</summary>
internal static class CargoDependencyReader
{
    // Keys a member may add to an inherited dependency; everything else comes from [workspace.dependencies].
    private static readonly HashSet<string> InheritableOverrides = ["workspace", "features", "optional", "default-features", "default_features", "public"];

    /// <summary>Reads one dependency table (<paramref name="path"/> names it in messages, e.g. <c>dependencies</c>).</summary>
    public static IEnumerable<CargoDependency> ReadTable(
        TomlTable table, string path, CargoDependencyKind kind, string? platform, string manifestDirectory, CargoWorkspace? workspace, bool isWorkspaceTable = false)
    {
        foreach (var (name, node) in table)
        {
            var dependency = Read(name, node, table.KeyPosition(name), $"{path}.{ManifestFields.Key(name)}", kind, platform, manifestDirectory);
            if (dependency.InheritedFromWorkspace)
            {
                if (isWorkspaceTable)
                {
                    throw ManifestFields.Error(dependency.Position, $"'{path}.{ManifestFields.Key(name)}' cannot itself be inherited with 'workspace = true'");
                }

                dependency = Inherit(dependency, (TomlTable)node, workspace);
            }

            yield return dependency;
        }
    }

    private static CargoDependency Read(string name, TomlNode node, TomlPosition position, string path, CargoDependencyKind kind, string? platform, string manifestDirectory)
    {
        if (node is TomlValue { Value: string version })
        {
            return new CargoDependency { Name = name, PackageName = name, Kind = kind, Platform = platform, Version = version, Position = position };
        }

        if (node is not TomlTable table)
        {
            throw ManifestFields.WrongType(node, path, "a version string or a table");
        }

        var inherited = ManifestFields.Boolean(table, "workspace", path);
        if (inherited == false)
        {
            throw ManifestFields.Error(table["workspace"].Position, $"'{path}.workspace' can only be true (leave it out instead)");
        }

        if (inherited == true)
        {
            var conflicting = table.Keys.FirstOrDefault(key => !InheritableOverrides.Contains(key));
            if (conflicting is not null)
            {
                throw ManifestFields.Error(table.KeyPosition(conflicting),
                    $"'{path}' inherits from the workspace (workspace = true) and cannot also set '{conflicting}'; set it in [workspace.dependencies]");
            }
        }

        var git = ManifestFields.String(table, "git", path);
        var references = new[] { "branch", "tag", "rev" }.Where(table.ContainsKey).ToList();
        if (references.Count > 0 && git is null)
        {
            throw ManifestFields.Error(table.KeyPosition(references[0]), $"'{path}' sets '{references[0]}' without 'git'");
        }

        if (references.Count > 1)
        {
            throw ManifestFields.Error(table.KeyPosition(references[1]), $"'{path}' may set only one of 'branch', 'tag' and 'rev'");
        }

        var localPath = ManifestFields.String(table, "path", path);
        if (inherited != true && localPath is null && git is null && !table.ContainsKey("version") && !table.ContainsKey("registry"))
        {
            throw ManifestFields.Error(position, $"'{path}' has no source: set 'version', 'path', 'git' or 'workspace = true'");
        }

        return new CargoDependency
        {
            Name = name,
            PackageName = ManifestFields.String(table, "package", path) ?? name,
            Kind = kind,
            Platform = platform,
            Version = ManifestFields.String(table, "version", path),
            Path = localPath,
            FullPath = localPath is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(manifestDirectory, localPath)),
            Git = git,
            Branch = ManifestFields.String(table, "branch", path),
            Tag = ManifestFields.String(table, "tag", path),
            Rev = ManifestFields.String(table, "rev", path),
            Registry = ManifestFields.String(table, "registry", path),
            Features = ManifestFields.StringArray(table, "features", path),
            Optional = ManifestFields.Boolean(table, "optional", path) ?? false,
            DefaultFeatures = ManifestFields.Boolean(table, "default-features", path) ?? ManifestFields.Boolean(table, "default_features", path) ?? true,
            InheritedFromWorkspace = inherited == true,
            Position = position,
        };
    }

    private static CargoDependency Inherit(CargoDependency member, TomlTable written, CargoWorkspace? workspace)
    {
        var workspaceKey = written.KeyPosition("workspace");
        if (workspace is null)
        {
            throw ManifestFields.Error(workspaceKey,
                $"dependency '{member.Name}' inherits from the workspace (workspace = true), but no Cargo.toml with [workspace] was found above this manifest");
        }

        if (!workspace.Dependencies.TryGetValue(member.Name, out var shared))
        {
            throw ManifestFields.Error(workspaceKey,
                $"dependency '{member.Name}' inherits from the workspace, but {workspace.ManifestPath} has no '{member.Name}' in [workspace.dependencies]");
        }

        // Cargo adds the member's features to the workspace's; 'optional' is the member's own choice.
        var explicitDefaultFeatures = written.ContainsKey("default-features") || written.ContainsKey("default_features");
        return shared with
        {
            Name = member.Name,
            Kind = member.Kind,
            Platform = member.Platform,
            Features = [.. shared.Features.Concat(member.Features).Distinct(StringComparer.Ordinal)],
            Optional = member.Optional,
            DefaultFeatures = explicitDefaultFeatures ? member.DefaultFeatures : shared.DefaultFeatures,
            InheritedFromWorkspace = true,
            Position = member.Position,
        };
    }
}
