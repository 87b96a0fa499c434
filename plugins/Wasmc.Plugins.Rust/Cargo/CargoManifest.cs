using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// A typed <c>Cargo.toml</c> (TOML 1.1, read with Tomlyn as the host reads TOML). Workspace inheritance (<c>field.workspace = true</c> and
/// <c>dep = { workspace = true }</c>) is resolved against the root manifest found by walking up to a <c>Cargo.toml</c>
/// with <c>[workspace]</c> (or the one <c>package.workspace</c> points at). Problems are <see cref="WasmcPluginException"/>s
/// whose message starts with <c>file:line:col</c>.
/// </summary>
internal sealed class CargoManifest
{
    private static readonly HashSet<string> InheritablePackageFields =
    [
        "version", "authors", "description", "documentation", "readme", "homepage", "repository", "license",
        "license-file", "keywords", "categories", "publish", "edition", "rust-version", "exclude", "include",
    ];

    private static readonly HashSet<string> BuiltInProfiles = ["dev", "release", "test", "bench", "doc"];

    private CargoManifest(string path, TomlTable document)
    {
        ManifestPath = path;
        Document = document;
    }

    /// <summary>Absolute path of this <c>Cargo.toml</c>.</summary>
    public string ManifestPath { get; }

    public string Directory => System.IO.Path.GetDirectoryName(ManifestPath)!;

    /// <summary>The parsed document, for anything the typed model does not cover.</summary>
    public TomlTable Document { get; }

    /// <summary><c>[package]</c>; null for a virtual workspace manifest.</summary>
    public CargoPackage? Package { get; private set; }

    public CargoLibrary? Library { get; private set; }

    /// <summary>The <c>[[bin]]</c> tables as written (cargo also finds binaries by file layout: see <see cref="CrateTarget"/>).</summary>
    public IReadOnlyList<CargoBinary> Binaries { get; private set; } = [];

    /// <summary><c>package.default-run</c>: the binary <c>cargo run</c> runs when there are several; null when not set.</summary>
    public string? DefaultRun { get; private set; }

    /// <summary>Where <c>package.default-run</c> is written, when it is.</summary>
    public TomlPosition? DefaultRunPosition { get; private set; }

    /// <summary><c>package.autobins</c>: false turns off cargo's discovery of binaries by file layout.</summary>
    public bool AutoBins { get; private set; } = true;

    /// <summary>Every dependency of every kind and platform, in document order.</summary>
    public IReadOnlyList<CargoDependency> Dependencies { get; private set; } = [];

    /// <summary><c>[profile.*]</c> by name.</summary>
    public IReadOnlyDictionary<string, CargoProfile> Profiles { get; private set; } = new Dictionary<string, CargoProfile>();

    /// <summary><c>[features]</c> by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Features { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>This manifest's own <c>[workspace]</c>, when it is a workspace root.</summary>
    public CargoWorkspace? Workspace { get; private set; }

    /// <summary>The workspace this package belongs to (its own <see cref="Workspace"/> when it is the root); null when standalone.</summary>
    public CargoWorkspace? WorkspaceRoot { get; private set; }

    /// <summary><c>[package.metadata.component]</c>; null when the crate is not a cargo-component crate.</summary>
    public ComponentMetadata? Component { get; private set; }

    /// <summary><c>[package.metadata.wasmc]</c>; null when the crate has none.</summary>
    public WasmcMetadata? Wasmc { get; private set; }

    /// <summary>The library's crate name: <c>[lib] name</c>, else the package name with <c>-</c> turned into <c>_</c>.</summary>
    public string? LibraryName => Library?.Name ?? Package?.Name.Replace('-', '_');

    public IEnumerable<CargoDependency> DependenciesOf(CargoDependencyKind kind) => Dependencies.Where(d => d.Kind == kind);

    /// <summary>Reads <paramref name="cargoTomlPath"/> and, when needed, its workspace root.</summary>
    /// <exception cref="WasmcPluginException">The file is missing, is not valid TOML, or is not a valid manifest.</exception>
    public static CargoManifest Load(string cargoTomlPath)
    {
        var path = System.IO.Path.GetFullPath(cargoTomlPath);
        var document = ReadToml(path);
        var manifest = new CargoManifest(path, document);
        manifest.ReadWorkspaceSection();
        manifest.WorkspaceRoot = manifest.Workspace ?? FindWorkspaceRoot(manifest);
        manifest.ReadPackage();
        manifest.ReadLibrary();
        manifest.ReadBinaries();
        manifest.ReadDependencies();
        manifest.ReadProfiles();
        manifest.ReadFeatures();
        return manifest;
    }

    private static TomlTable ReadToml(string path)
    {
        if (!File.Exists(path))
        {
            throw new WasmcPluginException($"{path}: Cargo manifest not found");
        }

        try
        {
            return TomlDocument.ReadFile(path);
        }
        catch (TomlException error)
        {
            throw new WasmcPluginException(error.Message, error);
        }
    }

    private void ReadWorkspaceSection()
    {
        var workspace = ManifestFields.Table(Document, "workspace", "");
        if (workspace is not null)
        {
            Workspace = ReadWorkspace(workspace, ManifestPath);
        }
    }

    private static CargoWorkspace ReadWorkspace(TomlTable table, string manifestPath)
    {
        var directory = System.IO.Path.GetDirectoryName(manifestPath)!;
        var workspace = new CargoWorkspace
        {
            ManifestPath = manifestPath,
            Members = ManifestFields.StringArray(table, "members", "workspace"),
            Exclude = ManifestFields.StringArray(table, "exclude", "workspace"),
            DefaultMembers = ManifestFields.StringArray(table, "default-members", "workspace"),
            Resolver = ManifestFields.String(table, "resolver", "workspace"),
            Package = ManifestFields.Table(table, "package", "workspace"),
            Position = table.Position,
        };
        var dependencies = ManifestFields.Table(table, "dependencies", "workspace");
        if (dependencies is null)
        {
            return workspace;
        }

        var shared = CargoDependencyReader
            .ReadTable(dependencies, "workspace.dependencies", CargoDependencyKind.Normal, null, directory, null, isWorkspaceTable: true)
            .ToDictionary(d => d.Name, StringComparer.Ordinal);
        var optional = shared.Values.FirstOrDefault(d => d.Optional);
        if (optional is not null)
        {
            throw ManifestFields.Error(optional.Position, $"'workspace.dependencies.{ManifestFields.Key(optional.Name)}' cannot be optional; members choose 'optional = true'");
        }

        return workspace with { Dependencies = shared };
    }

    private static CargoWorkspace? FindWorkspaceRoot(CargoManifest member)
    {
        var package = member.Document.TryGetTable("package", out var table) ? table : null;
        if (package is not null && package.TryGetValue("workspace", out var pointer))
        {
            var relative = pointer is TomlValue { Value: string text } ? text : throw ManifestFields.WrongType(pointer, "package.workspace", "a path string");
            var rootPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(member.Directory, relative, "Cargo.toml"));
            var root = ReadToml(rootPath);
            return root.TryGetTable("workspace", out var section)
                ? ReadWorkspace(section, rootPath)
                : throw ManifestFields.Error(pointer.Position, $"'package.workspace' points at {rootPath}, which has no [workspace]");
        }

        for (var directory = System.IO.Directory.GetParent(member.Directory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "Cargo.toml");
            if (File.Exists(candidate) && ReadToml(candidate).TryGetTable("workspace", out var section))
            {
                return ReadWorkspace(section, candidate);
            }
        }

        return null;
    }

    private void ReadPackage()
    {
        var table = ManifestFields.Table(Document, "package", "") ?? ManifestFields.Table(Document, "project", "");
        if (table is null)
        {
            return;
        }

        var inherited = new List<string>();
        var values = new Dictionary<string, TomlNode>(StringComparer.Ordinal);
        foreach (var (key, node) in table)
        {
            values[key] = IsInheritMarker(node) ? InheritPackageField(table, key, inherited) : node;
        }

        var name = values.TryGetValue("name", out var nameNode)
            ? nameNode as TomlValue is { Value: string text } ? text : throw ManifestFields.WrongType(nameNode, "package.name", "a string")
            : throw ManifestFields.Error(table.Position, "[package] has no 'name'");
        var resolved = new TomlTable(table.Position);
        foreach (var (key, node) in values)
        {
            resolved.Add(key, table.KeyPosition(key), node);
        }

        Package = new CargoPackage
        {
            Name = name,
            Version = ManifestFields.String(resolved, "version", "package"),
            Edition = EditionOf(resolved),
            RustVersion = ManifestFields.String(resolved, "rust-version", "package"),
            Description = ManifestFields.String(resolved, "description", "package"),
            License = ManifestFields.String(resolved, "license", "package"),
            Repository = ManifestFields.String(resolved, "repository", "package"),
            Homepage = ManifestFields.String(resolved, "homepage", "package"),
            Documentation = ManifestFields.String(resolved, "documentation", "package"),
            Authors = ManifestFields.StringArray(resolved, "authors", "package"),
            Keywords = ManifestFields.StringArray(resolved, "keywords", "package"),
            Categories = ManifestFields.StringArray(resolved, "categories", "package"),
            Publish = PublishOf(resolved),
            Build = resolved.TryGetValue("build", out var build) && build is TomlValue { Value: string script } ? script : null,
            InheritedFields = inherited,
            Position = table.Position,
        };

        if (table.TryGetTable("metadata", out var metadata) && metadata.TryGetValue("component", out var component))
        {
            Component = component is TomlTable componentTable
                ? ComponentMetadata.Read(componentTable, Directory)
                : throw ManifestFields.WrongType(component, "package.metadata.component", "a table");
        }

        if (table.TryGetValue("metadata", out var metadataNode) && metadataNode is TomlTable metadataTable && metadataTable.TryGetValue("wasmc", out var wasmc))
        {
            Wasmc = wasmc is TomlTable wasmcTable
                ? WasmcMetadata.Read(wasmcTable)
                : throw ManifestFields.WrongType(wasmc, WasmcMetadata.Section, "a table");
        }
    }

    private static bool IsInheritMarker(TomlNode node) => node is TomlTable table && table.ContainsKey("workspace");

    private TomlNode InheritPackageField(TomlTable package, string key, List<string> inherited)
    {
        var marker = (TomlTable)package[key];
        var position = marker.KeyPosition("workspace");
        if (!marker.TryGetBoolean("workspace", out var enabled) || !enabled || marker.Count != 1)
        {
            throw ManifestFields.Error(position, $"'package.{key}' must be a value or exactly '{{ workspace = true }}'");
        }

        if (!InheritablePackageFields.Contains(key))
        {
            throw ManifestFields.Error(package.KeyPosition(key), $"'package.{key}' cannot be inherited from the workspace");
        }

        if (WorkspaceRoot is null)
        {
            throw ManifestFields.Error(position, $"'package.{key}' inherits from the workspace, but no Cargo.toml with [workspace] was found above this manifest");
        }

        if (WorkspaceRoot.Package is null || !WorkspaceRoot.Package.TryGetValue(key, out var value))
        {
            throw ManifestFields.Error(position, $"'package.{key}' inherits from the workspace, but {WorkspaceRoot.ManifestPath} has no '{key}' in [workspace.package]");
        }

        inherited.Add(key);
        return value;
    }

    private static string? EditionOf(TomlTable package)
    {
        var edition = ManifestFields.String(package, "edition", "package");
        if (edition is not null && edition is not ("2015" or "2018" or "2021" or "2024"))
        {
            throw ManifestFields.Error(package["edition"].Position, $"unknown edition \"{edition}\" (expected 2015, 2018, 2021 or 2024)");
        }

        return edition;
    }

    private static bool PublishOf(TomlTable package) => package.TryGetValue("publish", out var node)
        ? node switch
        {
            TomlValue { Value: bool publish } => publish,
            TomlArray registries => registries.Count > 0,
            _ => throw ManifestFields.WrongType(node, "package.publish", "a boolean or an array of registry names"),
        }
        : true;

    private void ReadLibrary()
    {
        var lib = ManifestFields.Table(Document, "lib", "");
        if (lib is null)
        {
            return;
        }

        var crateTypes = lib.ContainsKey("crate-type")
            ? ManifestFields.StringArray(lib, "crate-type", "lib")
            : ManifestFields.StringArray(lib, "crate_type", "lib");
        Library = new CargoLibrary
        {
            Name = ManifestFields.String(lib, "name", "lib"),
            CrateTypes = crateTypes,
            Path = ManifestFields.String(lib, "path", "lib"),
            Position = lib.Position,
        };
    }

    private void ReadBinaries()
    {
        if (ManifestFields.Table(Document, "package", "") is { } package)
        {
            DefaultRun = ManifestFields.String(package, "default-run", "package");
            DefaultRunPosition = DefaultRun is null ? null : package.KeyPosition("default-run");
            AutoBins = ManifestFields.Boolean(package, "autobins", "package") ?? true;
        }

        if (!Document.TryGetValue("bin", out var node))
        {
            return;
        }

        var tables = node as TomlArray ?? throw ManifestFields.WrongType(node, "bin", "an array of tables ([[bin]])");
        var binaries = new List<CargoBinary>();
        foreach (var item in tables)
        {
            var table = item as TomlTable ?? throw ManifestFields.WrongType(item, "bin", "a table");
            binaries.Add(new CargoBinary
            {
                Name = ManifestFields.String(table, "name", "bin") ?? throw ManifestFields.Error(table.Position, "[[bin]] has no 'name'; cargo requires one for every binary target"),
                Path = ManifestFields.String(table, "path", "bin"),
                Position = table.Position,
            });
        }

        Binaries = binaries;
    }

    private void ReadDependencies()
    {
        var all = new List<CargoDependency>();
        AddDependencyTables(Document, "", null, all);
        var targets = ManifestFields.Table(Document, "target", "");
        if (targets is not null)
        {
            foreach (var (platform, node) in targets)
            {
                var path = $"target.{ManifestFields.Key(platform)}";
                var table = node as TomlTable ?? throw ManifestFields.WrongType(node, path, "a table");
                AddDependencyTables(table, path + ".", platform, all);
            }
        }

        Dependencies = all;
    }

    private void AddDependencyTables(TomlTable parent, string prefix, string? platform, List<CargoDependency> into)
    {
        (string Key, CargoDependencyKind Kind)[] tables =
        [
            ("dependencies", CargoDependencyKind.Normal),
            ("dev-dependencies", CargoDependencyKind.Development),
            ("dev_dependencies", CargoDependencyKind.Development),
            ("build-dependencies", CargoDependencyKind.Build),
            ("build_dependencies", CargoDependencyKind.Build),
        ];
        foreach (var (key, kind) in tables)
        {
            var table = ManifestFields.Table(parent, key, prefix.TrimEnd('.'));
            if (table is not null)
            {
                into.AddRange(CargoDependencyReader.ReadTable(table, prefix + key, kind, platform, Directory, WorkspaceRoot));
            }
        }
    }

    private void ReadProfiles()
    {
        var profiles = ManifestFields.Table(Document, "profile", "");
        if (profiles is null)
        {
            return;
        }

        var result = new Dictionary<string, CargoProfile>(StringComparer.Ordinal);
        foreach (var (name, node) in profiles)
        {
            var path = $"profile.{ManifestFields.Key(name)}";
            var table = node as TomlTable ?? throw ManifestFields.WrongType(node, path, "a table");
            var inherits = ManifestFields.String(table, "inherits", path);
            if (inherits is null && !BuiltInProfiles.Contains(name))
            {
                throw ManifestFields.Error(profiles.KeyPosition(name), $"custom profile '{name}' must say which profile it starts from, e.g. inherits = \"release\"");
            }

            var codegenUnits = ManifestFields.Integer(table, "codegen-units", path);
            if (codegenUnits is < 1 or > int.MaxValue)
            {
                throw ManifestFields.Error(table["codegen-units"].Position, $"'{path}.codegen-units' must be a positive integer, found {codegenUnits}");
            }

            result[name] = new CargoProfile
            {
                Name = name,
                OptLevel = OptLevelOf(table, path),
                Debug = FlexibleSetting(table, "debug", path, ["none", "line-directives-only", "line-tables-only", "limited", "full"], allowIntegers: true),
                Strip = FlexibleSetting(table, "strip", path, ["none", "debuginfo", "symbols"], allowIntegers: false),
                Lto = FlexibleSetting(table, "lto", path, ["fat", "thin", "off"], allowIntegers: false),
                CodegenUnits = (int?)codegenUnits,
                Panic = ManifestFields.String(table, "panic", path),
                DebugAssertions = ManifestFields.Boolean(table, "debug-assertions", path),
                OverflowChecks = ManifestFields.Boolean(table, "overflow-checks", path),
                Incremental = ManifestFields.Boolean(table, "incremental", path),
                Inherits = inherits,
                Position = table.Position,
            };
        }

        Profiles = result;
    }

    private static string? OptLevelOf(TomlTable profile, string path)
    {
        if (!profile.TryGetValue("opt-level", out var node))
        {
            return null;
        }

        var text = node switch
        {
            TomlValue { Value: long level } => level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TomlValue { Value: string level } => level,
            _ => throw ManifestFields.WrongType(node, $"{path}.opt-level", "an integer 0-3 or \"s\" / \"z\""),
        };
        return text is "0" or "1" or "2" or "3" or "s" or "z"
            ? text
            : throw ManifestFields.Error(node.Position, $"'{path}.opt-level' must be 0, 1, 2, 3, \"s\" or \"z\", found {(node is TomlValue { Value: string } ? $"\"{text}\"" : text)}");
    }

    // debug/strip/lto take a boolean or one of a few names (debug also 0-2): keep them as text.
    private static string? FlexibleSetting(TomlTable profile, string key, string path, string[] names, bool allowIntegers)
    {
        if (!profile.TryGetValue(key, out var node))
        {
            return null;
        }

        var expected = $"true, false{(allowIntegers ? ", 0, 1, 2" : "")} or one of {string.Join(", ", names.Select(n => $"\"{n}\""))}";
        return node switch
        {
            TomlValue { Value: bool value } => value ? "true" : "false",
            TomlValue { Value: long value } when allowIntegers && value is >= 0 and <= 2 => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TomlValue { Value: string value } when names.Contains(value) => value,
            _ => throw ManifestFields.Error(node.Position, $"'{path}.{key}' must be {expected}"),
        };
    }

    private void ReadFeatures()
    {
        var features = ManifestFields.Table(Document, "features", "");
        if (features is null)
        {
            return;
        }

        Features = features.ToDictionary(
            pair => pair.Key,
            pair => ManifestFields.StringArray(pair.Value, $"features.{ManifestFields.Key(pair.Key)}"),
            StringComparer.Ordinal);
    }
}
