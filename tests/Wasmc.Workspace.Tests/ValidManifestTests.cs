using Wasmc.Plugins.Abstractions;

namespace Wasmc.Workspace.Tests;

public sealed class ValidManifestTests : IDisposable
{
    // Two bundles side by side: preview2 components on trixie, preview3 ones on sid.
    private const string TwoBundleManifest = """
        # The demo workspace.
        [workspace]
        default-bundle = "p2"
        default-profile = "release"
        output = "out/wasm"   # not the default

        [bundles.p2]
        bundle = "trixie-2026.11"

        [bundles.p3]
        bundle = "sid-2026.11"

        [[components]]
        name = "calculator"
        language = "js"
        path = "components/calculator"
        world = "calculator"
        [components.options]
        source = "src/calculator.js"
        minify = true
        level = 3
        ratio = 0.5
        features = ["http", "clocks"]

        [[components]]
        name = "http-proxy"
        language = "rust"
        path = "components/http-proxy"
        wit = "../../wit/proxy"
        world = "wasi:http/proxy"
        wasi = "preview3"
        profiles = ["release", "bench"]

        [[components]]
        name = "hasher"
        language = "cpp"
        path = "native/hasher"
        world = "hasher"
        bundle = "p3"

        [profiles.release]
        strip = false
        [profiles.release.flags]
        rust = ["-C", "opt-level=3"]
        cpp = ["-O3"]

        [profiles.bench]
        inherits = "release"
        debug-info = true
        [profiles.bench.flags]
        cpp = ["-O2", "-g"]

        [profiles.bench-lto]
        inherits = "bench"
        [profiles.bench-lto.flags]
        rust = ["-C", "lto=fat"]

        [[plugins]]
        package = "Acme.Wasmc.Zig"
        version = "1.2.0"
        [[plugins]]
        path = "tools/my-plugin"
        """;

    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private WorkspaceManifest LoadTwoBundleManifest()
    {
        _workspace
            .Component("components/calculator")
            .Folder("components/http-proxy")
            .Folder("wit/proxy")
            .Component("native/hasher")
            .Folder("tools/my-plugin");
        return _workspace.LoadValid(TwoBundleManifest);
    }

    [Fact]
    public void Reads_workspace_settings()
    {
        var manifest = LoadTwoBundleManifest();

        manifest.RootDirectory.ShouldBe(_workspace.Root);
        manifest.ManifestPath.ShouldBe(_workspace.ManifestPath);
        manifest.DefaultBundle.ShouldBe("p2");
        manifest.DefaultProfile.ShouldBe("release");
        manifest.OutputPath.ShouldBe("out/wasm");
        manifest.OutputDirectory.ShouldBe(Path.Combine(_workspace.Root, "out", "wasm"));
        manifest.Bundles.Select(b => (b.Name, b.Bundle)).ShouldBe([("p2", "trixie-2026.11"), ("p3", "sid-2026.11")]);
        manifest.Bundles[1].Wasi.ShouldBe([WasiLevel.Preview2, WasiLevel.Preview3]);
    }

    [Fact]
    public void Reads_components_in_document_order()
    {
        var manifest = LoadTwoBundleManifest();

        manifest.Components.Select(c => c.Name).ShouldBe(["calculator", "http-proxy", "hasher"]);
        var proxy = manifest.FindComponent("http-proxy").ShouldNotBeNull();
        proxy.Language.ShouldBe("rust");
        proxy.Path.ShouldBe("components/http-proxy");
        proxy.FullPath.ShouldBe(Path.Combine(_workspace.Root, "components", "http-proxy"));
        proxy.WitPath.ShouldBe("../../wit/proxy");
        proxy.WitFullPath.ShouldBe(Path.Combine(_workspace.Root, "wit", "proxy"));
        proxy.World.ShouldBe("wasi:http/proxy");
        proxy.Wasi.ShouldBe(WasiLevel.Preview3);
        manifest.FindComponent("nope").ShouldBeNull();
    }

    [Fact]
    public void Picks_bundle_instances_from_bundle_wasi_and_default()
    {
        var manifest = LoadTwoBundleManifest();

        // No bundle: the default instance.
        manifest.BundleFor(manifest.FindComponent("calculator")!).Name.ShouldBe("p2");
        manifest.PublishedBundleFor(manifest.FindComponent("calculator")!).ShouldBe("trixie-2026.11");
        // wasi = "preview3": p3 is the only instance whose bundle supports it.
        manifest.FindComponent("http-proxy")!.BundleInstance.ShouldBe("p3");
        manifest.PublishedBundleFor(manifest.FindComponent("http-proxy")!).ShouldBe("sid-2026.11");
        // bundle = "p3": as written.
        manifest.PublishedBundleFor(manifest.FindComponent("hasher")!).ShouldBe("sid-2026.11");
    }

    [Fact]
    public void Wasi_level_prefers_the_default_instance_when_several_support_it()
    {
        _workspace.Component("c");
        var manifest = _workspace.LoadValid("""
            [workspace]
            default-bundle = "p3"
            [bundles.p2]
            bundle = "trixie-2026.11"
            [bundles.p3]
            bundle = "sid-2026.11"
            [[components]]
            name = "c"
            language = "go"
            path = "c"
            world = "w"
            wasi = "preview2"
            """);

        manifest.Components[0].BundleInstance.ShouldBe("p3");
    }

    [Fact]
    public void A_single_instance_needs_no_default()
    {
        _workspace.Component("c");
        var manifest = _workspace.LoadValid("""
            [bundles.only]
            bundle = "trixie-2026.11"
            [[components]]
            name = "c"
            language = "go"
            path = "c"
            world = "w"
            """);

        manifest.Components[0].BundleInstance.ShouldBe("only");
        manifest.DefaultBundle.ShouldBeNull();
        manifest.DefaultProfile.ShouldBe("debug");
        manifest.OutputPath.ShouldBe("target/wasmc");
        manifest.Plugins.ShouldBeEmpty();
    }

    [Fact]
    public void Component_spec_carries_options_for_the_plugin()
    {
        var manifest = LoadTwoBundleManifest();

        var spec = manifest.FindComponent("calculator")!.ToSpec();

        spec.Name.ShouldBe("calculator");
        spec.Language.ShouldBe("js");
        spec.RelativePath.ShouldBe("components/calculator");
        spec.WitPath.ShouldBe("wit");
        spec.World.ShouldBe("calculator");
        spec.Options["source"].ShouldBe("src/calculator.js");
        spec.Options["minify"].ShouldBe(true);
        spec.Options["level"].ShouldBe(3L);
        spec.Options["ratio"].ShouldBe(0.5);
        spec.Options["features"].ShouldBeAssignableTo<IReadOnlyList<string>>()!.ShouldBe(["http", "clocks"]);
    }

    [Fact]
    public void Components_build_in_their_listed_profiles_or_all()
    {
        var manifest = LoadTwoBundleManifest();

        manifest.Profiles.Select(p => p.Name).ShouldBe(["debug", "release", "bench", "bench-lto"]);
        manifest.ProfilesFor(manifest.FindComponent("calculator")!).ShouldBe(["debug", "release", "bench", "bench-lto"]);
        manifest.ProfilesFor(manifest.FindComponent("http-proxy")!).ShouldBe(["release", "bench"]);
        manifest.BuildsIn(manifest.FindComponent("http-proxy")!, "debug").ShouldBeFalse();
        manifest.BuildsIn(manifest.FindComponent("http-proxy")!, "bench").ShouldBeTrue();
    }

    [Fact]
    public void Resolves_profiles_through_inherits_chains_with_language_flags()
    {
        var manifest = LoadTwoBundleManifest();

        manifest.ResolveProfile("release", "rust").ShouldBe(new ProfileSpec("release", true, false, false, ["-C", "opt-level=3"]), new ProfileSpecComparer());
        var bench = manifest.ResolveProfile("bench", "cpp");
        (bench.Optimize, bench.DebugInfo, bench.Strip).ShouldBe((true, true, false));
        bench.LanguageFlags.ShouldBe(["-O2", "-g"]);
        manifest.ResolveProfile("bench", "rust").LanguageFlags.ShouldBe(["-C", "opt-level=3"]);
        manifest.ResolveProfile("bench-lto", "rust").LanguageFlags.ShouldBe(["-C", "lto=fat"]);
        manifest.ResolveProfile("bench-lto", "cpp").LanguageFlags.ShouldBe(["-O2", "-g"]);
        manifest.ResolveProfile("bench-lto", "go").LanguageFlags.ShouldBeEmpty();
        manifest.GetProfile("bench-lto").Inherits.ShouldBe("bench");
    }

    [Fact]
    public void Reads_plugin_references()
    {
        var manifest = LoadTwoBundleManifest();

        manifest.Plugins.Count.ShouldBe(2);
        manifest.Plugins[0].ShouldSatisfyAllConditions(
            p => p.IsPackage.ShouldBeTrue(),
            p => p.PackageId.ShouldBe("Acme.Wasmc.Zig"),
            p => p.Version.ShouldBe("1.2.0"));
        manifest.Plugins[1].IsPackage.ShouldBeFalse();
        manifest.Plugins[1].FolderPath.ShouldBe(Path.Combine(_workspace.Root, "tools", "my-plugin"));
    }

    [Fact]
    public void Plugin_references_are_read_before_languages_are_known()
    {
        _workspace.Folder("tools/my-plugin");
        // The component's language is unknown and its folder missing: neither matters yet.
        File.WriteAllText(_workspace.ManifestPath, """
            [[components]]
            name = "z"
            language = "zig"
            path = "nowhere"
            world = "w"
            [[plugins]]
            path = "tools/my-plugin"
            """);

        var result = ManifestLoader.LoadPluginReferences(_workspace.ManifestPath);

        result.Succeeded.ShouldBeTrue();
        result.Diagnostics.ShouldBeEmpty();
        result.Plugins.ShouldHaveSingleItem().FolderPath.ShouldBe(Path.Combine(_workspace.Root, "tools", "my-plugin"));
    }

    [Fact]
    public void Flags_for_a_language_without_a_plugin_are_only_a_warning()
    {
        _workspace.Component("c");
        var result = _workspace.Load("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "c"
            language = "go"
            path = "c"
            world = "w"
            [profiles.release.flags]
            zig = ["-OReleaseFast"]
            """);

        result.Succeeded.ShouldBeTrue();
        var warning = result.Diagnostics.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.Code.ShouldBe("WM021");
        warning.Message.ShouldBe("flags for unknown language 'zig' in [profiles.release.flags] are not used");
        (warning.Position!.Value.Line, warning.Position.Value.Column).ShouldBe((9, 1));
        result.Manifest!.ResolveProfile("release", "zig").LanguageFlags.ShouldBe(["-OReleaseFast"]);
    }

    private sealed class ProfileSpecComparer : IEqualityComparer<ProfileSpec>
    {
        public bool Equals(ProfileSpec? x, ProfileSpec? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Optimize == y.Optimize && x.DebugInfo == y.DebugInfo
            && x.Strip == y.Strip && x.LanguageFlags.SequenceEqual(y.LanguageFlags);

        public int GetHashCode(ProfileSpec obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
