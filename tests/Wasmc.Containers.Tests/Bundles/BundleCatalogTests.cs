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

        catalog.Bundles.Select(b => b.Name).ShouldBe(["sid-2026.11", "trixie-2026.11"]);
        var sid = catalog.Get("sid-2026.11");
        var trixie = catalog.Get("trixie-2026.11");
        sid.Tools["clang"].ShouldStartWith("22.");
        trixie.Tools["clang"].ShouldStartWith("19.");
        sid.Tools["rustc"].ShouldNotBe(trixie.Tools["rustc"]);
        sid.Wasi.ShouldBe([WasiLevel.Preview2, WasiLevel.Preview3]);
        trixie.Wasi.ShouldBe([WasiLevel.Preview2]);
        sid.Toolchains.Select(t => t.Name).ShouldBe(["node", "rust", "clang", "go"]);
        trixie.Languages.ShouldNotContain("go");
    }

    [Fact]
    public void Every_language_of_a_committed_bundle_has_an_image_that_can_build_it()
    {
        var toolchainFor = new Dictionary<string, string> { ["rust"] = "rust", ["c"] = "clang", ["cpp"] = "clang", ["go"] = "go", ["js"] = "node" };
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
        var rust = Committed.Get("sid-2026.11").GetToolchain("rust");

        rust.ImageReference.ShouldBe($"wasmc/sid-2026.11/rust:{rust.DefinitionHash[..12]}");
        rust.DefinitionHash.ShouldMatch("^[0-9a-f]{64}$");
        rust.BuildArgs["BASE"].ShouldBe("wasmc/debian:sid");
        rust.BuildArgs["LLVM_VERSION"].ShouldBe("22");
        rust.BuildArgs["PACKAGES"].ShouldContain("rustc=1.97.1+dfsg1-1");
    }

    [Fact]
    public void A_bundle_converts_to_the_plugin_contract_for_a_supported_wasi_level()
    {
        var sid = Committed.Get("sid-2026.11");

        var spec = sid.ToBundleSpec(WasiLevel.Preview3);

        spec.Name.ShouldBe("sid-2026.11");
        spec.Wasi.ShouldBe(WasiLevel.Preview3);
        spec.ToolVersions["go"].ShouldBe(sid.Tools["go"]);
        spec.Toolchains["clang"].ShouldBe(sid.GetToolchain("clang").ImageReference);
        spec.RequireMajorVersion("clang").ShouldBe(22);
    }

    [Fact]
    public void Converting_for_an_unsupported_wasi_level_says_which_levels_exist()
    {
        var trixie = Committed.Get("trixie-2026.11");

        var error = Should.Throw<BundleNotFoundException>(() => trixie.ToBundleSpec(WasiLevel.Preview3));

        error.Message.ShouldContain("does not support WASI preview3");
        error.Message.ShouldContain("preview2");
    }

    [Fact]
    public void Looking_up_an_unknown_bundle_lists_the_known_ones()
    {
        var error = Should.Throw<BundleNotFoundException>(() => Committed.Get("stable-2099"));

        error.Message.ShouldContain("no bundle named 'stable-2099'");
        error.Message.ShouldContain("sid-2026.11");
    }

    [Fact]
    public void The_generated_package_json_is_what_the_committed_lock_was_made_for()
    {
        var node = Committed.Get("trixie-2026.11").GetToolchain("node");

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
