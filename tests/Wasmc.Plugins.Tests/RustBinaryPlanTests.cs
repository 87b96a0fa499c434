using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;

namespace Wasmc.Plugins.Tests;

/// <summary>
/// Binary crates (<c>fn main</c>): which target is built, how (<c>cargo rustc --bin</c> for <c>wasm32-wasip1</c>), and how the
/// core module becomes a command (the world embedded without its <c>wasi:cli/run</c> export, the command adapter).
/// </summary>
public sealed class RustBinaryPlanTests : IDisposable
{
    private const string Package = "[package]\nname = \"calc-cli\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

    private const string CommandWit = """
        package local:calc@0.1.0;

        world calc {
            import wasi:cli/environment@0.2.12;
            export wasi:cli/run@0.2.12;
        }
        """;

    private const string CommandAdapter = "wasi_snapshot_preview1=/opt/wasmc/adapters/wasi_snapshot_preview1.command.wasm";

    private readonly TempFolder _folder = new();

    public RustBinaryPlanTests()
    {
        _folder.Write("wit/calc.wit", CommandWit);
        _folder.Write("src/main.rs", "fn main() {}\n");
    }

    public void Dispose() => _folder.Dispose();

    private string CargoToml => Path.Combine(_folder.Path, "Cargo.toml");

    private BuildPlan Plan(string cargoToml, IReadOnlyDictionary<string, object>? options = null)
    {
        _folder.Write("Cargo.toml", cargoToml);
        return new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, options: options) with { Folder = _folder.Folder });
    }

    private WasmcPluginException Rejected(string cargoToml) => Should.Throw<WasmcPluginException>(() => Plan(cargoToml));

    [Fact]
    public void A_src_main_rs_crate_builds_its_binary_for_wasip1_and_becomes_a_command_through_the_command_adapter()
    {
        var plan = Plan(Package);

        var bindings = plan.Step("bindings (rustc)");
        bindings.Argv.ShouldContain("wasm32-wasip1");
        var source = plan.SupportFiles.Single(f => f.ContainerPath.EndsWith("/lib.rs", StringComparison.Ordinal));
        source.Contents.ShouldContain("pub mod wasi");
        source.Contents.TrimEnd().ShouldEndWith(
            "#[unsafe(no_mangle)]\nunsafe extern \"C\" fn cabi_realloc(old: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8 {\n" +
            "    unsafe { crate::_rt::cabi_realloc(old, old_len, align, new_len) }\n}");

        var cargo = plan.Step("compile (cargo)");
        cargo.Argv.Take(7).ShouldBe(["cargo", "rustc", "--manifest-path", "/workspace/components/calc/Cargo.toml", "--bin", "calc-cli", "--target"]);
        cargo.Argv[7].ShouldBe("wasm32-wasip1");
        cargo.Argv.ShouldNotContain("--lib");
        cargo.Environment["CARGO_TARGET_WASM32_WASIP1_LINKER"].ShouldBe("wasm-ld-19");
        var coreModule = "/scratch/calc/target/wasm32-wasip1/release/calc-cli.wasm";
        cargo.Outputs.ShouldBe([coreModule]);
        plan.DependencyFiles.ShouldBe(["/scratch/calc/target/wasm32-wasip1/release/calc-cli.d"]);

        var staged = plan.SupportFiles.Single(f => f.ContainerPath == "/scratch/calc/wasmc/wit/calc.wit");
        staged.Contents.ShouldStartWith("package local:calc@0.1.0;");
        staged.Contents.ShouldContain("world calc {\n  import wasi:cli/environment@0.2.12;\n");
        staged.Contents.ShouldNotContain("export wasi:cli/run");
        staged.Contents.ShouldContain("package wasi:cli@0.2.12 {");
        var embed = plan.Step("embed WIT");
        embed.Argv.ShouldBe(["wasm-tools", "component", "embed", staged.ContainerPath, "--world", "calc", coreModule, "-o", "/scratch/calc/embedded.wasm"]);
        plan.Step("componentize").Argv.ShouldBe(
            ["wasm-tools", "component", "new", "/scratch/calc/embedded.wasm", "--adapt", CommandAdapter, "-o", "/out/calc/calc.wasm"]);
    }

    [Fact]
    public void A_world_that_includes_wasi_cli_command_is_embedded_with_all_its_imports_and_no_export()
    {
        _folder.Write("wit/calc.wit", "package local:calc@0.1.0;\n\nworld calc {\n    include wasi:cli/command@0.2.12;\n}\n");

        var staged = Plan(Package).SupportFiles.Single(f => f.ContainerPath == "/scratch/calc/wasmc/wit/calc.wit").Contents;

        var world = staged[staged.IndexOf("world calc {", StringComparison.Ordinal)..];
        world = world[..world.IndexOf("\n}", StringComparison.Ordinal)];
        world.ShouldContain("import wasi:filesystem/preopens@0.2.12;");
        world.ShouldContain("import wasi:cli/stdin@0.2.12;");
        world.ShouldNotContain("export");
    }

    [Fact]
    public void A_cdylib_library_stays_the_component_beside_a_binary_and_uses_the_reactor_adapter()
    {
        _folder.Write("wit/calc.wit", "package local:calc@0.1.0;\n\nworld calc {\n    export add: func(a: s32, b: s32) -> s32;\n}\n");

        var plan = Plan(Package + "\n[lib]\ncrate-type = [\"cdylib\"]\n");

        plan.Step("compile (cargo)").Argv.ShouldContain("--lib");
        plan.Step("compile (cargo)").Argv.ShouldContain("wasm32-wasip2");
        plan.Step("compile (cargo)").Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip2/release/calc_cli.wasm"]);
        plan.Step("componentize").Argv.ShouldContain("wasi_snapshot_preview1=/usr/share/wasi-adapters/reactor.wasm");
        plan.SupportFiles.Single(f => f.ContainerPath.EndsWith("/lib.rs", StringComparison.Ordinal)).Contents.ShouldNotContain("#[unsafe(no_mangle)]\nunsafe extern \"C\" fn cabi_realloc");
    }

    [Fact]
    public void An_rlib_library_with_src_main_rs_is_a_binary_that_uses_its_library()
    {
        _folder.Write("src/lib.rs", "pub fn greeting() -> &'static str { \"hi\" }\n");

        Plan(Package).Step("compile (cargo)").Argv.ShouldContain("calc-cli");
        Plan(Package + "\n[lib]\nname = \"greetings\"\n").Step("compile (cargo)").Argv.Skip(4).Take(2).ShouldBe(["--bin", "calc-cli"]);
    }

    [Fact]
    public void A_bin_table_names_the_binary_and_the_core_module()
    {
        File.Delete(Path.Combine(_folder.Path, "src/main.rs"));
        _folder.Write("src/cli.rs", "fn main() {}\n");

        var plan = Plan(Package + "\n[[bin]]\nname = \"hello-tool\"\npath = \"src/cli.rs\"\n");

        plan.Step("compile (cargo)").Argv.Skip(4).Take(2).ShouldBe(["--bin", "hello-tool"]);
        plan.Step("compile (cargo)").Outputs.ShouldBe(["/scratch/calc/target/wasm32-wasip1/release/hello-tool.wasm"]);
    }

    [Fact]
    public void Several_binaries_need_default_run_which_must_name_one_of_them()
    {
        _folder.Write("src/bin/extra.rs", "fn main() {}\n");

        Rejected(Package).Message.ShouldBe(
            $"{CargoToml}:1:1: the crate has 2 binaries ('calc-cli', 'extra') and wasmc builds one of them as the command: " +
            "say which with `default-run = \"calc-cli\"` in [package] (as `cargo run` needs too), or build a library with [lib] crate-type = [\"cdylib\"]");

        Plan(Package + "default-run = \"extra\"\n").Step("compile (cargo)").Argv.Skip(4).Take(2).ShouldBe(["--bin", "extra"]);

        Rejected(Package + "default-run = \"extar\"\n").Message.ShouldBe(
            $"{CargoToml}:5:1: 'package.default-run' is \"extar\", but the crate's binaries are 'calc-cli', 'extra'");
    }

    [Fact]
    public void Autobins_false_leaves_only_the_bin_tables()
    {
        _folder.Write("src/bin/extra.rs", "fn main() {}\n");

        var plan = Plan(Package + "autobins = false\n\n[[bin]]\nname = \"calc-cli\"\npath = \"src/main.rs\"\n");

        plan.Step("compile (cargo)").Argv.Skip(4).Take(2).ShouldBe(["--bin", "calc-cli"]);
    }

    [Fact]
    public void A_binarys_world_exports_wasi_cli_run_and_nothing_else()
    {
        var wit = Path.Combine(_folder.Path, "wit", "calc.wit");
        _folder.Write("wit/calc.wit", "package local:calc@0.1.0;\n\nworld calc {\n    export wasi:cli/run@0.2.12;\n    export add: func(a: s32, b: s32) -> s32;\n}\n");
        Rejected(Package).Message.ShouldBe(
            $"{wit}:3:7: world 'calc' exports 'add', but the crate builds the binary 'calc-cli' (fn main), a command whose only export is wasi:cli/run " +
            "(docs/languages/rust.md, \"Binary crates\"): export functions from a library crate ([lib] crate-type = [\"cdylib\"], src/lib.rs)");

        _folder.Write("wit/calc.wit", "package local:calc@0.1.0;\n\nworld calc {\n    import wasi:cli/environment@0.2.12;\n}\n");
        Rejected(Package).Message.ShouldBe(
            $"{wit}:3:7: world 'calc' does not export wasi:cli/run, but the crate builds the binary 'calc-cli' (fn main), which is a command: add `export wasi:cli/run@0.2.12;` to the world");
    }

    [Fact]
    public void Another_target_and_wizer_are_refused_for_a_binary()
    {
        Should.Throw<WasmcPluginException>(() => Plan(Package, new Dictionary<string, object> { ["target"] = "wasm32-wasip2" })).Message.ShouldBe(
            "component 'calc': option 'target' is \"wasm32-wasip2\", but the crate builds the binary 'calc-cli' (fn main), which wasmc builds for wasm32-wasip1 only " +
            "(the command adapter runs its _start); remove the option");
        Plan(Package, new Dictionary<string, object> { ["target"] = "wasm32-wasip1" }).Step("compile (cargo)").Argv[7].ShouldBe("wasm32-wasip1");

        Rejected(Package + "\n[package.metadata.wasmc.wizer]\ninit = \"initialize\"\n").Message.ShouldBe(
            $"{CargoToml}:6:25: 'package.metadata.wasmc.wizer' pre-initialises a library crate; the crate builds the binary 'calc-cli' (fn main), whose start-up wasmc does not snapshot");
    }
}
