using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.Tests.Bundles;

public sealed class BundleFileErrorTests
{
    private static BundleError SingleError(string bundleText, string name = "test-1", Action<TemporaryContainersDirectory>? arrange = null)
    {
        using var containers = new TemporaryContainersDirectory();
        arrange?.Invoke(containers);
        containers.WriteBundle(name, bundleText);
        var error = Should.Throw<BundleCatalogException>(() => BundleCatalog.Load(containers.Path));
        error.Errors.Count.ShouldBe(1, error.Message);
        return error.Errors[0];
    }

    [Fact]
    public void A_minimal_bundle_loads()
    {
        using var containers = new TemporaryContainersDirectory();
        containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle);

        var bundle = BundleCatalog.Load(containers.Path).Get("test-1");

        bundle.GetToolchain("clang").Packages["clang-19"].ShouldBe("1:19.1.7-3+b1");
        bundle.InputFiles.Select(f => f.RelativePath).ShouldBe(["bundles/test-1.toml", "toolchains/clang.Dockerfile", "toolchains/npm-install.sh"]);
    }

    [Fact]
    public void An_unknown_top_level_key_is_reported_where_it_is_written()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("runner = \"jco\"", "runner = \"jco\"\nrunnr = \"x\""));

        error.Location.ShouldEndWith("test-1.toml:5:1");
        error.Message.ShouldContain("unknown key 'runnr'");
    }

    [Fact]
    public void An_unknown_toolchain_key_is_reported_where_it_is_written()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("tools = [\"clang\"]", "tools = [\"clang\"]\n  dockerfiel = \"x\""));

        error.Location.ShouldEndWith("test-1.toml:14:3");
        error.Message.ShouldContain("unknown key 'dockerfiel' in [toolchains.clang]");
    }

    private const string WithCrates = "\nlibrust-serde-json-dev = \"1.0.154-1\"\n\n[toolchains.clang.crates]\nserde_json = \"1.0.154\"\n";

    [Fact]
    public void Crates_load_with_their_pinned_debian_packages_and_reach_plugins()
    {
        using var containers = new TemporaryContainersDirectory();
        containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle + WithCrates);

        var bundle = BundleCatalog.Load(containers.Path).Get("test-1");

        bundle.GetToolchain("clang").Crates.ShouldBe(new Dictionary<string, string> { ["serde_json"] = "1.0.154" });
        bundle.ToBundleSpec().Crates["clang"]["serde_json"].ShouldBe("1.0.154");
        BundleViews.FormatShow(bundle).ShouldContain("  crates:     serde_json 1.0.154\n");
    }

    [Fact]
    public void A_crate_whose_package_is_another_upstream_version_is_reported_at_the_crate()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle + WithCrates.Replace("serde_json = \"1.0.154\"", "serde_json = \"1.0.155\"", StringComparison.Ordinal));

        error.Location.ShouldEndWith("test-1.toml:21:1");
        error.Message.ShouldContain("crate 'serde_json' is version 1.0.155, but its package 'librust-serde-json-dev' is pinned to 1.0.154-1");
    }

    [Fact]
    public void A_crate_without_its_package_is_reported_at_the_crate()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle + WithCrates.Replace("librust-serde-json-dev", "librust-serde-dev", StringComparison.Ordinal));

        error.Message.ShouldContain("crate 'serde_json' needs its Debian package 'librust-serde-json-dev' in [toolchains.clang.packages]");
    }

    [Fact]
    public void The_name_must_equal_the_file_name()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle, name: "other-1");

        error.Location.ShouldEndWith("other-1.toml:1:1");
        error.Message.ShouldContain("must equal the file name 'other-1'");
    }

    [Fact]
    public void An_unknown_wasi_level_points_at_the_array_element()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("wasi = [\"preview2\"]", "wasi = [\"preview2\", \"preview9\"]"));

        error.Location.ShouldEndWith("test-1.toml:3:21");
        error.Message.ShouldContain("WASI level 'preview9' is not known");
    }

    [Fact]
    public void A_missing_dockerfile_is_reported_at_its_key()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("toolchains/clang.Dockerfile", "toolchains/nope.Dockerfile"));

        error.Location.ShouldEndWith("test-1.toml:12:14");
        error.Message.ShouldContain("file 'toolchains/nope.Dockerfile' does not exist");
    }

    [Fact]
    public void A_toolchain_may_only_provide_tools_that_have_a_version()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("tools = [\"clang\"]", "tools = [\"clang\", \"lld\"]"));

        error.Location.ShouldEndWith("test-1.toml:13:19");
        error.Message.ShouldContain("tool 'lld' has no version in [tools]");
    }

    [Fact]
    public void A_tool_that_no_image_provides_is_an_error()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("clang = \"19.1.7\"", "clang = \"19.1.7\"\ngo = \"1.26.10\""));

        error.Location.ShouldEndWith("test-1.toml:10:1");
        error.Message.ShouldContain("tool 'go' is in no toolchain");
    }

    [Fact]
    public void Reserved_build_arguments_are_refused()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("LLVM_VERSION = \"19\"", "BASE = \"x\""));

        error.Location.ShouldEndWith("test-1.toml:14:10");
        error.Message.ShouldContain("build argument BASE is set by wasmc");
    }

    [Fact]
    public void Npm_packages_need_a_lock_made_for_exactly_them()
    {
        var text = BundleTestFiles.MinimalBundle.Replace(
            "args = { LLVM_VERSION = \"19\" }",
            "args = { LLVM_VERSION = \"19\" }\nnpm-lock = \"npm/test-1/clang/package-lock.json\"")
            + "\n[toolchains.clang.npm]\n\"@bytecodealliance/jco\" = \"1.35.0\"\n";

        var error = SingleError(text, arrange: c => c.WriteFile(
            "npm/test-1/clang/package-lock.json",
            """{ "lockfileVersion": 3, "packages": { "": { "dependencies": { "@bytecodealliance/jco": "1.34.0" } } } }"""));

        error.Location.ShouldEndWith("test-1.toml:15:12");
        error.Message.ShouldContain("made for [@bytecodealliance/jco@1.34.0] but the bundle declares [@bytecodealliance/jco@1.35.0]");
    }

    [Fact]
    public void A_toml_syntax_error_keeps_its_position()
    {
        var error = SingleError(BundleTestFiles.MinimalBundle.Replace("runner = \"jco\"", "runner = jco"));

        error.Location.ShouldEndWith("test-1.toml:4:10");
    }

    [Fact]
    public void Every_problem_of_every_file_is_reported_at_once()
    {
        using var containers = new TemporaryContainersDirectory();
        containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle.Replace("runner = \"jco\"", "runner = \"wasmer\""));
        containers.WriteBundle("test-2", BundleTestFiles.MinimalBundle.Replace("test-1", "test-2").Replace("base = \"wasmc/debian:trixie\"\n", ""));

        var error = Should.Throw<BundleCatalogException>(() => BundleCatalog.Load(containers.Path));

        error.Errors.Select(e => e.Message).ShouldBe(
        [
            "runner 'wasmer' is not known (expected one of: jco, wasmtime)",
            "missing key 'base'",
        ]);
        error.Message.ShouldContain("test-2.toml:1:1: missing key 'base'");
    }
}
