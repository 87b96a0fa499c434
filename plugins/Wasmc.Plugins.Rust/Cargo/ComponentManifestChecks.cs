using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust.Bindings;
using Wasmc.Toml;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// What a Cargo.toml may not say when wasmc builds the crate, each reported at its <c>file:line:col</c> before anything
/// runs: a bindings generator dependency (wasmc generates the bindings crate itself), and cargo-component's
/// <c>[package.metadata.component]</c> where it disagrees with what wasmc builds or asks for what wasmc does not do.
/// What wasmc does honour there (a <c>world</c>, <c>path</c> and <c>package</c> that match the component, WIT
/// dependencies under <c>wit/deps</c>) passes; nothing is silently ignored.
/// </summary>
internal static class ComponentManifestChecks
{
    /// <summary>Crates that generate or support bindings for wit-bindgen and cargo-component; never needed with wasmc.</summary>
    public static readonly IReadOnlySet<string> BindingsGenerators = new HashSet<string>(StringComparer.Ordinal)
    {
        "wit-bindgen", "wit-bindgen-rt", "wit-bindgen-rust", "wit-bindgen-rust-macro", "cargo-component-bindings",
    };

    /// <exception cref="WasmcPluginException">The first problem, located in the manifest.</exception>
    public static void Check(CargoManifest manifest, ComponentSpec component, string witPath, BindingsWorld? world)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(component);
        var crate = RustNames.BindingsCrate(component.Name);
        if (manifest.Dependencies.FirstOrDefault(d => BindingsGenerators.Contains(d.PackageName)) is { } generator)
        {
            throw Located(generator.Position,
                $"'{generator.Name}' is not needed: wasmc generates the bindings from the component's WIT as the crate '{crate}', " +
                $"which every build provides without a line in Cargo.toml. Remove this dependency and write " +
                $"`use {crate}::exports::...::Guest;` and `{crate}::export!(MyType with_types_in {crate});` (docs/languages/rust.md)");
        }

        if (manifest.Component is { } metadata)
        {
            CheckMetadata(metadata, component, witPath, world);
        }
    }

    private static void CheckMetadata(ComponentMetadata metadata, ComponentSpec component, string witPath, BindingsWorld? world)
    {
        const string section = "package.metadata.component";
        var table = metadata.Table;
        foreach (var key in new[] { "adapter", "bindings" })
        {
            if (table.ContainsKey(key))
            {
                throw Located(table.KeyPosition(key), $"'{section}.{key}' is cargo-component's; wasmc does not support it (the adapter comes from the bundle, the bindings are wasmc's own)");
            }
        }

        if (table.ContainsKey("registries"))
        {
            throw Located(table.KeyPosition("registries"), $"'{section}.registries' is cargo-component's; wasmc builds offline and fetches from no registry: put WIT packages in the component's '{component.WitPath}/deps' folder");
        }

        if (metadata.Proxy)
        {
            throw Located(table.KeyPosition("proxy"), $"'{section}.proxy' is cargo-component's; wasmc does not support it: build with the bundle's reactor adapter and export wasi:http/incoming-handler from the world");
        }

        if (metadata.Package is { } package && world?.Package is { } witPackage && package != witPackage.Name.NameWithoutVersion)
        {
            throw Located(table.KeyPosition("package"), $"'{section}.package' is \"{package}\", but the component's WIT package is '{witPackage.Name.NameWithoutVersion}'; make them agree or remove the key");
        }

        var target = metadata.Target;
        if (!target.IsLocal)
        {
            throw Located(target.Position ?? metadata.Position,
                $"'{section}.target' names the registry package '{target.Package}', which cannot be fetched in an offline build: put its WIT in the component's '{component.WitPath}' folder and its dependencies in '{component.WitPath}/deps'");
        }

        if (target.World is { } worldName && world is not null)
        {
            var position = target.Table?.KeyPosition("world") ?? target.Position ?? metadata.Position;
            var worlds = world.Package?.Worlds.Keys.ToList() ?? [world.World.Name];
            if (!worlds.Contains(worldName, StringComparer.Ordinal))
            {
                throw Located(position, $"'{section}.target.world' is \"{worldName}\", but the WIT package{(world.Package is { } p ? $" '{p.Name}'" : "")} has no such world; its worlds: {string.Join(", ", worlds.Select(w => $"'{w}'"))}");
            }

            if (worldName != world.World.Name)
            {
                throw Located(position, $"'{section}.target.world' is \"{worldName}\", but wasmc.toml builds this component for the world '{world.World.Name}'; make them agree or remove the key");
            }
        }

        if (target.FullPath is { } targetPath && !SamePath(targetPath, witPath))
        {
            throw Located(target.Table?.KeyPosition("path") ?? metadata.Position,
                $"'{section}.target.path' is \"{target.Path}\", but wasmc.toml reads this component's WIT from '{component.WitPath}'; make them agree or remove the key");
        }

        // WIT dependencies are read from <wit>/deps; entries that point there say what wasmc does anyway.
        var deps = Path.Combine(witPath, "deps");
        foreach (var dependency in metadata.Dependencies.Concat(target.Dependencies))
        {
            if (dependency.FullPath is not { } dependencyPath || !IsBelow(dependencyPath, deps))
            {
                throw Located(dependency.Position,
                    $"the WIT dependency '{dependency.Name}' must be a folder in '{component.WitPath}/deps' (wasmc resolves WIT dependencies from there, offline); found {(dependency.Path is { } p ? $"path \"{p}\"" : $"version \"{dependency.Version}\" from a registry")}");
            }
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static bool IsBelow(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static WasmcPluginException Located(TomlPosition position, string reason) => ManifestFields.Error(position, reason);
}
