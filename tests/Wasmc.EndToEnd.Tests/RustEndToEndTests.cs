namespace Wasmc.EndToEnd.Tests;

/// <summary>Rust with the installed tool: a Cargo.toml in TOML 1.1 is read by wasmc and built by the bundle's own cargo where it can.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class RustEndToEndTests(InstalledTool tool)
{
    // A multi-line inline table with a trailing comma: TOML 1.1, which cargo 1.97 (sid) reads and cargo 1.85 (trixie) does not.
    private const string Toml11CargoManifest = """
        [package]
        name = "calc"
        version = "0.1.0"
        edition = "2021"
        publish = false
        metadata = {
            note = "TOML 1.1",
        }

        [lib]
        crate-type = ["cdylib"]

        [workspace]

        """;

    [JsDockerFact]
    public void A_cargo_manifest_in_toml_1_1_builds_in_the_sid_bundle_and_trixies_cargo_rejects_it_at_its_line()
    {
        var workspace = tool.NewWorkFolder();
        tool.Wasmc(workspace, "new", "rust", "calc", "--bundle", "sid-2026.11.2").ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(workspace, "calc", "Cargo.toml"), Toml11CargoManifest);

        var build = tool.Wasmc(workspace, "build");
        build.ExitCode.ShouldBe(0, build.ToString());
        var test = tool.Wasmc(workspace, "test");
        test.ExitCode.ShouldBe(0, test.ToString());
        test.Out.ShouldContain("3 passed, 0 failed");

        var manifest = Path.Combine(workspace, "wasmc.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"sid-2026.11.2\"", "\"trixie-2026.11.2\"", StringComparison.Ordinal));
        var old = tool.Wasmc(workspace, "build");
        old.ExitCode.ShouldBe(1, old.ToString());
        (old.Out + old.Error).ShouldContain("Cargo.toml:6:");
    }
}
