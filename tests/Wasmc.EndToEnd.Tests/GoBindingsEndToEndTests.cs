using System.Text.Json;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Go components written against the packages wasmc generates (<c>datatypes.Exports.CalculateBatch = ...</c>), with the
/// installed tool, in every bundle that lists Go (the list comes from <c>bundle list</c>, so a new bundle cannot skip
/// this). The sources are the fixtures in <c>tests/fixtures/go</c>, copied unmodified. data-types, roundtrip and importer
/// have the WIT and test files of the Rust fixtures (the round trip covers every value kind and the WASI imports);
/// stdlib imports fmt and os.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class GoBindingsEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    [JsDockerFact]
    public void Data_types_pass_the_rust_fixtures_tests_in_every_bundle_that_lists_go()
    {
        foreach (var bundle in GoBundles())
        {
            var workspace = Workspace(bundle, "data-types");

            var test = tool.BuildAndTestPass(workspace, bundle, output);
            test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
            test.Out.ShouldNotContain("FAIL ", Case.Sensitive);
            // Every case of the test file ran: it is the Rust fixture's, unchanged.
            test.Out.ShouldContain($"PASSED: {FixtureFiles.CaseCount(workspace, "data-types")} passed, 0 failed");
        }
    }

    [JsDockerFact]
    public void The_round_trip_component_passes_the_rust_round_trips_tests_and_resource_script_in_every_bundle_that_lists_go()
    {
        foreach (var bundle in GoBundles())
        {
            var workspace = Workspace(bundle, "roundtrip", "importer");

            // The importer imports every kind back (an imported resource among them); nothing can provide its imports
            // to a runner, so it is built and validated.
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
    public void Fmt_and_os_work_in_exports_and_in_a_command_in_debug_and_release_in_every_bundle_that_lists_go()
    {
        foreach (var bundle in GoBundles())
        {
            // Their initialisation grows Go's heap past the first MiB while the component is instantiated: with the
            // adapter's memory taken from memory.grow, that overwrote the adapter's state and instantiation trapped.
            var workspace = Workspace(bundle, "stdlib");
            var testFile = File.ReadAllText(Path.Combine(workspace, "stdlib", "tests", "stdlib.test.toml"));
            var cases = FixtureFiles.CaseCount(workspace, "stdlib") + testFile.Split('\n').Count(line => line.Trim() == "[[run]]");
            foreach (var profile in new[] { "debug", "release" })
            {
                var test = tool.BuildAndTestPass(workspace, $"{bundle} {profile}", output, "--profile", profile);
                test.Out.ShouldContain("PASS fmt.Sprintf formats several verbs");
                test.Out.ShouldContain("PASS prints args, an environment variable and sorted stdin with fmt");
                test.Out.ShouldContain("PASS os.Exit(3) exits with 1");
                test.Out.ShouldContain($"PASSED: {cases} passed, 0 failed");
            }
        }
    }

    [JsDockerFact]
    public void Import_results_lowered_while_the_collector_runs_do_not_trap_in_every_bundle_that_lists_go()
    {
        foreach (var bundle in GoBundles())
        {
            // A collection ending in cabi_realloc reads the wall clock: without the clock guard the small-heap case traps
            // ("cannot leave component instance") and the run fails.
            var workspace = Workspace(bundle, "gc-pressure");

            var test = tool.BuildAndTestPass(workspace, bundle, output);
            test.Out.ShouldContain("PASS 20,000 import results while 200,000 objects stay alive");
            test.Out.ShouldContain($"PASSED: {FixtureFiles.CaseCount(workspace, "gc-pressure")} passed, 0 failed");
        }
    }

    [JsDockerFact]
    public void A_wit_the_go_bindings_cannot_express_yet_is_a_located_error_with_exit_code_2()
    {
        var workspace = Workspace(GoBundles()[0], "data-types");
        var wit = Path.Combine(workspace, "data-types", "wit", "data-types.wit");
        File.WriteAllText(wit, File.ReadAllText(wit).Replace(
            "interface data-types {",
            "interface data-types {\n    pump: func(s: stream<u8>);\n",
            StringComparison.Ordinal));

        var build = tool.Wasmc(workspace, "build");

        build.ExitCode.ShouldBe(2, build.ToString());
        (build.Out + build.Error).ShouldContain("data-types.wit:5:5: stream in function 'example:data-types/data-types@1.0.0.pump': wasmc's Go bindings do not support this yet");
    }

    [JsDockerFact]
    public void A_vendored_module_builds_offline_and_a_module_missing_from_vendor_is_a_located_error_with_exit_code_2()
    {
        foreach (var bundle in GoBundles())
        {
            var workspace = Workspace(bundle, "vendored");

            tool.BuildAndTestPass(workspace, bundle, output).Out.ShouldContain("PASS greet(\"vendor\")");

            Directory.Delete(Path.Combine(workspace, "vendored", "vendor"), recursive: true);
            var missing = tool.Wasmc(workspace, "build");
            missing.ExitCode.ShouldBe(2, missing.ToString());
            (missing.Out + missing.Error).ShouldContain("go.mod:5:9: module example.com/greeting is required but the component has no vendor/ folder");
        }
    }

    private List<string> GoBundles()
    {
        var bundles = tool.BundlesListing("go");
        bundles.ShouldNotBeEmpty();
        return bundles;
    }

    /// <summary>A workspace with the fixtures <paramref name="components"/> (folder name = component) on <paramref name="bundle"/>.</summary>
    private string Workspace(string bundle, params string[] components)
    {
        var workspace = tool.NewWorkFolder();
        var manifest = $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n";
        foreach (var component in components)
        {
            FixtureFiles.CopyComponent(tool.RepoRoot, "go", component, Path.Combine(workspace, component));
            var world = component switch
            {
                "data-types" => "data-types-component",
                _ => component,
            };
            manifest += $"\n[[components]]\nname = \"{component}\"\nlanguage = \"go\"\npath = \"{component}\"\nworld = \"{world}\"\n";
        }

        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), manifest);
        return workspace;
    }

}
