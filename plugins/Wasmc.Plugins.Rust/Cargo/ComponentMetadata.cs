using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// A WIT dependency in cargo-component's <c>[package.metadata.component.dependencies]</c> or
/// <c>[package.metadata.component.target.dependencies]</c>: a version requirement (<c>"wasi:io" = "0.2.0"</c>),
/// a local path (<c>{ path = "wit/deps/io" }</c>) or a registry package (<c>{ package = "...", version = "...", registry = "..." }</c>).
/// </summary>
internal sealed record ComponentDependency
{
    /// <summary>The WIT package id used as the key, e.g. <c>wasi:http</c>.</summary>
    public required string Name { get; init; }

    public string? Version { get; init; }

    /// <summary>The path as written, relative to the manifest's directory.</summary>
    public string? Path { get; init; }

    public string? FullPath { get; init; }

    /// <summary>The registry package id when it differs from <see cref="Name"/>.</summary>
    public string? Package { get; init; }

    public string? Registry { get; init; }

    public required TomlPosition Position { get; init; }
}

/// <summary>
/// cargo-component's <c>target</c>: either a local WIT directory (<c>path</c>, default <c>wit</c>) with an optional
/// <c>world</c> and its own dependencies, or a registry package (<c>"ns:pkg/world@1.0"</c> or <c>{ package, version, world }</c>).
/// </summary>
internal sealed record ComponentTarget
{
    public string? World { get; init; }

    /// <summary>The WIT path as written; null means cargo-component's default <c>wit</c> directory (for a local target).</summary>
    public string? Path { get; init; }

    public string? FullPath { get; init; }

    /// <summary>The registry package holding the world (registry targets only).</summary>
    public string? Package { get; init; }

    public string? Version { get; init; }

    public string? Registry { get; init; }

    public IReadOnlyList<ComponentDependency> Dependencies { get; init; } = [];

    public bool IsLocal => Package is null;

    /// <summary>Where <c>target</c> was written; null when the manifest leaves the target to its default.</summary>
    public TomlPosition? Position { get; init; }

    /// <summary>The <c>target</c> table as written (for the positions of its keys); null for the string form or no target.</summary>
    public TomlTable? Table { get; init; }
}

/// <summary><c>[package.metadata.component]</c> as cargo-component defines it.</summary>
internal sealed record ComponentMetadata
{
    /// <summary>The component's package id, <c>namespace:name</c> (e.g. <c>"component:hello"</c>).</summary>
    public string? Package { get; init; }

    public ComponentTarget Target { get; init; } = new();

    public IReadOnlyList<ComponentDependency> Dependencies { get; init; } = [];

    /// <summary>A WASI adapter module to use instead of the default one, as written.</summary>
    public string? Adapter { get; init; }

    /// <summary><c>proxy = true</c>: use the <c>wasi:http/proxy</c> adapter.</summary>
    public bool Proxy { get; init; }

    /// <summary><c>[package.metadata.component.bindings]</c>, kept raw (implementor, derives, ownership, ...).</summary>
    public TomlTable? Bindings { get; init; }

    public required TomlPosition Position { get; init; }

    /// <summary>The table as written, for the positions of its keys.</summary>
    public required TomlTable Table { get; init; }

    internal static ComponentMetadata Read(TomlTable table, string manifestDirectory)
    {
        const string path = "package.metadata.component";
        // cargo-component's own keys (it rejects any other); those wasmc cannot honour are located errors later.
        ManifestFields.OnlyKeys(table, path, "package", "target", "dependencies", "registries", "adapter", "proxy", "bindings");
        var package = ManifestFields.String(table, "package", path);
        if (package is not null && !IsPackageId(package))
        {
            throw ManifestFields.Error(table["package"].Position, $"'{path}.package' must be a WIT package id 'namespace:name', found \"{package}\"");
        }

        var target = table.TryGetValue("target", out var targetNode)
            ? ReadTarget(targetNode, $"{path}.target", manifestDirectory)
            : new ComponentTarget();
        var dependencies = ManifestFields.Table(table, "dependencies", path);
        return new ComponentMetadata
        {
            Package = package,
            Target = target,
            Dependencies = dependencies is null ? [] : ReadDependencies(dependencies, $"{path}.dependencies", manifestDirectory),
            Adapter = ManifestFields.String(table, "adapter", path),
            Proxy = ManifestFields.Boolean(table, "proxy", path) ?? false,
            Bindings = ManifestFields.Table(table, "bindings", path),
            Position = table.Position,
            Table = table,
        };
    }

    private static ComponentTarget ReadTarget(TomlNode node, string path, string manifestDirectory)
    {
        if (node is TomlValue { Value: string text })
        {
            // "<package-id>[/<world>]@<version>" names a world in a registry package.
            var at = text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                throw ManifestFields.Error(node.Position, $"'{path}' must look like \"<package-id>[/<world>]@<version>\", found \"{text}\"");
            }

            var id = text[..at];
            var slash = id.IndexOf('/', StringComparison.Ordinal);
            return new ComponentTarget
            {
                Package = slash < 0 ? id : id[..slash],
                World = slash < 0 ? null : id[(slash + 1)..],
                Version = text[(at + 1)..],
                Position = node.Position,
            };
        }

        if (node is not TomlTable table)
        {
            throw ManifestFields.WrongType(node, path, "a string or a table");
        }

        ManifestFields.OnlyKeys(table, path, "path", "world", "dependencies", "package", "version", "registry");
        var package = ManifestFields.String(table, "package", path);
        var localPath = ManifestFields.String(table, "path", path);
        if (package is not null && localPath is not null)
        {
            throw ManifestFields.Error(table.KeyPosition("path"), $"'{path}' cannot set both 'path' and 'package'");
        }

        var dependencies = ManifestFields.Table(table, "dependencies", path);
        if (package is not null && dependencies is not null)
        {
            throw ManifestFields.Error(table.KeyPosition("dependencies"), $"'{path}' cannot set both 'dependencies' and 'package'");
        }

        var version = ManifestFields.String(table, "version", path);
        if (package is not null && version is null)
        {
            throw ManifestFields.Error(table.Position, $"'{path}' names registry package '{package}' but no 'version'");
        }

        if (package is null && version is not null)
        {
            throw ManifestFields.Error(table.KeyPosition("version"), $"'{path}' sets 'version' without 'package' (a local target is a 'path')");
        }

        return new ComponentTarget
        {
            World = ManifestFields.String(table, "world", path),
            Path = localPath,
            FullPath = localPath is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(manifestDirectory, localPath)),
            Package = package,
            Version = version,
            Registry = ManifestFields.String(table, "registry", path),
            Dependencies = dependencies is null ? [] : ReadDependencies(dependencies, $"{path}.dependencies", manifestDirectory),
            Position = table.Position,
            Table = table,
        };
    }

    private static List<ComponentDependency> ReadDependencies(TomlTable table, string path, string manifestDirectory)
    {
        var result = new List<ComponentDependency>();
        foreach (var (name, node) in table)
        {
            var position = table.KeyPosition(name);
            var dependencyPath = $"{path}.{ManifestFields.Key(name)}";
            if (!IsPackageId(name))
            {
                throw ManifestFields.Error(position, $"'{dependencyPath}': a component dependency is named by a WIT package id 'namespace:name'");
            }

            if (node is TomlValue { Value: string version })
            {
                result.Add(new ComponentDependency { Name = name, Version = version, Position = position });
                continue;
            }

            if (node is not TomlTable entry)
            {
                throw ManifestFields.WrongType(node, dependencyPath, "a version string or a table");
            }

            ManifestFields.OnlyKeys(entry, dependencyPath, "path", "package", "version", "registry");
            var localPath = ManifestFields.String(entry, "path", dependencyPath);
            var dependency = new ComponentDependency
            {
                Name = name,
                Version = ManifestFields.String(entry, "version", dependencyPath),
                Path = localPath,
                FullPath = localPath is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(manifestDirectory, localPath)),
                Package = ManifestFields.String(entry, "package", dependencyPath),
                Registry = ManifestFields.String(entry, "registry", dependencyPath),
                Position = position,
            };
            if (localPath is not null && (dependency.Version ?? dependency.Package ?? dependency.Registry) is not null)
            {
                throw ManifestFields.Error(position, $"'{dependencyPath}' is a local path and cannot also set 'version', 'package' or 'registry'");
            }

            if (localPath is null && dependency.Version is null)
            {
                throw ManifestFields.Error(position, $"'{dependencyPath}' needs a 'path' or a 'version'");
            }

            result.Add(dependency);
        }

        return result;
    }

    // namespace:name, each part a WIT identifier (lower-case words joined by '-'); nested namespaces allowed.
    private static bool IsPackageId(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < id.Length - 1 && id.Split(':').All(part => part.Length > 0 && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
    }
}
