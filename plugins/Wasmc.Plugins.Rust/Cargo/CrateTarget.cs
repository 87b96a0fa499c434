namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// The cargo target a component is built from. A <c>cdylib</c> library is a library component (its exports come from the
/// bindings' <c>export!</c>). Otherwise a crate with a binary (<c>src/main.rs</c>, <c>[[bin]]</c>, <c>src/bin/*.rs</c>) is a
/// command: its <c>fn main</c> runs through <c>wasi:cli/run</c>, which the bundle's WASI command adapter exports. A crate
/// with neither is built as a library, as cargo would. Several binaries need <c>package.default-run</c> to say which one.
/// </summary>
/// <param name="Name">The library's crate name (underscores), or the binary's name as written (hyphens kept, as in cargo's output file).</param>
/// <param name="IsBinary">True for a binary (a command), false for the library.</param>
internal sealed record CrateTarget(string Name, bool IsBinary)
{
    /// <summary>Chooses the target of <paramref name="manifest"/>, seeing its files as cargo does.</summary>
    /// <exception cref="Wasmc.Plugins.Abstractions.WasmcPluginException">Several binaries and no (or an unknown) <c>default-run</c>, located in Cargo.toml.</exception>
    public static CrateTarget Choose(CargoManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var library = new CrateTarget(manifest.LibraryName ?? "", IsBinary: false);
        if (manifest.Library?.CrateTypes.Contains("cdylib") == true || manifest.Package is not { } package)
        {
            return library;
        }

        var binaries = BinaryNames(manifest, package.Name);
        if (binaries.Count == 0)
        {
            return library;
        }

        if (binaries.Count == 1)
        {
            return new CrateTarget(binaries[0], IsBinary: true);
        }

        var list = string.Join(", ", binaries.Select(b => $"'{b}'"));
        if (manifest.DefaultRun is not { } chosen)
        {
            throw ManifestFields.Error(package.Position,
                $"the crate has {binaries.Count} binaries ({list}) and wasmc builds one of them as the command: " +
                $"say which with `default-run = \"{binaries[0]}\"` in [package] (as `cargo run` needs too), or build a library with [lib] crate-type = [\"cdylib\"]");
        }

        return binaries.Contains(chosen, StringComparer.Ordinal)
            ? new CrateTarget(chosen, IsBinary: true)
            : throw ManifestFields.Error(manifest.DefaultRunPosition!.Value, $"'package.default-run' is \"{chosen}\", but the crate's binaries are {list}");
    }

    /// <summary>The binaries cargo builds: <c>[[bin]]</c> tables, then (unless <c>autobins = false</c>) the ones found by file layout.</summary>
    private static List<string> BinaryNames(CargoManifest manifest, string packageName)
    {
        var names = new List<string>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binary in manifest.Binaries)
        {
            names.Add(binary.Name);
            paths.Add(Normalize(binary.Path ?? (binary.Name == packageName ? "src/main.rs" : $"src/bin/{binary.Name}.rs")));
        }

        if (!manifest.AutoBins)
        {
            return names;
        }

        var inferred = new List<(string Name, string Path)>();
        if (File.Exists(Path.Combine(manifest.Directory, "src", "main.rs")))
        {
            inferred.Add((packageName, "src/main.rs"));
        }

        var bin = Path.Combine(manifest.Directory, "src", "bin");
        if (Directory.Exists(bin))
        {
            inferred.AddRange(Directory.EnumerateFiles(bin, "*.rs").Order(StringComparer.Ordinal)
                .Select(f => (Path.GetFileNameWithoutExtension(f), $"src/bin/{Path.GetFileName(f)}")));
            inferred.AddRange(Directory.EnumerateDirectories(bin).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "main.rs")))
                .Select(d => (Path.GetFileName(d), $"src/bin/{Path.GetFileName(d)}/main.rs")));
        }

        names.AddRange(inferred.Where(i => !names.Contains(i.Name, StringComparer.Ordinal) && !paths.Contains(i.Path)).Select(i => i.Name));
        return names;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
