using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;

namespace Wasmc.Plugins.Tests;

public class RustPluginTests
{
    private readonly RustPlugin _plugin = new();

    [Fact]
    public void Release_plan_builds_with_cargo_offline_for_wasip2_and_links_with_the_bundles_wasm_ld()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release));

        var compile = plan.Steps[0];
        compile.Toolchain.ShouldBe("rust");
        compile.WorkingDirectory.ShouldBe("/workspace/components/calc");
        compile.Argv.ShouldBe(["cargo", "build", "--manifest-path", "/workspace/components/calc/Cargo.toml", "--target", "wasm32-wasip2", "--release", "--offline",
            "-Zunstable-options", "--lockfile-path", "/scratch/calc/cargo-lock/Cargo.lock"]);
        compile.Environment["RUSTC_BOOTSTRAP"].ShouldBe("1");
        compile.Environment["CARGO_TARGET_WASM32_WASIP2_LINKER"].ShouldBe("wasm-ld-19");
        compile.Environment["CARGO_TARGET_DIR"].ShouldBe("/scratch/calc/target");
        compile.Environment["CARGO_HOME"].ShouldBe("/cache/cargo");
        compile.Environment["CARGO_PROFILE_RELEASE_DEBUG"].ShouldBe("false");
        compile.Environment["CARGO_PROFILE_RELEASE_STRIP"].ShouldBe("symbols");
        compile.Environment.Keys.ShouldNotContain("RUSTFLAGS");
        compile.Mounts.ShouldBe([new PlanMount(MountKind.Cache, "cargo-home", "/cache/cargo", false)]);
        compile.Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/release/calc.wasm"]);
        plan.Artifacts.ShouldBe([new PlanArtifact("component", "/out/calc/calc.wasm")]);
    }

    [Fact]
    public void Debug_plan_uses_the_dev_profile_with_debug_info_and_reads_the_debug_folder()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Debug));

        var compile = plan.Steps[0];
        compile.Argv.ShouldNotContain("--release");
        compile.Environment["CARGO_PROFILE_DEV_DEBUG"].ShouldBe("true");
        compile.Environment["CARGO_PROFILE_DEV_STRIP"].ShouldBe("none");
        compile.Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/debug/calc.wasm"]);
        plan.Step("embed").Argv.ShouldContain("/scratch/calc/target/wasm32-wasip2/debug/calc.wasm");
    }

    [Fact]
    public void Embed_and_new_use_the_world_and_the_adapter_the_bundle_names()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, world: "calc-world"));

        plan.Step("embed").Argv.ShouldBe(
        [
            "wasm-tools", "component", "embed", "/workspace/components/calc/wit", "--world", "calc-world",
            "/scratch/calc/target/wasm32-wasip2/release/calc.wasm", "-o", "/scratch/calc/embedded.wasm",
        ]);
        var componentize = plan.Step("componentize");
        componentize.Argv.ShouldBe(
        [
            "wasm-tools", "component", "new", "/scratch/calc/embedded.wasm",
            "--adapt", "wasi_snapshot_preview1=/usr/share/wasi-adapters/reactor.wasm", "-o", "/out/calc/calc.wasm",
        ]);
        componentize.Toolchain.ShouldBe("rust");
        componentize.Outputs.ShouldBe(["/out/calc/calc.wasm"]);
    }

    [Fact]
    public void Versions_come_from_the_bundle_and_a_missing_one_is_a_plugin_error()
    {
        var newer = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, PlanFixtures.Bundle(lld: "22.1.8")));
        newer.Steps[0].Environment["CARGO_TARGET_WASM32_WASIP2_LINKER"].ShouldBe("wasm-ld-22");

        var bundle = PlanFixtures.Bundle() with { ToolVersions = new Dictionary<string, string> { ["rustc"] = "1.85.1" } };
        var error = Should.Throw<WasmcPluginException>(() => _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, bundle)));
        error.Message.ShouldContain("'lld'");
        error.Message.ShouldContain("wasi-p2-trixie");
    }

    [Fact]
    public void Target_option_language_flags_and_a_wasm_tools_toolchain_are_honoured()
    {
        var profile = PlanFixtures.Release with { LanguageFlags = ["-C", "target-feature=+simd128"] };
        var toolchains = new Dictionary<string, string> { ["rust"] = "r", ["wasm-tools"] = "w" };
        var plan = _plugin.PlanBuild(PlanFixtures.Request(
            "rust", profile, PlanFixtures.Bundle(toolchains: toolchains), new Dictionary<string, object> { ["target"] = "wasm32-wasip1" }));

        plan.Steps[0].Argv.ShouldContain("wasm32-wasip1");
        plan.Steps[0].Environment["CARGO_TARGET_WASM32_WASIP1_LINKER"].ShouldBe("wasm-ld-19");
        plan.Steps[0].Environment["RUSTFLAGS"].ShouldBe("-C target-feature=+simd128");
        plan.Step("embed").Toolchain.ShouldBe("wasm-tools");
    }

    [Fact]
    public void The_core_module_is_named_after_the_crate_in_Cargo_toml()
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", "[package]\nname = \"my-crate\"\nversion = \"0.1.0\"\n");
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release) with { Folder = folder.Folder });
        plan.Steps[0].Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/release/my_crate.wasm"]);

        folder.Write("Cargo.toml", "[package]\nname = \"my-crate\"\n\n[lib]\nname = \"engine\"\n");
        _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release) with { Folder = folder.Folder })
            .Steps[0].Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/release/engine.wasm"]);
    }

    [Fact]
    public void Scaffold_writes_a_cargo_crate_that_implements_the_generated_guest_trait_and_exports_it()
    {
        var result = _plugin.Scaffold(new ScaffoldRequest("my-calc", "library", WasiLevel.Preview2));

        result.World.ShouldBe("my-calc");
        result.WitPath.ShouldBe("wit");
        result.Files.Select(f => f.RelativePath).ShouldBe(
            ["wit/my-calc.wit", "Cargo.toml", "Cargo.lock", "src/lib.rs", "tests/my-calc.test.toml"], ignoreOrder: true);
        var cargo = result.Files.Single(f => f.RelativePath == "Cargo.toml").Contents;
        cargo.ShouldContain("name = \"my-calc\"");
        cargo.ShouldContain("crate-type = [\"cdylib\"]");
        cargo.ShouldNotContain("bindings"); // the bindings crate is provided by the build, not declared
        var lib = result.Files.Single(f => f.RelativePath == "src/lib.rs").Contents;
        Snapshot.Verify("rust-scaffold-lib.rs", lib);
        lib.ShouldContain("use my_calc_bindings::exports::local::my_calc::calculator::Guest;");
        lib.ShouldContain("my_calc_bindings::export!(Component with_types_in my_calc_bindings);");
        foreach (var function in new[] { "add", "subtract", "multiply" })
        {
            lib.ShouldContain($"fn {function}(a: f64, b: f64) -> f64 {{");
            result.Files.Single(f => f.RelativePath == "wit/my-calc.wit").Contents.ShouldContain($"{function}: func(a: f64, b: f64) -> f64;");
        }

        using var folder = new TempFolder();
        folder.Write(result);
        _plugin.Recognizes(folder.Folder).ShouldBeTrue();
    }
}

public class RustPluginCargoProfileTests
{
    [Fact]
    public void A_profile_the_crate_declares_is_passed_to_cargo_by_name()
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", "[package]\nname = \"calc\"\nversion = \"0.1.0\"\n\n[profile.size]\ninherits = \"release\"\nopt-level = \"z\"\n");
        var profile = new ProfileSpec("size", Optimize: true, DebugInfo: false, Strip: true, []);

        var plan = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", profile) with { Folder = folder.Folder });

        plan.Steps[0].Argv.ShouldContain("--profile");
        plan.Steps[0].Argv.ShouldContain("size");
        plan.Steps[0].Argv.ShouldNotContain("--release");
        plan.Steps[0].Environment["CARGO_PROFILE_SIZE_STRIP"].ShouldBe("symbols");
        plan.Steps[0].Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/size/calc.wasm"]);
    }
}

public class RustPluginWizerTests
{
    private const string Crate = "[package]\nname = \"calc\"\nversion = \"0.1.0\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n";

    private static BundleSpec WizerBundle => PlanFixtures.Bundle() with
    {
        ToolVersions = new Dictionary<string, string> { ["lld"] = "22.1.8", ["rustc"] = "1.97.1", ["wizer"] = "11.0.3" },
    };

    [Fact]
    public void Wizer_runs_in_the_node_image_on_the_core_module_and_embed_reads_its_output()
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", Crate + "\n[package.metadata.wasmc.wizer]\ninit = \"initialize_primes\"\n");

        var plan = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, WizerBundle) with { Folder = folder.Folder });

        var core = "/scratch/calc/target/wasm32-wasip2/release/calc.wasm";
        var wizer = plan.Step("pre-initialise");
        wizer.Toolchain.ShouldBe("node");
        wizer.Argv.ShouldBe(["node", "/scratch/calc/wizer/wizer.mjs", "initialize_primes", core, "/scratch/calc/wizer/calc.wasm", "components/calc/Cargo.toml"]);
        wizer.Inputs.ShouldBe([core, "/scratch/calc/wizer/wizer.mjs"]);
        wizer.Outputs.ShouldBe(["/scratch/calc/wizer/calc.wasm"]);
        plan.Steps.Select(s => s.Description.Split(' ')[0]).ShouldBe(["compile", "pre-initialise", "embed", "componentize"]);
        plan.Step("embed").Argv.ShouldContain("/scratch/calc/wizer/calc.wasm");
        plan.Step("embed").Argv.ShouldNotContain(core);

        var script = plan.SupportFiles.Single(f => f.ContainerPath == "/scratch/calc/wizer/wizer.mjs");
        script.Contents.ShouldContain("\"--allow-wasi\", \"--init-func\", init");
    }

    [Fact]
    public void Profiles_limit_pre_initialisation_and_a_crate_without_the_setting_has_no_wizer_step()
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", Crate + "\n[package.metadata.wasmc]\nwizer = { init = \"init\", profiles = [\"release\"] }\n");

        var release = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, WizerBundle) with { Folder = folder.Folder });
        release.Steps.ShouldContain(s => s.Description.StartsWith("pre-initialise", StringComparison.Ordinal));
        var debug = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Debug, WizerBundle) with { Folder = folder.Folder });
        debug.Steps.ShouldNotContain(s => s.Description.StartsWith("pre-initialise", StringComparison.Ordinal));
        debug.Step("embed").Argv.ShouldContain("/scratch/calc/target/wasm32-wasip2/debug/calc.wasm");

        folder.Write("Cargo.toml", Crate);
        var plain = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, WizerBundle) with { Folder = folder.Folder });
        plain.Steps.ShouldNotContain(s => s.Toolchain == "node");
        plain.SupportFiles.ShouldNotContain(f => f.ContainerPath.EndsWith("wizer.mjs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bundle_without_wizer_is_an_error_at_the_setting_in_every_profile()
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", Crate + "\n[package.metadata.wasmc.wizer]\ninit = \"init\"\nprofiles = [\"release\"]\n");

        foreach (var profile in new[] { PlanFixtures.Release, PlanFixtures.Debug })
        {
            var error = Should.Throw<WasmcPluginException>(() => new RustPlugin().PlanBuild(PlanFixtures.Request("rust", profile) with { Folder = folder.Folder }));
            error.Message.ShouldStartWith($"{Path.Combine(folder.Path, "Cargo.toml")}:8:25: 'package.metadata.wasmc.wizer' needs Wizer, and bundle 'wasi-p2-trixie' does not carry it (its tools: clang, go, lld, node, rustc)");
        }
    }

    [Theory]
    [InlineData("[package.metadata.wasmc.wizer]\nint = \"init\"\n", ":9:1: unknown key 'package.metadata.wasmc.wizer.int'; expected 'init'")]
    [InlineData("[package.metadata.wasmc.wizer]\nprofiles = [\"release\"]\n", ":8:25: 'package.metadata.wasmc.wizer' needs 'init'")]
    [InlineData("[package.metadata.wasmc]\nwizer = \"init\"\n", ":9:9: 'package.metadata.wasmc.wizer' must be a table")]
    [InlineData("[package.metadata.wasmc]\nwiser = { init = \"init\" }\n", ":9:1: unknown key 'package.metadata.wasmc.wiser'; wasmc reads only 'wizer' here")]
    [InlineData("[package.metadata.wasmc.wizer]\ninit = \"\"\n", ":9:1: 'package.metadata.wasmc.wizer.init' must be the name of an exported function")]
    public void Mistakes_in_the_setting_are_located_errors(string section, string expected)
    {
        using var folder = new TempFolder();
        folder.Write("Cargo.toml", Crate + "\n" + section);

        var error = Should.Throw<WasmcPluginException>(() => new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, WizerBundle) with { Folder = folder.Folder }));
        error.Message.ShouldContain(Path.Combine(folder.Path, "Cargo.toml") + expected);
    }
}
