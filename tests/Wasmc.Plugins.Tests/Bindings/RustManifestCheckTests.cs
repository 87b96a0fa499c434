using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;

namespace Wasmc.Plugins.Tests.Bindings;

/// <summary>What a Cargo.toml may not say when wasmc provides the bindings: located errors before anything runs.</summary>
public sealed class RustManifestCheckTests : IDisposable
{
    private const string Package = "[package]\nname = \"calc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n";

    private readonly TempFolder _folder = new();

    public RustManifestCheckTests()
    {
        _folder.Write("wit/calc.wit", """
            package local:calc@0.1.0;

            interface calculator {
                add: func(a: f64, b: f64) -> f64;
            }

            world calc {
                export calculator;
            }

            world other {
                export calculator;
            }
            """);
    }

    public void Dispose() => _folder.Dispose();

    private string CargoToml => Path.Combine(_folder.Path, "Cargo.toml");

    private WasmcPluginException Rejected(string manifest)
    {
        _folder.Write("Cargo.toml", manifest);
        return Should.Throw<WasmcPluginException>(() => Plan());
    }

    private BuildPlan Plan() => new RustPlugin().PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Debug) with { Folder = _folder.Folder });

    [Theory]
    [InlineData("wit-bindgen = \"0.41\"", "wit-bindgen")]
    [InlineData("cargo-component-bindings = { version = \"0.6\" }", "cargo-component-bindings")]
    [InlineData("bindgen = { package = \"wit-bindgen-rt\", version = \"0.41\" }", "bindgen")]
    public void A_bindings_generator_dependency_is_an_error_that_names_the_crate_to_use(string line, string name)
    {
        var error = Rejected(Package + "\n[dependencies]\n" + line + "\n");

        error.Message.ShouldStartWith($"{CargoToml}:10:1: '{name}' is not needed: wasmc generates the bindings");
        error.Message.ShouldContain("as the crate 'calc_bindings'");
        error.Message.ShouldContain("calc_bindings::export!(MyType with_types_in calc_bindings)");
    }

    [Fact]
    public void An_unknown_target_world_is_an_error_at_its_key_listing_the_worlds()
    {
        var error = Rejected(Package + "\n[package.metadata.component.target]\nworld = \"nonexistent-world\"\n");

        error.Message.ShouldBe(
            $"{CargoToml}:10:1: 'package.metadata.component.target.world' is \"nonexistent-world\", but the WIT package 'local:calc@0.1.0' has no such world; its worlds: 'calc', 'other'");
    }

    [Fact]
    public void A_target_world_other_than_the_one_wasmc_builds_is_an_error()
    {
        var error = Rejected(Package + "\n[package.metadata.component.target]\nworld = \"other\"\n");

        error.Message.ShouldContain(":10:1: 'package.metadata.component.target.world' is \"other\", but wasmc.toml builds this component for the world 'calc'");
    }

    [Fact]
    public void Metadata_that_matches_what_wasmc_builds_is_honoured()
    {
        _folder.Write("wit/deps/io/io.wit", "package wasi:io@0.2.0;\n\ninterface error {\n    resource error;\n}\n");
        _folder.Write("Cargo.toml", Package + """

            [package.metadata.component]
            package = "local:calc"

            [package.metadata.component.target]
            world = "calc"
            path = "wit"

            [package.metadata.component.target.dependencies]
            "wasi:io" = { path = "wit/deps/io" }

            """);

        Plan().Steps[0].Description.ShouldBe("bindings (rustc)");
    }

    [Theory]
    [InlineData("[package.metadata.component]\npackage = \"other:pkg\"\n", 10, "'package.metadata.component.package' is \"other:pkg\", but the component's WIT package is 'local:calc'")]
    [InlineData("[package.metadata.component]\ntarget = \"wasi:http/proxy@0.2.0\"\n", 10, "names the registry package 'wasi:http'")]
    [InlineData("[package.metadata.component.target]\npath = \"other-wit\"\n", 10, "'package.metadata.component.target.path' is \"other-wit\", but wasmc.toml reads this component's WIT from 'wit'")]
    [InlineData("[package.metadata.component]\nadapter = \"adapter.wasm\"\n", 10, "'package.metadata.component.adapter' is cargo-component's")]
    [InlineData("[package.metadata.component]\nproxy = true\n", 10, "'package.metadata.component.proxy' is cargo-component's")]
    [InlineData("[package.metadata.component.bindings]\nderives = [\"Hash\"]\n", 9, "'package.metadata.component.bindings' is cargo-component's")]
    [InlineData("[package.metadata.component]\nworld = \"calc\"\n", 10, "'package.metadata.component.world' is not a key of 'package.metadata.component'; its keys: 'package', 'target',")]
    [InlineData("[package.metadata.component.target]\nwrold = \"calc\"\n", 10, "'package.metadata.component.target.wrold' is not a key of 'package.metadata.component.target'; its keys: 'path', 'world',")]
    [InlineData("[package.metadata.component.target.dependencies]\n\"wasi:io\" = { path = \"wit/deps/io\", features = [] }\n", 10, "'package.metadata.component.target.dependencies.'wasi:io'.features' is not a key")]
    [InlineData("[package.metadata.component.registries]\ndefault = \"https://example.com\"\n", 9, "'package.metadata.component.registries' is cargo-component's; wasmc builds offline")]
    [InlineData("[package.metadata.component.dependencies]\n\"wasi:io\" = \"0.2.0\"\n", 10, "the WIT dependency 'wasi:io' must be a folder in 'wit/deps'")]
    [InlineData("[package.metadata.component.target.dependencies]\n\"wasi:io\" = { path = \"../io\" }\n", 10, "found path \"../io\"")]
    public void Cargo_component_metadata_wasmc_cannot_honour_is_an_error_at_its_line(string section, int line, string message)
    {
        var error = Rejected(Package + "\n" + section);

        error.Message.ShouldStartWith($"{CargoToml}:{line}:");
        error.Message.ShouldContain(message);
    }
}
