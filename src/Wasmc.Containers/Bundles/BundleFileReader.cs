using System.Text.RegularExpressions;
using Wasmc.Plugins.Abstractions;
using Wasmc.Toml;

namespace Wasmc.Containers.Bundles;

/// <summary>Reads one bundle file and checks it, collecting every problem with its <c>file:line:col</c>.</summary>
internal sealed partial class BundleFileReader
{
    private static readonly string[] TopLevelKeys = ["name", "description", "wasi", "runner", "languages", "base", "registry", "tools", "paths", "toolchains"];
    private static readonly string[] ToolchainKeys = ["dockerfile", "base", "tools", "commands", "files", "args", "packages", "npm", "npm-overrides", "npm-lock", "digest", "crates"];
    private static readonly string[] Runners = ["jco", "wasmtime"];
    private static readonly string[] ReservedArgs = ["BASE", "PACKAGES"];

    private readonly string _containersDirectory;
    private readonly string _path;
    private readonly List<BundleError> _errors;
    private readonly bool _checkNpmLocks;
    private readonly BundleInputCache _inputs;

    private BundleFileReader(string containersDirectory, string path, List<BundleError> errors, bool checkNpmLocks, BundleInputCache inputs)
    {
        _containersDirectory = containersDirectory;
        _path = path;
        _errors = errors;
        _checkNpmLocks = checkNpmLocks;
        _inputs = inputs;
    }

    /// <summary>Reads <paramref name="path"/>; returns null (and adds to <paramref name="errors"/>) when it is not a valid bundle.</summary>
    public static Bundle? Read(string containersDirectory, string path, List<BundleError> errors, bool checkNpmLocks = true, BundleInputCache? inputs = null)
    {
        var before = errors.Count;
        var reader = new BundleFileReader(containersDirectory, path, errors, checkNpmLocks, inputs ?? new BundleInputCache());
        var bundle = reader.ReadBundle();
        return errors.Count == before ? bundle : null;
    }

    // Relative to the current folder when below it (short, clickable), absolute otherwise.
    private string DisplayPath
    {
        get
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _path);
            return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(_path) : relative;
        }
    }

    private Bundle? ReadBundle()
    {
        byte[] bytes;
        TomlTable root;
        try
        {
            bytes = File.ReadAllBytes(_path);
            root = TomlDocument.ParseUtf8(bytes, DisplayPath);
        }
        catch (TomlException e)
        {
            _errors.Add(new BundleError(e.Position.ToString(), e.Reason));
            return null;
        }
        catch (IOException e)
        {
            _errors.Add(new BundleError(DisplayPath, e.Message));
            return null;
        }

        RejectUnknownKeys(root, TopLevelKeys, "bundle file");

        var expectedName = Path.GetFileNameWithoutExtension(_path);
        var name = RequireString(root, "name");
        if (name is not null && name != expectedName)
        {
            Error(root.KeyPosition("name"), $"name '{name}' must equal the file name '{expectedName}'");
        }
        else if (name is not null && !BundleNamePattern().IsMatch(name))
        {
            Error(root.KeyPosition("name"), $"name '{name}' is not a valid bundle name (lower-case letters and digits, separated by '.' or '-')");
        }

        var description = RequireString(root, "description") ?? "";
        var wasi = ReadWasi(root);
        var runner = RequireString(root, "runner");
        if (runner is not null && !Runners.Contains(runner))
        {
            Error(root["runner"].Position, $"runner '{runner}' is not known (expected one of: {string.Join(", ", Runners)})");
        }

        var languages = RequireStringArray(root, "languages", nonEmpty: true) ?? [];
        var baseImage = RequireString(root, "base");
        var registry = OptionalString(root, "registry");
        var tools = RequireStringTable(root, "tools", nonEmpty: true) ?? new OrderedDictionary<string, string>();
        var paths = OptionalStringTable(root, "paths");
        var toolchains = ReadToolchains(root, name ?? expectedName, baseImage ?? "", tools);

        var toolchainCount = root.TryGetValue("toolchains", out var toolchainsNode) && toolchainsNode is TomlTable t ? t.Count : 0;
        if (toolchains.Count == toolchainCount)
        {
            // Only when every toolchain was read: a broken one would make its tools look unprovided.
            CheckEveryToolIsProvided(root, tools, toolchains);
        }

        if (registry is null && toolchains.Any(t => t.Digest is not null))
        {
            Error(root.Position, "a toolchain has a 'digest' but the bundle has no 'registry' to pull it from");
        }

        if (name is null || runner is null || baseImage is null || wasi is null)
        {
            return null;
        }

        return new Bundle
        {
            Name = name,
            Description = description,
            Wasi = wasi,
            Runner = runner,
            Languages = languages,
            Base = baseImage,
            Registry = registry,
            Tools = tools,
            Paths = paths,
            Toolchains = toolchains,
            FilePath = Path.GetFullPath(_path),
            SourceFile = new BundleInputFile(RelativeToContainers(_path), BundleText.Sha256OfTextFile(bytes)),
        };
    }

    private List<WasiLevel>? ReadWasi(TomlTable root)
    {
        var names = RequireStringArray(root, "wasi", nonEmpty: true);
        if (names is null)
        {
            return null;
        }

        var levels = new List<WasiLevel>();
        var array = (TomlArray)root["wasi"];
        for (var i = 0; i < names.Count; i++)
        {
            if (!WasiLevels.TryParse(names[i], out var level))
            {
                Error(array[i].Position, $"WASI level '{names[i]}' is not known (expected preview2 or preview3)");
            }
            else if (levels.Contains(level))
            {
                Error(array[i].Position, $"WASI level '{names[i]}' is listed twice");
            }
            else
            {
                levels.Add(level);
            }
        }

        return levels;
    }

    private List<BundleToolchain> ReadToolchains(TomlTable root, string bundleName, string baseImage, IReadOnlyDictionary<string, string> tools)
    {
        var result = new List<BundleToolchain>();
        if (!root.TryGetValue("toolchains", out var node))
        {
            Error(root.Position, "missing table [toolchains.NAME]: a bundle needs at least one toolchain image");
            return result;
        }

        if (node is not TomlTable toolchains || toolchains.Count == 0)
        {
            Error(node.Position, "'toolchains' must hold at least one table [toolchains.NAME]");
            return result;
        }

        foreach (var (toolchainName, value) in toolchains)
        {
            if (value is not TomlTable table)
            {
                Error(toolchains.KeyPosition(toolchainName), $"toolchains.{toolchainName} must be a table");
                continue;
            }

            if (!ToolchainNamePattern().IsMatch(toolchainName))
            {
                Error(toolchains.KeyPosition(toolchainName), $"toolchain name '{toolchainName}' must be lower-case letters, digits and '-'");
            }

            var toolchain = ReadToolchain(table, toolchainName, bundleName, baseImage, tools);
            if (toolchain is not null)
            {
                result.Add(toolchain);
            }
        }

        return result;
    }

    private BundleToolchain? ReadToolchain(TomlTable table, string name, string bundleName, string baseImage, IReadOnlyDictionary<string, string> tools)
    {
        var before = _errors.Count;
        RejectUnknownKeys(table, ToolchainKeys, $"[toolchains.{name}]");

        var dockerfile = RequireString(table, "dockerfile");
        var dockerfileFile = dockerfile is null ? null : ReadInputFile(table, "dockerfile", dockerfile);
        var toolchainBase = OptionalString(table, "base") ?? baseImage;
        var commands = OptionalStringArray(table, "commands") ?? [];
        var files = OptionalStringTable(table, "files");
        foreach (var (key, path) in files)
        {
            if (!path.StartsWith('/'))
            {
                Error(((TomlTable)table["files"]).KeyPosition(key), $"'files.{key}' must be an absolute path inside the image, found '{path}'");
            }
        }

        var toolNames = RequireStringArray(table, "tools", nonEmpty: true) ?? [];
        if (table.TryGetValue("tools", out var toolsNode) && toolsNode is TomlArray toolArray)
        {
            for (var i = 0; i < toolNames.Count && i < toolArray.Count; i++)
            {
                if (!tools.ContainsKey(toolNames[i]))
                {
                    Error(toolArray[i].Position, $"tool '{toolNames[i]}' has no version in [tools]");
                }
            }
        }

        var args = OptionalStringTable(table, "args");
        foreach (var key in args.Keys)
        {
            var position = ((TomlTable)table["args"]).KeyPosition(key);
            if (ReservedArgs.Contains(key))
            {
                Error(position, $"build argument {key} is set by wasmc from the bundle; remove it from 'args'");
            }
            else if (!BuildArgPattern().IsMatch(key))
            {
                Error(position, $"build argument '{key}' must be UPPER_SNAKE_CASE");
            }
        }

        var packages = RequireStringTable(table, "packages", nonEmpty: true) ?? new OrderedDictionary<string, string>();
        foreach (var package in packages.Keys.Where(p => !DebianPackagePattern().IsMatch(p)))
        {
            Error(((TomlTable)table["packages"]).KeyPosition(package), $"'{package}' is not a Debian package name (lower-case letters, digits, '+', '-', '.')");
        }
        var crates = OptionalStringTable(table, "crates");
        foreach (var (crate, version) in crates)
        {
            var position = ((TomlTable)table["crates"]).KeyPosition(crate);
            var package = CratePackage(crate);
            if (!packages.TryGetValue(package, out var pinned))
            {
                Error(position, $"crate '{crate}' needs its Debian package '{package}' in [toolchains.{name}.packages]");
            }
            else if (!CrateVersionMatches(version, pinned))
            {
                Error(position, $"crate '{crate}' is version {version}, but its package '{package}' is pinned to {pinned}, another upstream version");
            }
        }

        var npm = OptionalStringTable(table, "npm");
        var npmOverrides = OptionalStringTable(table, "npm-overrides");
        var npmLock = OptionalString(table, "npm-lock");
        CachedInputFile? npmLockFile = null;
        if (npm.Count > 0 && npmLock is null)
        {
            Error(table.Position, $"[toolchains.{name}.npm] needs 'npm-lock', the committed package-lock.json (see docs/bundles.md)");
        }
        else if (npm.Count == 0 && npmLock is not null)
        {
            Error(table.KeyPosition("npm-lock"), $"'npm-lock' without [toolchains.{name}.npm] packages");
        }
        else if (npmLock is not null)
        {
            npmLockFile = ReadInputFile(table, "npm-lock", npmLock);
            if (npmLockFile is not null && _checkNpmLocks)
            {
                CheckLockMatches(table, npm, npmLockFile);
            }
        }

        var digest = OptionalString(table, "digest");
        if (digest is not null && !DigestPattern().IsMatch(digest))
        {
            Error(table["digest"].Position, $"digest '{digest}' must look like sha256:<64 hex digits>");
        }

        if (_errors.Count != before || dockerfile is null || dockerfileFile is null)
        {
            return null;
        }

        var installScript = Path.Combine(_containersDirectory, BundleToolchain.NpmInstallScript);
        if (!File.Exists(installScript))
        {
            Error(table.Position, $"{installScript} is missing: every toolchain image is built with it");
            return null;
        }

        var inputFiles = new List<BundleInputFile>
        {
            new(NormalisePath(dockerfile), dockerfileFile.Sha256),
            new(BundleToolchain.NpmInstallScript, _inputs.Get(installScript).Sha256),
        };
        if (npmLock is not null && npmLockFile is not null)
        {
            inputFiles.Add(new BundleInputFile(NormalisePath(npmLock), npmLockFile.Sha256));
        }

        return new BundleToolchain
        {
            BundleName = bundleName,
            Name = name,
            Base = toolchainBase,
            Dockerfile = NormalisePath(dockerfile),
            Tools = toolNames,
            Commands = commands,
            Files = files,
            Args = args,
            Packages = packages,
            Crates = crates,
            Npm = npm,
            NpmOverrides = npmOverrides,
            NpmLock = npmLock is null ? null : NormalisePath(npmLock),
            Digest = digest,
            InputFiles = inputFiles,
        };
    }

    /// <summary>Debian's package for a Rust crate: <c>serde_json</c> is <c>librust-serde-json-dev</c>.</summary>
    private static string CratePackage(string crate) => $"librust-{crate.Replace('_', '-').ToLowerInvariant()}-dev";

    // Debian's upstream part may carry a repack suffix (2.22.0+ds) after the crate's version.
    private static bool CrateVersionMatches(string crateVersion, string debianVersion)
    {
        var upstream = debianVersion[(debianVersion.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var revision = upstream.LastIndexOf('-');
        upstream = revision < 0 ? upstream : upstream[..revision];
        return upstream == crateVersion || upstream.StartsWith(crateVersion + "+", StringComparison.Ordinal);
    }

    private void CheckLockMatches(TomlTable table, IReadOnlyDictionary<string, string> npm, CachedInputFile lockFile)
    {
        IReadOnlyDictionary<string, string> locked;
        try
        {
            locked = lockFile.LockedRootDependencies;
        }
        catch (System.Text.Json.JsonException e)
        {
            Error(table["npm-lock"].Position, $"the npm lock is not valid JSON: {e.Message}");
            return;
        }

        var declared = string.Join(", ", npm.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}@{p.Value}"));
        var inLock = string.Join(", ", locked.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}@{p.Value}"));
        if (declared != inLock)
        {
            Error(
                table["npm-lock"].Position,
                $"the npm lock was made for [{inLock}] but the bundle declares [{declared}]; regenerate it as docs/bundles.md ('Making npm locks') says");
        }
    }

    private void CheckEveryToolIsProvided(TomlTable root, IReadOnlyDictionary<string, string> tools, List<BundleToolchain> toolchains)
    {
        if (!root.TryGetValue("tools", out var node) || node is not TomlTable toolTable || toolchains.Count == 0)
        {
            return;
        }

        foreach (var tool in tools.Keys.Where(tool => !toolchains.Any(t => t.Tools.Contains(tool))))
        {
            Error(toolTable.KeyPosition(tool), $"tool '{tool}' is in no toolchain's 'tools' list; say which image provides it");
        }
    }

    private CachedInputFile? ReadInputFile(TomlTable table, string key, string relativePath)
    {
        var position = table[key].Position;
        if (Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains(".."))
        {
            Error(position, $"'{relativePath}' must be a path inside the containers folder, relative to it");
            return null;
        }

        var full = Path.Combine(_containersDirectory, relativePath);
        if (!File.Exists(full))
        {
            Error(position, $"file '{relativePath}' does not exist (looked for {full})");
            return null;
        }

        return _inputs.Get(full);
    }

    private string RelativeToContainers(string path) =>
        NormalisePath(Path.GetRelativePath(_containersDirectory, Path.GetFullPath(path)));

    private static string NormalisePath(string path) => path.Replace('\\', '/');

    private void RejectUnknownKeys(TomlTable table, string[] allowed, string where)
    {
        foreach (var key in table.Keys.Where(k => !allowed.Contains(k)))
        {
            Error(table.KeyPosition(key), $"unknown key '{key}' in {where} (allowed: {string.Join(", ", allowed)})");
        }
    }

    private string? RequireString(TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var node))
        {
            Error(table.Position, $"missing key '{key}'");
            return null;
        }

        return AsString(table, key, node);
    }

    private string? OptionalString(TomlTable table, string key) =>
        table.TryGetValue(key, out var node) ? AsString(table, key, node) : null;

    private string? AsString(TomlTable table, string key, TomlNode node)
    {
        if (node is TomlValue { Value: string text })
        {
            if (text.Length == 0)
            {
                Error(node.Position, $"'{key}' must not be empty");
                return null;
            }

            return text;
        }

        Error(table.KeyPosition(key), $"'{key}' must be a string");
        return null;
    }

    private List<string>? OptionalStringArray(TomlTable table, string key) =>
        table.ContainsKey(key) ? RequireStringArray(table, key, nonEmpty: false) : null;

    private List<string>? RequireStringArray(TomlTable table, string key, bool nonEmpty)
    {
        if (!table.TryGetValue(key, out var node))
        {
            Error(table.Position, $"missing key '{key}'");
            return null;
        }

        if (node is not TomlArray array || array.IsArrayOfTables)
        {
            Error(table.KeyPosition(key), $"'{key}' must be an array of strings");
            return null;
        }

        if (nonEmpty && array.Count == 0)
        {
            Error(array.Position, $"'{key}' must not be empty");
            return null;
        }

        var result = new List<string>();
        foreach (var item in array)
        {
            if (item is TomlValue { Value: string text })
            {
                result.Add(text);
            }
            else
            {
                Error(item.Position, $"'{key}' must hold strings only");
            }
        }

        return result;
    }

    private OrderedDictionary<string, string>? RequireStringTable(TomlTable table, string key, bool nonEmpty)
    {
        if (!table.TryGetValue(key, out var node))
        {
            Error(table.Position, $"missing table '{key}'");
            return null;
        }

        var result = AsStringTable(table, key, node);
        if (result is not null && nonEmpty && result.Count == 0)
        {
            Error(node.Position, $"table '{key}' must not be empty");
        }

        return result;
    }

    private OrderedDictionary<string, string> OptionalStringTable(TomlTable table, string key) =>
        table.TryGetValue(key, out var node) ? AsStringTable(table, key, node) ?? new() : new();

    private OrderedDictionary<string, string>? AsStringTable(TomlTable table, string key, TomlNode node)
    {
        if (node is not TomlTable inner)
        {
            Error(table.KeyPosition(key), $"'{key}' must be a table of strings");
            return null;
        }

        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (innerKey, value) in inner)
        {
            if (value is TomlValue { Value: string text } && text.Length > 0)
            {
                result.Add(innerKey, text);
            }
            else if (value is TomlTable { Kind: TomlTable.TableKind.Dotted })
            {
                Error(inner.KeyPosition(innerKey), $"'{key}.{innerKey}' became a table: quote names that contain '.' (\"{innerKey}.x\" = \"version\")");
            }
            else
            {
                Error(inner.KeyPosition(innerKey), $"'{key}.{innerKey}' must be a non-empty string (an exact version)");
            }
        }

        return result;
    }

    private void Error(TomlPosition position, string message) => _errors.Add(new BundleError(position.ToString(), message));

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex BundleNamePattern();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ToolchainNamePattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex BuildArgPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex DebianPackagePattern();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
