using Wasmc.Containers.Bundles;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Tests.Bundles;

public sealed class BundleCatalogTests
{
    private static BundleCatalog Committed => BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

    [Fact]
    public void The_committed_bundles_load_and_their_tool_versions_really_differ()
    {
        var catalog = Committed;

        catalog.Bundles.Select(b => b.Name).ShouldBe(["sid-2026.11.2", "trixie-2026.11.2"]);
        var sid = catalog.Get("sid-2026.11.2");
        var trixie = catalog.Get("trixie-2026.11.2");
        sid.Tools["clang"].ShouldStartWith("22.");
        trixie.Tools["clang"].ShouldStartWith("19.");
        sid.Tools["rustc"].ShouldNotBe(trixie.Tools["rustc"]);
        sid.Wasi.ShouldBe([WasiLevel.Preview2]);
        trixie.Wasi.ShouldBe([WasiLevel.Preview2]);
        sid.Toolchains.Select(t => t.Name).ShouldBe(["node", "rust", "clang", "go", "wasm-tools"]);
        trixie.Languages.ShouldNotContain("go");
    }

    [Fact]
    public void Retired_bundles_keep_their_files_but_are_not_offered_and_name_their_successor()
    {
        var catalog = Committed;

        catalog.AllBundles.Select(b => b.Name).ShouldBe(["sid-2026.11", "sid-2026.11.1", "sid-2026.11.2", "trixie-2026.11", "trixie-2026.11.1", "trixie-2026.11.2"]);
        catalog.Retired.Select(r => (r.Name, r.Successor)).ShouldBe([("sid-2026.11", "sid-2026.11.2"), ("trixie-2026.11", "trixie-2026.11.2"), ("sid-2026.11.1", "sid-2026.11.2"), ("trixie-2026.11.1", "trixie-2026.11.2")]);
        catalog.TryGet("sid-2026.11", out _).ShouldBeFalse();

        var error = Should.Throw<BundleNotFoundException>(() => catalog.Get("trixie-2026.11"));

        error.Message.ShouldStartWith("bundle 'trixie-2026.11' is retired (");
        error.Message.ShouldEndWith("use 'trixie-2026.11.2' instead");
    }

    [Fact]
    public void A_trixie_bundle_builds_its_component_tools_image_on_sid()
    {
        var trixie = Committed.Get("trixie-2026.11.2");

        trixie.GetToolchain("rust").Base.ShouldBe("wasmc/debian:trixie");
        trixie.GetToolchain("wasm-tools").Base.ShouldBe("wasmc/debian:sid");
        trixie.GetToolchain("wasm-tools").BuildArgs["BASE"].ShouldBe("wasmc/debian:sid");
        trixie.AllPaths()["wasi-adapter-reactor"].ShouldBe("/opt/wasmc/adapters/wasi_snapshot_preview1.reactor.wasm");
    }

    [Fact]
    public void Every_language_of_a_committed_bundle_has_an_image_that_can_build_it()
    {
        var toolchainFor = new Dictionary<string, string> { ["rust"] = "rust", ["c"] = "clang", ["cpp"] = "clang", ["go"] = "go", ["js"] = "node" };
        // The contract tests (BundleContractTests) go further: every step of every language's plan runs a command its image declares.
        foreach (var bundle in Committed.Bundles)
        {
            foreach (var language in bundle.Languages)
            {
                bundle.Toolchains.ShouldContain(t => t.Name == toolchainFor[language], $"{bundle.Name} lists {language}");
            }
        }
    }

    [Fact]
    public void Image_references_name_bundle_toolchain_and_a_hash_of_the_inputs()
    {
        var rust = Committed.Get("sid-2026.11.2").GetToolchain("rust");

        rust.ImageReference.ShouldBe($"wasmc/sid-2026.11.2/rust:{rust.DefinitionHash[..12]}");
        rust.DefinitionHash.ShouldMatch("^[0-9a-f]{64}$");
        rust.BuildArgs["BASE"].ShouldBe("wasmc/debian:sid");
        rust.BuildArgs["LLVM_VERSION"].ShouldBe("22");
        rust.BuildArgs["PACKAGES"].ShouldContain("rustc=1.97.1+dfsg1-1");
    }

    [Fact]
    public void A_bundle_converts_to_the_plugin_contract_for_a_supported_wasi_level()
    {
        var sid = Committed.Get("sid-2026.11.2");

        var spec = sid.ToBundleSpec(WasiLevel.Preview2);

        spec.Name.ShouldBe("sid-2026.11.2");
        spec.Wasi.ShouldBe(WasiLevel.Preview2);
        spec.Paths["wasi-adapter-command"].ShouldBe("/opt/wasmc/adapters/wasi_snapshot_preview1.command.wasm");
        spec.ToolVersions["go"].ShouldBe(sid.Tools["go"]);
        spec.Toolchains["clang"].ShouldBe(sid.GetToolchain("clang").ImageReference);
        spec.RequireMajorVersion("clang").ShouldBe(22);
    }

    [Fact]
    public void Converting_for_an_unsupported_wasi_level_says_which_levels_exist()
    {
        var trixie = Committed.Get("trixie-2026.11.2");

        var error = Should.Throw<BundleNotFoundException>(() => trixie.ToBundleSpec(WasiLevel.Preview3));

        error.Message.ShouldContain("does not support WASI preview3");
        error.Message.ShouldContain("preview2");
    }

    [Fact]
    public void Looking_up_an_unknown_bundle_lists_the_known_ones()
    {
        var error = Should.Throw<BundleNotFoundException>(() => Committed.Get("stable-2099"));

        error.Message.ShouldContain("no bundle named 'stable-2099'");
        error.Message.ShouldContain("sid-2026.11.2");
    }

    [Fact]
    public void The_generated_package_json_is_what_the_committed_lock_was_made_for()
    {
        var node = Committed.Get("trixie-2026.11.2").GetToolchain("node");

        node.NpmPackageJson.ShouldBe("""
            {
              "name": "wasmc-toolchain",
              "private": true,
              "dependencies": {
                "@bytecodealliance/jco": "1.35.0",
                "@bytecodealliance/componentize-js": "0.23.0",
                "@bytecodealliance/preview2-shim": "0.25.0"
              },
              "overrides": {
                "@napi-rs/lzma": "1.4.5"
              }
            }

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_containers_folder_is_found_from_below_the_repository()
    {
        var found = BundleCatalog.FindContainersDirectory(AppContext.BaseDirectory);

        found.ShouldBe(BundleTestFiles.RepositoryContainersDirectory);
    }
}
