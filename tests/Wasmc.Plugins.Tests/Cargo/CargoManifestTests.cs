using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust.Cargo;
using Wasmc.Toml;

namespace Wasmc.Plugins.Tests.Cargo;

public sealed class CargoManifestTests : IDisposable
{
    private readonly TempCargoProject _project = new();

    public void Dispose() => _project.Dispose();

    private const string ComponentCrate = """
        [package]
        name = "hello-world"
        version = "0.1.0"
        edition = "2021"
        description = "Says hello"
        license = "Apache-2.0 WITH LLVM-exception"
        authors = ["Ada <ada@example.com>"]
        publish = false

        [lib]
        crate-type = ["cdylib"]

        [dependencies]
        wit-bindgen-rt = { version = "0.36.0", features = ["bitflags"] }
        anyhow = "1"
        serde = { version = "1.0", default-features = false, features = ["derive", "alloc"], optional = true }
        renamed = { package = "real-name", version = "2" }
        helper = { path = "../helper" }
        tokio = { git = "https://github.com/tokio-rs/tokio", branch = "master" }
        pinned = { git = "https://example.com/pinned.git", rev = "0a1b2c3" }

        [dev-dependencies]
        proptest = "1.4"

        [build-dependencies]
        cc = "1.0"

        [target.'cfg(target_arch = "wasm32")'.dependencies]
        wasi = "0.13"

        [target.wasm32-wasip2.dev-dependencies]
        wasip2-test = { version = "0.1", tag = "v1", git = "https://example.com/t.git" }

        [features]
        default = ["std"]
        std = ["serde?/std"]

        [profile.release]
        opt-level = "s"
        lto = true
        strip = "symbols"
        codegen-units = 1
        debug = false
        panic = "abort"

        [profile.dev]
        opt-level = 1
        debug = "line-tables-only"

        [profile.wasm-small]
        inherits = "release"
        opt-level = "z"
        lto = "fat"

        [package.metadata.component]
        package = "component:hello-world"

        [package.metadata.component.target]
        path = "wit"
        world = "hello"

        [package.metadata.component.target.dependencies]
        "wasi:io" = { path = "wit/deps/io" }
        "wasi:cli" = "0.2.0"

        [package.metadata.component.dependencies]
        "example:greeter" = { path = "../greeter/greeter.wasm" }
        "example:registry-dep" = { package = "other:name", version = "1.2" }
        """;

    [Fact]
    public void Reads_the_package_and_library_of_a_cargo_component_crate()
    {
        var manifest = CargoManifest.Load(_project.Write("hello/Cargo.toml", ComponentCrate));

        var package = manifest.Package.ShouldNotBeNull();
        package.Name.ShouldBe("hello-world");
        package.Version.ShouldBe("0.1.0");
        package.Edition.ShouldBe("2021");
        package.Description.ShouldBe("Says hello");
        package.Authors.ShouldBe(["Ada <ada@example.com>"]);
        package.Publish.ShouldBeFalse();
        package.InheritedFields.ShouldBeEmpty();
        package.Position.ToString().ShouldEndWith("Cargo.toml:1:1");
        manifest.Library.ShouldNotBeNull().CrateTypes.ShouldBe(["cdylib"]);
        manifest.LibraryName.ShouldBe("hello_world");
        manifest.WorkspaceRoot.ShouldBeNull();
        manifest.Features["std"].ShouldBe(["serde?/std"]);
    }

    [Fact]
    public void Reads_dependencies_in_every_form()
    {
        var manifest = CargoManifest.Load(_project.Write("hello/Cargo.toml", ComponentCrate));
        var byName = manifest.Dependencies.ToDictionary(d => d.Name);

        byName["anyhow"].ShouldSatisfyAllConditions(
            d => d.Version.ShouldBe("1"),
            d => d.Source.ShouldBe(CargoDependencySource.Registry),
            d => d.Kind.ShouldBe(CargoDependencyKind.Normal),
            d => d.DefaultFeatures.ShouldBeTrue());
        byName["serde"].ShouldSatisfyAllConditions(
            d => d.Features.ShouldBe(["derive", "alloc"]),
            d => d.Optional.ShouldBeTrue(),
            d => d.DefaultFeatures.ShouldBeFalse());
        byName["renamed"].PackageName.ShouldBe("real-name");
        byName["helper"].ShouldSatisfyAllConditions(
            d => d.Source.ShouldBe(CargoDependencySource.Path),
            d => d.FullPath.ShouldBe(Path.Combine(_project.Root, "helper")));
        byName["tokio"].ShouldSatisfyAllConditions(d => d.Source.ShouldBe(CargoDependencySource.Git), d => d.Branch.ShouldBe("master"));
        byName["pinned"].Rev.ShouldBe("0a1b2c3");
        byName["proptest"].Kind.ShouldBe(CargoDependencyKind.Development);
        byName["cc"].Kind.ShouldBe(CargoDependencyKind.Build);
        byName["wasi"].Platform.ShouldBe("cfg(target_arch = \"wasm32\")");
        byName["wasip2-test"].ShouldSatisfyAllConditions(
            d => d.Platform.ShouldBe("wasm32-wasip2"),
            d => d.Kind.ShouldBe(CargoDependencyKind.Development),
            d => d.Tag.ShouldBe("v1"));
        byName["serde"].Position.Line.ShouldBe(16);
        manifest.DependenciesOf(CargoDependencyKind.Normal).Select(d => d.Name)
            .ShouldBe(["wit-bindgen-rt", "anyhow", "serde", "renamed", "helper", "tokio", "pinned", "wasi"]);
    }

    [Fact]
    public void Reads_profiles_with_integer_or_string_settings()
    {
        var manifest = CargoManifest.Load(_project.Write("hello/Cargo.toml", ComponentCrate));

        var release = manifest.Profiles["release"];
        (release.OptLevel, release.Lto, release.Strip, release.CodegenUnits, release.Debug, release.Panic)
            .ShouldBe(("s", "true", "symbols", (int?)1, "false", "abort"));
        var dev = manifest.Profiles["dev"];
        (dev.OptLevel, dev.Debug, dev.Inherits).ShouldBe(("1", "line-tables-only", (string?)null));
        var custom = manifest.Profiles["wasm-small"];
        (custom.Inherits, custom.OptLevel, custom.Lto).ShouldBe(("release", "z", "fat"));
    }

    [Fact]
    public void Reads_cargo_component_metadata()
    {
        var manifest = CargoManifest.Load(_project.Write("hello/Cargo.toml", ComponentCrate));

        var component = manifest.Component.ShouldNotBeNull();
        component.Package.ShouldBe("component:hello-world");
        component.Target.IsLocal.ShouldBeTrue();
        component.Target.World.ShouldBe("hello");
        component.Target.FullPath.ShouldBe(Path.Combine(_project.Root, "hello", "wit"));
        component.Target.Dependencies.Select(d => (d.Name, d.Path, d.Version))
            .ShouldBe([("wasi:io", (string?)"wit/deps/io", (string?)null), ("wasi:cli", null, "0.2.0")]);
        component.Dependencies.Select(d => (d.Name, d.Path, d.Package, d.Version))
            .ShouldBe([("example:greeter", (string?)"../greeter/greeter.wasm", (string?)null, (string?)null), ("example:registry-dep", null, "other:name", "1.2")]);
    }

    [Fact]
    public void A_registry_target_may_be_written_as_one_string()
    {
        var manifest = CargoManifest.Load(_project.Write("proxy/Cargo.toml", """
            [package]
            name = "proxy"
            version = "0.1.0"

            [package.metadata.component]
            package = "my:proxy"
            target = "wasi:http/proxy@0.2.0"
            proxy = true
            """));

        var target = manifest.Component.ShouldNotBeNull().Target;
        (target.IsLocal, target.Package, target.World, target.Version).ShouldBe((false, "wasi:http", "proxy", "0.2.0"));
        manifest.Component.Proxy.ShouldBeTrue();
    }

    [Fact]
    public void A_crate_without_component_metadata_has_none()
    {
        var manifest = CargoManifest.Load(_project.Write("plain/Cargo.toml", "[package]\nname = \"plain\"\nversion = \"1.0.0\"\n"));

        manifest.Component.ShouldBeNull();
        manifest.Library.ShouldBeNull();
        manifest.LibraryName.ShouldBe("plain");
        manifest.Dependencies.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("[package]\nname = \"x\"\nedition = 2021\n", "3:11: 'package.edition' must be a string, found an integer")]
    [InlineData("[package]\nname = \"x\"\nedition = \"2022\"\n", "3:11: unknown edition \"2022\" (expected 2015, 2018, 2021 or 2024)")]
    [InlineData("[package]\nversion = \"1.0.0\"\n", "1:1: [package] has no 'name'")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { git = \"https://e.com/foo\", branch = \"main\", tag = \"v1\" }\n", "4:53: 'dependencies.foo' may set only one of 'branch', 'tag' and 'rev'")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { branch = \"main\" }\n", "4:9: 'dependencies.foo' sets 'branch' without 'git'")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { features = [\"a\"] }\n", "4:1: 'dependencies.foo' has no source: set 'version', 'path', 'git' or 'workspace = true'")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { version = \"1\", features = [1] }\n", "4:36: 'dependencies.foo.features element' must be a string, found an integer")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { workspace = true, version = \"1\" }\n", "4:27: 'dependencies.foo' inherits from the workspace (workspace = true) and cannot also set 'version'; set it in [workspace.dependencies]")]
    [InlineData("[package]\nname = \"x\"\n[dependencies]\nfoo = { workspace = true }\n", "4:9: dependency 'foo' inherits from the workspace (workspace = true), but no Cargo.toml with [workspace] was found above this manifest")]
    [InlineData("[package]\nname = \"x\"\n[profile.release]\nopt-level = 4\n", "4:13: 'profile.release.opt-level' must be 0, 1, 2, 3, \"s\" or \"z\", found 4")]
    [InlineData("[package]\nname = \"x\"\n[profile.release]\nlto = \"medium\"\n", "4:7: 'profile.release.lto' must be true, false or one of \"fat\", \"thin\", \"off\"")]
    [InlineData("[package]\nname = \"x\"\n[profile.tiny]\nopt-level = \"z\"\n", "3:10: custom profile 'tiny' must say which profile it starts from, e.g. inherits = \"release\"")]
    [InlineData("[package]\nname = \"x\"\n[package.metadata.component]\npackage = \"NoColon\"\n", "4:11: 'package.metadata.component.package' must be a WIT package id 'namespace:name', found \"NoColon\"")]
    [InlineData("[package]\nname = \"x\"\n[package.metadata.component.target]\npath = \"wit\"\npackage = \"a:b\"\nversion = \"1\"\n", "4:1: 'package.metadata.component.target' cannot set both 'path' and 'package'")]
    [InlineData("[package]\nname = \"x\"\nversion.workspace = true\n", "3:9: 'package.version' inherits from the workspace, but no Cargo.toml with [workspace] was found above this manifest")]
    [InlineData("[package]\nname = \"x\"\nname = \"y\"\n", "3:1: duplicate key 'package.name' (first defined at 2:1)")]
    public void Problems_are_reported_with_file_line_and_column(string toml, string expected)
    {
        var path = _project.Write("bad/Cargo.toml", toml);

        var error = Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path));

        error.Message.ShouldBe($"{path}:{expected}");
    }

    [Fact]
    public void Toml_1_1_is_read_as_cargo_1_97_reads_it()
    {
        // A multi-line inline table with a trailing comma: TOML 1.1, which the sid bundle's cargo accepts.
        var path = _project.Write("modern/Cargo.toml", """
            [package]
            name = "modern"
            edition = "2024"

            [dependencies]
            serde = {
                version = "1.0",
                features = ["derive"],  # comments are allowed inside, too
            }
            """);

        var serde = CargoManifest.Load(path).Dependencies.ShouldHaveSingleItem();

        (serde.Name, serde.Version).ShouldBe(("serde", "1.0"));
        serde.Features.ShouldBe(["derive"]);
        serde.Position.ToString().ShouldBe($"{path}:6:1");
    }

    [Fact]
    public void A_missing_manifest_is_a_plugin_error()
    {
        var path = Path.Combine(_project.Root, "nowhere", "Cargo.toml");

        Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path)).Message.ShouldBe($"{path}: Cargo manifest not found");
    }

    [Fact]
    public void Syntax_errors_keep_the_toml_error_as_inner_exception()
    {
        var path = _project.Write("broken/Cargo.toml", "[package\nname = \"x\"\n");

        var error = Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path));

        error.InnerException.ShouldBeOfType<TomlException>().Position.ShouldBe(new TomlPosition(path, 1, 9));
        error.Message.ShouldStartWith($"{path}:1:9: expected ']'");
    }
}
