using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;
using Wasmc.Plugins.Rust.Bindings;

namespace Wasmc.Plugins.Tests.Bindings;

/// <summary>How the generated bindings crate enters the plan: compiled by rustc first, handed to the crate by cargo rustc.</summary>
public sealed class RustBindingsPlanTests : IDisposable
{
    private const string Wit = """
        package calculator:math@1.0.0;

        interface calculator {
            add: func(a: f64, b: f64) -> f64;
            divide: func(a: f64, b: f64) -> result<f64, string>;
        }

        world calc {
            export calculator;
        }
        """;

    private readonly TempFolder _folder = new();

    public RustBindingsPlanTests()
    {
        _folder.Write("Cargo.toml", "[package]\nname = \"calc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n");
        _folder.Write("wit/calc.wit", Wit);
    }

    public void Dispose() => _folder.Dispose();

    private BuildPlan Plan(ProfileSpec profile) =>
        new RustPlugin().PlanBuild(PlanFixtures.Request("rust", profile) with { Folder = _folder.Folder });

    [Fact]
    public void The_bindings_crate_is_compiled_first_and_handed_to_the_components_crate_only()
    {
        var plan = Plan(PlanFixtures.Release);

        var bindings = plan.Steps[0];
        bindings.Description.ShouldBe("bindings (rustc)");
        bindings.Toolchain.ShouldBe(RustPlugin.Toolchain);
        var source = plan.SupportFiles.ShouldHaveSingleItem();
        source.ContainerPath.ShouldStartWith("/scratch/calc/bindings/");
        source.ContainerPath.ShouldEndWith("/lib.rs");
        source.Contents.ShouldContain("pub mod exports");
        var folder = source.ContainerPath[..^"/lib.rs".Length];
        var rlib = $"{folder}/libcalc_bindings.rlib";
        bindings.Argv.ShouldBe(
        [
            "rustc", "--edition", "2021", "--crate-type", "rlib", "--crate-name", "calc_bindings", "--target", "wasm32-wasip2",
            "-C", "opt-level=3", "-C", "debuginfo=0", "-C", "codegen-units=1", "--cap-lints", "allow", source.ContainerPath, "-o", rlib,
        ]);
        bindings.Outputs.ShouldBe([rlib]);

        var cargo = plan.Step("compile (cargo)");
        cargo.Argv.ShouldBe(
        [
            "cargo", "rustc", "--manifest-path", "/workspace/components/calc/Cargo.toml", "--lib", "--target", "wasm32-wasip2",
            "--release", "--offline", "-Zunstable-options", "--lockfile-path", "/scratch/calc/cargo-lock/Cargo.lock", "--", "--extern", $"calc_bindings={rlib}",
        ]);
    }

    [Fact]
    public void The_bindings_are_built_like_the_crate_that_links_them()
    {
        Plan(PlanFixtures.Debug).Steps[0].Argv.ShouldContain("opt-level=0");
        Plan(PlanFixtures.Debug).Steps[0].Argv.ShouldContain("debuginfo=2");

        var withFlags = PlanFixtures.Release with { LanguageFlags = ["-C", "target-feature=+simd128"] };
        var argv = Plan(withFlags).Steps[0].Argv;
        argv.Skip(argv.Count - 5).ShouldBe(["-C", "target-feature=+simd128", argv[^3], "-o", argv[^1]]);

        _folder.Write("Cargo.toml", "[package]\nname = \"calc\"\nversion = \"0.1.0\"\n\n[profile.small]\ninherits = \"release\"\nopt-level = \"s\"\n");
        Plan(new ProfileSpec("small", Optimize: true, DebugInfo: false, Strip: true, [])).Steps[0].Argv.ShouldContain("opt-level=s");
    }

    [Fact]
    public void Lto_from_the_profiles_flags_is_cargos_profile_setting_not_a_rustc_flag_of_either_crate()
    {
        // In RUSTFLAGS it meets cargo's -C embed-bitcode=no: "options `-C embed-bitcode=no` and `-C lto` are incompatible".
        var plan = Plan(PlanFixtures.Release with { LanguageFlags = ["-C", "opt-level=3", "-C", "lto=fat", "-C", "codegen-units=1"] });

        var cargo = plan.Step("compile (cargo)");
        cargo.Environment["CARGO_PROFILE_RELEASE_LTO"].ShouldBe("fat");
        cargo.Environment["RUSTFLAGS"].ShouldBe("-C opt-level=3 -C codegen-units=1");
        plan.Steps[0].Argv.ShouldNotContain("lto=fat");
        plan.Steps[0].Argv.ShouldContain("codegen-units=1");
    }

    [Fact]
    public void A_changed_wit_changes_the_extern_path_so_cargo_rebuilds_the_crate()
    {
        var before = Plan(PlanFixtures.Release).Step("compile (cargo)").Argv[^1];
        Plan(PlanFixtures.Release).Step("compile (cargo)").Argv[^1].ShouldBe(before);

        _folder.Write("wit/calc.wit", Wit.Replace("add: func", "sum: func", StringComparison.Ordinal));

        Plan(PlanFixtures.Release).Step("compile (cargo)").Argv[^1].ShouldNotBe(before);
    }

    [Fact]
    public void Without_the_components_files_the_plan_is_cargo_build_as_before()
    {
        var plan = new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release));

        plan.Steps[0].Argv.Take(2).ShouldBe(["cargo", "build"]);
        plan.SupportFiles.ShouldBeEmpty();
    }

    [Fact]
    public void A_world_the_bindings_cannot_express_yet_is_an_error_at_its_wit_line()
    {
        _folder.Write("wit/calc.wit", """
            package calculator:math@1.0.0;

            interface calculator {
                numbers: func() -> stream<u32>;
            }

            world calc {
                export calculator;
            }
            """);

        var error = Should.Throw<WasmcPluginException>(() => Plan(PlanFixtures.Release));

        error.Message.ShouldContain("calc.wit:4:5");
        error.Message.ShouldContain("stream in function 'calculator:math/calculator@1.0.0.numbers'");
        error.Message.ShouldContain("do not support this yet");
    }

    [Fact]
    public void The_bindings_crate_is_named_after_the_component()
    {
        RustNames.BindingsCrate("calculator-component").ShouldBe("calculator_component_bindings");
        RustNames.Snake("type").ShouldBe("r#type");
        RustNames.Snake("self").ShouldBe("self_");
        RustNames.Type("get-HTTP-version").ShouldBe("GetHttpVersion");
        RustNames.Constant("read-only").ShouldBe("READ_ONLY");
    }
}
