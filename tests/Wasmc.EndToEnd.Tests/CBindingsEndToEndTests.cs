using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// C and C++ components written against the bindings wasmc generates (<c>&lt;world&gt;.h</c>, <c>exports_*</c> functions),
/// with the installed tool, in every bundle that lists the language (the list comes from <c>bundle list</c>, so a new bundle
/// cannot skip this). The sources are the fixtures in <c>tests/fixtures/c</c> and <c>tests/fixtures/cpp</c>, copied
/// unmodified; their WIT and test files are the Rust fixtures'.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class CBindingsEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    [JsDockerFact]
    public void The_data_types_component_in_c_and_cpp_builds_unmodified_and_passes_in_every_bundle_that_lists_the_language()
    {
        foreach (var language in new[] { "c", "cpp" })
        {
            foreach (var bundle in Bundles(language))
            {
                var workspace = Workspace(bundle, language, "data-types");

                var test = tool.BuildAndTestPass(workspace, $"{language} in {bundle}", output);
                test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
                test.Out.ShouldContain("PASS an operation without a point is an error result");
                test.Out.ShouldContain("6 passed, 0 failed");
            }
        }
    }

    [JsDockerFact]
    public void The_c_round_trip_component_passes_every_value_kind_wasi_import_and_exported_resource_in_every_bundle_that_lists_c() =>
        RoundTripPasses("c");

    [JsDockerFact]
    public void The_cpp_round_trip_component_passes_the_same_test_file_and_resource_script_in_every_bundle_that_lists_cpp() =>
        RoundTripPasses("cpp");

    [JsDockerFact]
    public void Sources_include_folders_defines_and_linker_flags_from_wasmc_toml_reach_clang_and_an_outside_header_edit_rebuilds_in_every_bundle_that_lists_c()
    {
        foreach (var bundle in Bundles("c"))
        {
            var workspace = Workspace(
                bundle,
                "c",
                "build-options",
                """options = { sources = ["src/*.c", "lib/*.c"], include = ["include", "../third-party/include"], defines = ["SCALE=3", "GREETING=\"hello from a define\""], ldflags = ["-Wl,--wrap=pow"] }""");
            var outsideHeader = Path.Combine(workspace, "third-party", "include", "offset.h");
            Directory.CreateDirectory(Path.GetDirectoryName(outsideHeader)!);
            File.WriteAllText(outsideHeader, "#define OFFSET 0.5\n");

            tool.BuildAndTestPass(workspace, bundle, output).Out.ShouldContain("3 passed, 0 failed");

            // The header is outside the component: clang's dependency list is what makes it an input.
            File.WriteAllText(outsideHeader, "#define OFFSET 100.5\n");
            var rebuild = tool.Wasmc(workspace, "build");
            rebuild.ExitCode.ShouldBe(0, $"{bundle}: {rebuild}");
            rebuild.Out.ShouldContain("built build-options");
            var retest = tool.Wasmc(workspace, "test");
            retest.ExitCode.ShouldBe(1, $"{bundle}: {retest}");
            retest.Out.ShouldContain("actual:   109.5");
        }
    }

    /// <summary>The round-trip fixture in <paramref name="language"/> passes the Rust fixture's test file and resource script.</summary>
    private void RoundTripPasses(string language)
    {
        foreach (var bundle in Bundles(language))
        {
            var workspace = Workspace(bundle, language, "roundtrip");

            var build = tool.Wasmc(workspace, "build");
            build.ExitCode.ShouldBe(0, $"{language} in {bundle}: {build}");
            FixtureFiles.RoundTripPasses(tool, bundle, workspace, output, $"{language} in {bundle}");
        }
    }

    /// <summary>Every bundle <c>bundle list</c> offers with <paramref name="language"/> among its languages.</summary>
    private List<string> Bundles(string language)
    {
        var bundles = tool.BundlesListing(language);
        bundles.Count.ShouldBeGreaterThanOrEqualTo(2);
        return bundles;
    }

    /// <summary>A workspace with the fixture <paramref name="component"/> of <paramref name="language"/> on <paramref name="bundle"/>.</summary>
    private string Workspace(string bundle, string language, string component, string? options = null)
    {
        var workspace = tool.NewWorkFolder();
        FixtureFiles.CopyComponent(tool.RepoRoot, language, component, Path.Combine(workspace, component));
        var world = component == "data-types" ? "data-types-component" : component;
        // The C++ fixture uses std::span, which the generated header offers from C++20 on.
        options ??= language == "cpp" ? "options = { cflags = [\"-std=c++20\"] }" : "";
        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), $"""
            [workspace]
            default-bundle = "b"

            [bundles.b]
            bundle = "{bundle}"

            [[components]]
            name = "{component}"
            language = "{language}"
            path = "{component}"
            world = "{world}"
            {options}
            """);
        return workspace;
    }

}
