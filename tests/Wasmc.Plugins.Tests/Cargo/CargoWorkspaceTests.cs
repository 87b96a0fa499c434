using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust.Cargo;

namespace Wasmc.Plugins.Tests.Cargo;

public sealed class CargoWorkspaceTests : IDisposable
{
    private readonly TempCargoProject _project = new();

    public CargoWorkspaceTests()
    {
        _project.Write("Cargo.toml", """
            [workspace]
            resolver = "2"
            members = ["crates/*"]
            exclude = ["crates/experimental"]

            [workspace.package]
            version = "0.3.1"
            edition = "2024"
            authors = ["The wasmc authors"]
            license = "MIT OR Apache-2.0"
            repository = "https://example.com/wasmc"
            rust-version = "1.85"

            [workspace.dependencies]
            serde = { version = "1.0.210", features = ["derive"], default-features = false }
            wit-bindgen = "0.36.0"
            shared-types = { path = "crates/shared-types" }
            wasmtime = { git = "https://github.com/bytecodealliance/wasmtime", tag = "v25.0.0" }

            [profile.release]
            opt-level = 3
            lto = "thin"
            """);
        _project.Write("crates/shared-types/Cargo.toml", """
            [package]
            name = "shared-types"
            version.workspace = true
            edition.workspace = true
            """);
    }

    public void Dispose() => _project.Dispose();

    private string WriteMember(string extra) => _project.Write("crates/greeter/Cargo.toml", $$"""
        [package]
        name = "greeter"
        version = { workspace = true }
        edition.workspace = true
        authors.workspace = true
        license.workspace = true
        description = "Greets"

        [lib]
        crate-type = ["cdylib", "rlib"]

        [dependencies]
        serde = { workspace = true, features = ["rc"], optional = true }
        wit-bindgen.workspace = true
        shared-types = { workspace = true }

        [dev-dependencies]
        wasmtime = { workspace = true }
        {{extra}}
        """);

    [Fact]
    public void Package_fields_are_inherited_from_workspace_package()
    {
        var manifest = CargoManifest.Load(WriteMember(""));

        var package = manifest.Package.ShouldNotBeNull();
        (package.Name, package.Version, package.Edition, package.License, package.Description)
            .ShouldBe(("greeter", "0.3.1", "2024", "MIT OR Apache-2.0", "Greets"));
        package.Authors.ShouldBe(["The wasmc authors"]);
        package.InheritedFields.ShouldBe(["version", "edition", "authors", "license"]);
        package.Repository.ShouldBeNull();
        manifest.Workspace.ShouldBeNull();
        manifest.WorkspaceRoot.ShouldNotBeNull().ManifestPath.ShouldBe(Path.Combine(_project.Root, "Cargo.toml"));
    }

    [Fact]
    public void Dependencies_are_completed_from_workspace_dependencies()
    {
        var manifest = CargoManifest.Load(WriteMember(""));
        var byName = manifest.Dependencies.ToDictionary(d => d.Name);

        byName["serde"].ShouldSatisfyAllConditions(
            d => d.InheritedFromWorkspace.ShouldBeTrue(),
            d => d.Version.ShouldBe("1.0.210"),
            d => d.Features.ShouldBe(["derive", "rc"]),
            d => d.Optional.ShouldBeTrue(),
            d => d.DefaultFeatures.ShouldBeFalse(),
            d => d.Position.Line.ShouldBe(13),
            d => d.Position.File.ShouldEndWith(Path.Combine("greeter", "Cargo.toml")));
        byName["wit-bindgen"].Version.ShouldBe("0.36.0");
        byName["shared-types"].ShouldSatisfyAllConditions(
            d => d.Path.ShouldBe("crates/shared-types"),
            d => d.FullPath.ShouldBe(Path.Combine(_project.Root, "crates", "shared-types")));
        byName["wasmtime"].ShouldSatisfyAllConditions(
            d => d.Kind.ShouldBe(CargoDependencyKind.Development),
            d => d.Tag.ShouldBe("v25.0.0"),
            d => d.Source.ShouldBe(CargoDependencySource.Git));
    }

    [Fact]
    public void The_root_manifest_describes_the_workspace()
    {
        var root = CargoManifest.Load(Path.Combine(_project.Root, "Cargo.toml"));

        root.Package.ShouldBeNull();
        var workspace = root.Workspace.ShouldNotBeNull();
        root.WorkspaceRoot.ShouldBeSameAs(workspace);
        (workspace.Resolver, workspace.Members.Single(), workspace.Exclude.Single()).ShouldBe(("2", "crates/*", "crates/experimental"));
        workspace.Dependencies.Keys.ShouldBe(["serde", "wit-bindgen", "shared-types", "wasmtime"], ignoreOrder: true);
        root.Profiles["release"].OptLevel.ShouldBe("3");
    }

    [Fact]
    public void Package_workspace_may_point_at_the_root_explicitly()
    {
        var path = _project.Write("elsewhere/member/Cargo.toml", """
            [package]
            name = "pointed"
            workspace = "../.."
            version.workspace = true
            """);

        CargoManifest.Load(path).Package.ShouldNotBeNull().Version.ShouldBe("0.3.1");
    }

    [Fact]
    public void Inheriting_a_field_the_workspace_lacks_is_located()
    {
        var path = _project.Write("crates/broken/Cargo.toml", "[package]\nname = \"broken\"\nhomepage.workspace = true\n");

        var error = Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path));

        error.Message.ShouldBe($"{path}:3:10: 'package.homepage' inherits from the workspace, but {Path.Combine(_project.Root, "Cargo.toml")} has no 'homepage' in [workspace.package]");
    }

    [Fact]
    public void Inheriting_a_dependency_the_workspace_lacks_is_located()
    {
        var path = _project.Write("crates/broken/Cargo.toml", "[package]\nname = \"broken\"\n\n[dependencies]\nrand = { workspace = true }\n");

        var error = Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path));

        error.Message.ShouldBe($"{path}:5:10: dependency 'rand' inherits from the workspace, but {Path.Combine(_project.Root, "Cargo.toml")} has no 'rand' in [workspace.dependencies]");
    }

    [Fact]
    public void The_package_name_cannot_be_inherited()
    {
        var path = _project.Write("crates/broken/Cargo.toml", "[package]\nname.workspace = true\n");

        Should.Throw<WasmcPluginException>(() => CargoManifest.Load(path)).Message.ShouldBe($"{path}:2:1: 'package.name' cannot be inherited from the workspace");
    }
}
