using System.Text.Json;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Rust components written against the bindings wasmc generates (<c>impl Guest</c> + <c>export!</c>), with the installed
/// tool, in every bundle that lists Rust (the list comes from <c>bundle list</c>, so a new bundle cannot skip this).
/// The sources are the fixtures in <c>tests/fixtures/rust</c>, copied unmodified.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class RustBindingsEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private string Fixtures => Path.Combine(tool.RepoRoot, "tests", "fixtures", "rust");

    [JsDockerFact]
    public void The_issues_calculator_and_a_data_types_component_build_unmodified_and_pass_in_every_bundle_that_lists_rust()
    {
        foreach (var bundle in RustBundles())
        {
            var workspace = Workspace(bundle, "calculator-component", "data-types");

            var test = tool.BuildAndTestPass(workspace, bundle, output);
            test.Out.ShouldContain("PASS division by zero is an err result");
            test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
            test.Out.ShouldContain("5 passed, 0 failed"); // the calculator
            test.Out.ShouldContain("6 passed, 0 failed"); // data-types
            test.Out.ShouldNotContain("FAIL ", Case.Sensitive);
        }
    }

    [JsDockerFact]
    public void The_round_trip_component_passes_every_value_kind_wasi_import_and_exported_resource_in_every_bundle_that_lists_rust()
    {
        foreach (var bundle in RustBundles())
        {
            var workspace = Workspace(bundle, "roundtrip", "importer");

            // The importer imports every kind back; nothing can provide its imports to a runner, so it is built and validated.
            var build = tool.Wasmc(workspace, "build", "--json");
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            using (var outcome = JsonDocument.Parse(build.Out))
            {
                outcome.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ShouldAllBe(s => s == "built");
            }

            FixtureFiles.RoundTripPasses(tool, bundle, workspace, output, bundle);
        }
    }

    [JsDockerFact]
    public void A_bindings_generator_dependency_and_an_unknown_cargo_component_world_are_located_errors_with_exit_code_2()
    {
        var bundle = RustBundles()[0];
        var workspace = Workspace(bundle, "calculator-component");
        var cargo = Path.Combine(workspace, "calculator-component", "Cargo.toml");
        var original = File.ReadAllText(cargo);

        File.WriteAllText(cargo, original + "\n[dependencies]\nwit-bindgen = \"0.41\"\n");
        var generator = tool.Wasmc(workspace, "build");
        generator.ExitCode.ShouldBe(2, generator.ToString());
        (generator.Out + generator.Error).ShouldContain(
            "calculator-component/Cargo.toml:13:1: 'wit-bindgen' is not needed: wasmc generates the bindings from the component's WIT as the crate 'calculator_component_bindings'");

        File.WriteAllText(cargo, original + "\n[package.metadata.component.target]\nworld = \"nonexistent-world\"\n");
        var world = tool.Wasmc(workspace, "build");
        world.ExitCode.ShouldBe(2, world.ToString());
        (world.Out + world.Error).ShouldContain(
            "calculator-component/Cargo.toml:13:1: 'package.metadata.component.target.world' is \"nonexistent-world\", but the WIT package 'calculator:math@1.0.0' has no such world; its worlds: 'calculator-component'");
    }

    [JsDockerFact]
    public void A_crate_using_anyhow_and_serde_json_builds_offline_writes_its_cargo_lock_and_passes_in_every_bundle_that_lists_rust()
    {
        foreach (var bundle in RustBundles())
        {
            var workspace = Workspace(bundle, "json-crates");
            var lockFile = Path.Combine(workspace, "json-crates", "Cargo.lock");
            File.Exists(lockFile).ShouldBeFalse();

            var build = tool.Wasmc(workspace, "build");
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            (build.Out + build.Error).ShouldNotContain("os error 30");
            var written = File.ReadAllText(lockFile);
            written.ShouldContain("name = \"serde_json\"");
            written.ShouldContain("name = \"anyhow\"");

            var again = tool.Wasmc(workspace, "build", "--json");
            again.ExitCode.ShouldBe(0, $"{bundle}: {again}");
            again.Out.ShouldContain("\"status\": \"up-to-date\"");
            File.ReadAllText(lockFile).ShouldBe(written);

            var test = tool.Wasmc(workspace, "test");
            output.WriteLine($"{bundle}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{bundle}: {test}");
            test.Out.ShouldContain("PASS a parse error carries anyhow's context");
            test.Out.ShouldContain("3 passed, 0 failed");
        }
    }

    [JsDockerFact]
    public void A_crate_the_bundle_does_not_have_and_a_version_it_cannot_match_are_located_errors_with_exit_code_2()
    {
        foreach (var bundle in RustBundles())
        {
            var workspace = Workspace(bundle, "json-crates");
            var cargo = Path.Combine(workspace, "json-crates", "Cargo.toml");
            var original = File.ReadAllText(cargo);

            File.WriteAllText(cargo, original.Replace("serde_json = \"1.0\"", "serde_jsn = \"1.0\"", StringComparison.Ordinal));
            var missing = tool.Wasmc(workspace, "build");
            missing.ExitCode.ShouldBe(2, $"{bundle}: {missing}");
            (missing.Out + missing.Error).ShouldContain(
                $"json-crates/Cargo.toml:14:1: crate 'serde_jsn' is not available offline: bundle '{bundle}' has the crates Debian packages (librust-*-dev), and not this one; did you mean 'serde_json' (1.0.");
            (missing.Out + missing.Error).ShouldNotContain("offline mode");

            File.WriteAllText(cargo, original.Replace("anyhow = \"1\"", "anyhow = \"2\"", StringComparison.Ordinal));
            var version = tool.Wasmc(workspace, "build");
            version.ExitCode.ShouldBe(2, $"{bundle}: {version}");
            (version.Out + version.Error).ShouldContain($"json-crates/Cargo.toml:13:1: crate 'anyhow' = \"2\" does not match the version bundle '{bundle}' has offline: anyhow 1.0.");
        }
    }

    [JsDockerFact]
    public void A_cargo_workspace_member_with_a_path_dependency_builds_and_the_dependency_is_a_cache_input_in_every_bundle_that_lists_rust()
    {
        foreach (var bundle in RustBundles())
        {
            var workspace = tool.NewWorkFolder();
            FixtureFiles.CopyFolder(Path.Combine(Fixtures, "cargo-workspace"), workspace);
            File.WriteAllText(Path.Combine(workspace, "wasmc.toml"),
                $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n\n[[components]]\nname = \"scaler\"\nlanguage = \"rust\"\npath = \"scaler\"\nworld = \"scaler\"\n");

            var build = tool.Wasmc(workspace, "build");
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            File.Exists(Path.Combine(workspace, "Cargo.lock")).ShouldBeTrue("the lock belongs next to the Cargo workspace's root manifest");
            Status(workspace).ShouldBe("up-to-date");

            // mathlib is outside the component's folder: only cargo's dep-info makes it an input of the cache.
            var library = Path.Combine(workspace, "mathlib", "src", "lib.rs");
            File.WriteAllText(library, File.ReadAllText(library).Replace("FACTOR: f64 = 3.0", "FACTOR: f64 = 4.0", StringComparison.Ordinal));
            Status(workspace).ShouldBe("built");
            var test = tool.Wasmc(workspace, "test");
            test.ExitCode.ShouldBe(1, $"{bundle}: the changed library must reach the component: {test}");
            test.Out.ShouldContain("FAIL mathlib scales");
            test.Out.ShouldContain("actual:   10");
        }
    }

    [JsDockerFact]
    public void Wizer_snapshots_the_init_functions_state_for_every_call_where_the_bundle_carries_wizer_and_is_a_located_error_elsewhere()
    {
        var withWizer = 0;
        foreach (var bundle in RustBundles())
        {
            var workspace = Workspace(bundle, "wizer-init");
            var cargo = Path.Combine(workspace, "wizer-init", "Cargo.toml");
            var build = tool.Wasmc(workspace, "build");
            if (!BundleTools(bundle).Contains("wizer"))
            {
                build.ExitCode.ShouldBe(2, $"{bundle}: {build}");
                (build.Out + build.Error).ShouldContain($"wizer-init/Cargo.toml:11:25: 'package.metadata.wasmc.wizer' needs Wizer, and bundle '{bundle}' does not carry it");
                continue;
            }

            withWizer++;
            build.ExitCode.ShouldBe(0, $"{bundle}: {build}");
            var test = tool.Wasmc(workspace, "test");
            output.WriteLine($"{bundle}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{bundle}: {test}");
            test.Out.ShouldContain("PASS the init function ran exactly once, at build time");
            test.Out.ShouldContain("PASS the thousandth prime comes from the snapshot");
            test.Out.ShouldContain("5 passed, 0 failed");

            // Limited to release, the debug build has no snapshot: nothing runs the init function, and the same test file fails.
            var original = File.ReadAllText(cargo);
            File.WriteAllText(cargo, original.Replace("init = \"initialize_primes\"", "init = \"initialize_primes\"\nprofiles = [\"release\"]", StringComparison.Ordinal));
            var debug = tool.Wasmc(workspace, "test");
            debug.ExitCode.ShouldBe(1, $"{bundle}: {debug}");
            debug.Out.ShouldContain("FAIL the init function ran exactly once, at build time");
            debug.Out.ShouldContain("actual:   0");
            var release = tool.Wasmc(workspace, "test", "--profile", "release");
            release.ExitCode.ShouldBe(0, $"{bundle}: {release}");
            release.Out.ShouldContain("5 passed, 0 failed");

            // An init function that calls an import cannot run at build time: the step says which import and why.
            File.WriteAllText(cargo, original);
            var source = Path.Combine(workspace, "wizer-init", "src", "lib.rs");
            var originalSource = File.ReadAllText(source);
            File.WriteAllText(source, originalSource.Replace("INIT_RUNS.fetch_add(1, Ordering::SeqCst);", "INIT_RUNS.fetch_add(1, Ordering::SeqCst);\n    println!(\"initialising\");", StringComparison.Ordinal));
            var printing = tool.Wasmc(workspace, "build");
            printing.ExitCode.ShouldBe(1, $"{bundle}: {printing}");
            (printing.Out + printing.Error).ShouldContain(
                "wasmc: Wizer pre-initialisation with 'initialize_primes' failed: the init function 'initialize_primes' called the import `wasi:cli/stdout@0.2.0::get-stdout`, which does not exist at build time");
            (printing.Out + printing.Error).ShouldNotContain("node:internal");

            // An init function the module does not export: the message says how to declare it.
            File.WriteAllText(source, originalSource);
            File.WriteAllText(cargo, original.Replace("init = \"initialize_primes\"", "init = \"initialise_primes\"", StringComparison.Ordinal));
            var misspelt = tool.Wasmc(workspace, "build");
            misspelt.ExitCode.ShouldBe(1, $"{bundle}: {misspelt}");
            (misspelt.Out + misspelt.Error).ShouldContain(
                "wasmc: Wizer pre-initialisation with 'initialise_primes' failed: the core module exports no function 'initialise_primes': declare it in the crate as `#[no_mangle] pub extern \"C\" fn initialise_primes() { ... }`");
        }

        withWizer.ShouldBeGreaterThan(0, "at least one bundle that lists rust carries wizer");
    }

    /// <summary>The tools <c>bundle show</c> lists for <paramref name="bundle"/>.</summary>
    private List<string> BundleTools(string bundle)
    {
        var show = tool.Wasmc(tool.NewWorkFolder(), "bundle", "show", bundle, "--json");
        show.ExitCode.ShouldBe(0, show.ToString());
        using var document = JsonDocument.Parse(show.Out);
        return [.. document.RootElement.GetProperty("tools").EnumerateObject().Select(t => t.Name)];
    }

    private string Status(string workspace)
    {
        var build = tool.Wasmc(workspace, "build", "--json");
        build.ExitCode.ShouldBe(0, build.ToString());
        using var outcome = JsonDocument.Parse(build.Out);
        return outcome.RootElement.GetProperty("components")[0].GetProperty("status").GetString()!;
    }

    /// <summary>Every bundle <c>bundle list</c> offers with Rust among its languages.</summary>
    private List<string> RustBundles()
    {
        var bundles = tool.BundlesListing("rust");
        bundles.Count.ShouldBeGreaterThanOrEqualTo(2);
        return bundles;
    }

    /// <summary>A workspace with the fixtures <paramref name="components"/> (folder name = component = world) on <paramref name="bundle"/>.</summary>
    private string Workspace(string bundle, params string[] components)
    {
        var workspace = tool.NewWorkFolder();
        var manifest = $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n";
        foreach (var component in components)
        {
            FixtureFiles.CopyFolder(Path.Combine(Fixtures, component), Path.Combine(workspace, component));
            var world = component == "data-types" ? "data-types-component" : component;
            manifest += $"\n[[components]]\nname = \"{component}\"\nlanguage = \"rust\"\npath = \"{component}\"\nworld = \"{world}\"\n";
        }

        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), manifest);
        return workspace;
    }

}
