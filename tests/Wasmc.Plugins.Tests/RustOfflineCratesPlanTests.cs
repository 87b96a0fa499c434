using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;
using Wasmc.Plugins.Rust.Cargo;

namespace Wasmc.Plugins.Tests;

/// <summary>Offline crates, the lock file in scratch and cargo's dep-info in Rust plans (no Docker).</summary>
public sealed class RustOfflineCratesPlanTests
{
    private readonly RustPlugin _plugin = new();

    private static BundleSpec WithCrates(string cargo) =>
        PlanFixtures.Bundle() with
        {
            ToolVersions = new Dictionary<string, string> { ["lld"] = "22.1.8", ["cargo"] = cargo },
            Crates = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["rust"] = new Dictionary<string, string> { ["serde_json"] = "1.0.154", ["anyhow"] = "1.0.104" } },
            Paths = new Dictionary<string, string> { ["wasi-adapter-reactor"] = "/a.wasm", ["cargo-registry"] = "/usr/share/cargo/registry" },
        };

    [Fact]
    public void A_bundle_with_crates_replaces_crates_io_with_its_registry_folder_and_cargo_1_97_takes_the_lock_path_as_config()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, WithCrates("1.97.1")));

        var compile = plan.Steps[0];
        compile.Argv.Skip(8).ShouldBe(
        [
            "--config", "source.crates-io.replace-with=\"debian-crates\"", "--config", "source.debian-crates.directory=\"/usr/share/cargo/registry\"",
            "--config", "resolver.lockfile-path=\"/scratch/calc/cargo-lock/Cargo.lock\"",
        ]);
        compile.Environment.Keys.ShouldNotContain("RUSTC_BOOTSTRAP");
        compile.Inputs.ShouldContain("/workspace/components/calc/Cargo.lock");
        plan.WriteBacks.ShouldBe([new PlanWriteBack("/scratch/calc/cargo-lock/Cargo.lock", "/workspace/components/calc/Cargo.lock")]);
        plan.DependencyFiles.ShouldBe(["/scratch/calc/target/wasm32-wasip2/release/calc.d"]);
    }

    [Fact]
    public void Without_crates_cargo_gets_no_source_replacement()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release));

        plan.Steps[0].Argv.ShouldNotContain("--config");
    }

    [Theory]
    [InlineData("1", "1.0.104", true)]
    [InlineData("1.0", "1.0.104", true)]
    [InlineData("^1.0.105", "1.0.104", false)]
    [InlineData("1.0.104", "1.0.104", true)]
    [InlineData("2", "1.0.104", false)]
    [InlineData("0.4", "0.4.26", true)]
    [InlineData("0.3", "0.4.26", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2", "1.2.9", true)]
    [InlineData("~1.2", "1.3.0", false)]
    [InlineData("=1.0.1", "1.0.2", false)]
    [InlineData(">=1, <2", "1.9.0", true)]
    [InlineData(">=1, <2", "2.0.0", false)]
    [InlineData("1.*", "1.7.0", true)]
    [InlineData("*", "0.1.0", true)]
    public void Version_requirements_follow_cargo(string requirement, string version, bool matches) =>
        OfflineCrates.Matches(requirement, version).ShouldBe(matches);

    [Fact]
    public void Close_names_treat_dash_and_underscore_alike_and_allow_small_typos()
    {
        string[] crates = ["serde_json", "serde", "anyhow", "once_cell"];
        OfflineCrates.CloseNames("serde-json", crates).ShouldBe(["serde_json"]);
        OfflineCrates.CloseNames("serde_jsn", crates)[0].ShouldBe("serde_json");
        OfflineCrates.CloseNames("oncecell", crates).ShouldBe(["once_cell"]);
        OfflineCrates.CloseNames("tokio", crates).ShouldBeEmpty();
    }
}
