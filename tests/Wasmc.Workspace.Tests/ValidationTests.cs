using Wasmc.Toml;

namespace Wasmc.Workspace.Tests;

/// <summary>One test per validation rule: code, message and exact line:col.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public ValidationTests() => _workspace.Component("calc");

    public void Dispose() => _workspace.Dispose();

    private string Full(params string[] parts) => Path.Combine([_workspace.Root, .. parts]);

    [Fact]
    public void WM001_malformed_toml_is_reported_where_the_reader_found_it()
    {
        const string text = """
            [workspace]
            default-bundle = "p2
            """;
        var expected = Should.Throw<TomlException>(() => TomlDocument.Parse(text, "x"));

        var diagnostic = _workspace.LoadSingleProblem(text);

        diagnostic.ShouldBe("WM001", expected.Position.Line, expected.Position.Column, expected.Reason);
        diagnostic.Position!.Value.Line.ShouldBe(2);
    }

    [Fact]
    public void WM001_invalid_utf8_is_reported_where_the_bad_byte_is()
    {
        // Bytes FF FE in a comment: not UTF-8, so not TOML, wherever they are.
        File.WriteAllBytes(_workspace.ManifestPath, [.. "[workspace]\n# caf"u8, 0xFF, 0xFE, .. "\n"u8]);

        var result = ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context);

        result.Manifest.ShouldBeNull();
        result.Diagnostics.ShouldHaveSingleItem().ShouldBe("WM001", 2, 6, "invalid UTF-8 byte 0xFF (TOML files must be UTF-8)");
    }

    [Fact]
    public void WM001_a_duplicate_key_names_both_places()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspace]
            output = "a"
            output = "b"
            """);

        diagnostic.ShouldBe("WM001", 3, 1, "duplicate key 'workspace.output' (first defined at 2:1)");
    }

    [Fact]
    public void Toml_1_1_is_the_language_of_the_manifest()
    {
        var result = _workspace.Load("""
            bundles = { p2 = { bundle = "trixie-2026.11" },
                        p3 = { bundle = "sid-2026.11" }, }
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            bundle = "p2"
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Manifest.ShouldNotBeNull().Bundles.Select(b => b.Name).ShouldBe(["p2", "p3"]);
    }

    [Fact]
    public void WM001_a_missing_file_cannot_be_read()
    {
        var result = ManifestLoader.Load(Full("nope", "wasmc.toml"), TestWorkspace.Context);

        result.Manifest.ShouldBeNull();
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("WM001");
        diagnostic.Position.ShouldBeNull();
        diagnostic.Message.ShouldStartWith("cannot read ");
        diagnostic.ToString().ShouldStartWith("error WM001: cannot read ");
    }

    [Fact]
    public void WM002_wrong_type()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = 42
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM002", 6, 8, "'path' in [[components]] 'calculator' must be a string, found integer");
    }

    [Fact]
    public void WM002_wrong_type_in_a_profile()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.release]
            optimize = "yes"
            """);

        diagnostic.ShouldBe("WM002", 2, 12, "'optimize' in [profiles.release] must be a boolean, found string");
    }

    [Fact]
    public void WM002_wrong_element_type_in_a_string_list_points_at_the_element()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            profiles = ["debug", 3]
            """);

        diagnostic.ShouldBe("WM002", 8, 22, "'profiles' in [[components]] 'calculator' must be an array of strings, found integer in the array");
    }

    [Fact]
    public void WM002_components_must_be_an_array_of_tables()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [components]
            name = "calculator"
            """);

        diagnostic.ShouldBe("WM002", 1, 1, "'components' at the top level must be an array of tables ([[components]]), found table");
    }

    [Fact]
    public void WM002_options_take_strings_numbers_booleans_and_string_lists()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            [components.options]
            when = 1979-05-27
            """);

        diagnostic.ShouldBe("WM002", 9, 8, "'when' in [components.options] of 'calculator' must be a string, number, boolean or array of strings, found local date");
    }

    [Fact]
    public void WM003_unknown_key_suggests_the_closest_one_and_prints_like_a_compiler()
    {
        var result = _workspace.Load("""
            # Calculator workspace
            [workspace]
            default-bundle = "p2"

            [bundles.p2]
            bundle = "trixie-2026.11"

            [[components]]
                    name = "calculator"
                    language = "js"
                    path = "calc"
                    wrld = "calculator"
            """);

        result.Manifest.ShouldBeNull();
        result.Diagnostics.Count.ShouldBe(2);
        result.Diagnostics[0].ShouldBe("WM004", 8, 1, "[[components]] 'calculator' is missing required key 'world'");
        var unknown = result.Diagnostics[1];
        unknown.ShouldBe("WM003", 12, 9, "unknown key 'wrld' in [[components]] 'calculator'; did you mean 'world'?");
        var file = unknown.Position!.Value.File;
        Path.GetFullPath(file).ShouldBe(_workspace.ManifestPath);
        unknown.ToString().ShouldBe($"{file}:12:9: error WM003: unknown key 'wrld' in [[components]] 'calculator'; did you mean 'world'?");
    }

    [Fact]
    public void WM003_unknown_key_without_a_close_match_lists_the_keys()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            colour = "red"
            """);

        diagnostic.ShouldBe("WM003", 3, 1, "unknown key 'colour' in [bundles.p2]; expected one of 'bundle'");
    }

    [Fact]
    public void WM003_unknown_top_level_table()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspce]
            default-profile = "debug"
            """);

        diagnostic.ShouldBe("WM003", 1, 2, "unknown key 'workspce' at the top level; did you mean 'workspace'?");
    }

    [Fact]
    public void WM003_unknown_profile_key()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.debug]
            debuginfo = false
            """);

        diagnostic.ShouldBe("WM003", 2, 1, "unknown key 'debuginfo' in [profiles.debug]; did you mean 'debug-info'?");
    }

    [Fact]
    public void WM004_missing_required_key_points_at_the_entry()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM004", 3, 1, "[[components]] 'calculator' is missing required key 'language'");
    }

    [Fact]
    public void WM004_a_component_without_a_name_is_named_by_its_index()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"

            [[components]]
            language = "js"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM004", 9, 1, "[[components]] #2 is missing required key 'name'");
    }

    [Fact]
    public void WM004_custom_profiles_need_inherits()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.bench]
            optimize = true
            """);

        diagnostic.ShouldBe("WM004", 1, 1, "[profiles.bench] is missing required key 'inherits'; a custom profile starts from another profile, e.g. inherits = \"release\"");
    }

    [Fact]
    public void WM005_duplicate_component_names_point_at_both()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            [[components]]
            name = "calculator"
            language = "rust"
            path = "calc"
            world = "calculator"
            """);

        var file = diagnostic.Position!.Value.File;
        diagnostic.ShouldBe("WM005", 9, 8, $"duplicate component name 'calculator'; it is already used by the [[components]] entry at {file}:4:8");
    }

    [Theory]
    [InlineData("javascript", "unknown language 'javascript' in [[components]] 'calculator'; known languages: 'cpp', 'go', 'js', 'rust'")]
    [InlineData("jss", "unknown language 'jss' in [[components]] 'calculator'; did you mean 'js'? known languages: 'cpp', 'go', 'js', 'rust'")]
    public void WM006_unknown_language_lists_the_known_ones(string language, string message)
    {
        var diagnostic = _workspace.LoadSingleProblem($"""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "{language}"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM006", 5, 12, message);
    }

    [Fact]
    public void WM007_unknown_bundle_instance()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [bundles.p3]
            bundle = "sid-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            bundle = "p22"
            """);

        diagnostic.ShouldBe("WM007", 10, 10, "unknown bundle instance 'p22' in [[components]] 'calculator'; did you mean 'p2'? defined instances: 'p2', 'p3'");
    }

    [Fact]
    public void WM007_unknown_default_bundle()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspace]
            default-bundle = "preview2"
            [bundles.p2]
            bundle = "trixie-2026.11"
            """);

        diagnostic.ShouldBe("WM007", 2, 18, "unknown bundle instance 'preview2' in 'default-bundle'; defined instances: 'p2'");
    }

    [Fact]
    public void WM008_unknown_published_bundle()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2025.11"
            """);

        diagnostic.ShouldBe("WM008", 2, 10, "unknown bundle 'trixie-2025.11' in [bundles.p2]; did you mean 'trixie-2026.11'? published bundles: 'trixie-2026.11', 'sid-2026.11'");
    }

    [Fact]
    public void WM009_no_instance_supports_the_wasi_level()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            wasi = "preview3"
            """);

        diagnostic.ShouldBe("WM009", 8, 8, "no bundle instance supports wasi 'preview3' in [[components]] 'calculator'; add one, e.g. [bundles.p3] with bundle = \"sid-2026.11\"");
    }

    [Fact]
    public void WM009_several_instances_support_the_wasi_level_and_none_is_the_default()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.a]
            bundle = "trixie-2026.11"
            [bundles.b]
            bundle = "sid-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            wasi = "preview2"
            """);

        diagnostic.ShouldBe("WM009", 10, 8, "several bundle instances support wasi 'preview2' ('a', 'b') and none is the default-bundle; set 'bundle' in [[components]] 'calculator' to choose one");
    }

    [Fact]
    public void WM010_bundle_and_wasi_both_set()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            bundle = "p2"
            wasi = "preview2"
            """);

        diagnostic.ShouldBe("WM010", 9, 1, "[[components]] 'calculator' sets both 'bundle' and 'wasi'; keep one: 'bundle' names an instance, 'wasi' lets wasmc pick the instance that supports the level");
    }

    [Fact]
    public void WM011_missing_component_folder()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "components/calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM011", 6, 8, $"component folder 'components/calc' of [[components]] 'calculator' does not exist ({Full("components", "calc")})");
    }

    [Fact]
    public void WM012_missing_wit_folder_named_in_the_manifest()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            wit = "interfaces"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM012", 7, 7, $"WIT folder 'interfaces' of [[components]] 'calculator' does not exist ({Full("calc", "interfaces")})");
    }

    [Fact]
    public void WM012_missing_default_wit_folder_points_at_the_entry()
    {
        _workspace.Folder("bare");
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "bare"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM012", 3, 1, $"WIT folder 'wit' (the default; set 'wit' to use another folder) of [[components]] 'calculator' does not exist ({Full("bare", "wit")})");
    }

    [Fact]
    public void WM013_absolute_component_path()
    {
        var diagnostic = _workspace.LoadSingleProblem($"""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "{Full("calc").Replace("\\", "/", StringComparison.Ordinal)}"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM013", 6, 8, $"'path' in [[components]] 'calculator' must be a relative path inside the workspace, found absolute path '{Full("calc").Replace("\\", "/", StringComparison.Ordinal)}'");
    }

    [Fact]
    public void WM013_component_path_climbing_out()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc/../../elsewhere"
            world = "calculator"
            """);

        var outside = Path.GetFullPath(Path.Combine(_workspace.Root, "..", "elsewhere"));
        diagnostic.ShouldBe("WM013", 6, 8, $"'path' in [[components]] 'calculator' leads outside the workspace: 'calc/../../elsewhere' is {outside}");
    }

    [Fact]
    public void A_path_with_dot_dot_that_stays_inside_is_fine()
    {
        var manifest = _workspace.LoadValid("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "other/../calc"
            world = "calculator"
            """);

        manifest.Components[0].Path.ShouldBe("calc");
    }

    [Theory]
    [InlineData("link")]
    [InlineData("link/inner")]
    public void WM013_component_path_leading_out_through_a_symlink(string path)
    {
        using var outside = new TestWorkspace();
        outside.Component("inner");
        Directory.CreateSymbolicLink(Full("link"), outside.Root);

        var diagnostic = _workspace.LoadSingleProblem($"""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "{path}"
            world = "calculator"
            """);

        var target = path == "link" ? outside.Root : Path.Combine(outside.Root, "inner");
        diagnostic.ShouldBe("WM013", 6, 8, $"'path' in [[components]] 'calculator' leads outside the workspace through a symbolic link: '{path}' resolves to {target}");
    }

    [Fact]
    public void A_symlink_inside_the_workspace_is_fine()
    {
        Directory.CreateSymbolicLink(Full("alias"), Full("calc"));

        var manifest = _workspace.LoadValid("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "alias"
            world = "calculator"
            """);

        manifest.Components[0].Path.ShouldBe("alias");
    }

    [Fact]
    public void WM013_wit_folder_climbing_out()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            wit = "../../wit"
            world = "calculator"
            """);

        var outside = Path.GetFullPath(Path.Combine(_workspace.Root, "..", "wit"));
        diagnostic.ShouldBe("WM013", 7, 7, $"'wit' in [[components]] 'calculator' leads outside the workspace: '../../wit' is {outside}");
    }

    [Fact]
    public void WM013_output_outside_the_workspace()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspace]
            output = "../artifacts"
            """);

        var outside = Path.GetFullPath(Path.Combine(_workspace.Root, "..", "artifacts"));
        diagnostic.ShouldBe("WM013", 2, 10, $"'output' in [workspace] leads outside the workspace: '../artifacts' is {outside}");
    }

    [Fact]
    public void WM014_inherits_cycle_is_reported_once()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.a]
            inherits = "b"
            [profiles.b]
            inherits = "c"
            [profiles.c]
            inherits = "a"
            [profiles.d]
            inherits = "a"
            """);

        diagnostic.ShouldBe("WM014", 2, 12, "profile 'a' inherits from itself: a -> b -> c -> a");
    }

    [Fact]
    public void WM014_a_profile_inheriting_itself()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.release]
            strip = true
            [profiles.loop]
            inherits = "loop"
            """);

        diagnostic.ShouldBe("WM014", 4, 12, "profile 'loop' inherits from itself: loop -> loop");
    }

    [Fact]
    public void WM015_unknown_parent_profile()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.bench]
            inherits = "relase"
            """);

        diagnostic.ShouldBe("WM015", 2, 12, "profile 'bench' inherits from unknown profile 'relase'; did you mean 'release'? profiles: 'debug', 'release', 'bench'");
    }

    [Fact]
    public void WM016_unknown_profile_in_a_component_list()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            profiles = ["debug", "relaese"]
            """);

        diagnostic.ShouldBe("WM016", 8, 22, "unknown profile 'relaese' in 'profiles' of [[components]] 'calculator'; did you mean 'release'? profiles: 'debug', 'release'");
    }

    [Fact]
    public void WM016_unknown_default_profile()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspace]
            default-profile = "fast"
            """);

        diagnostic.ShouldBe("WM016", 2, 19, "unknown profile 'fast' in 'default-profile'; profiles: 'debug', 'release'");
    }

    [Fact]
    public void WM017_plugin_with_neither_package_nor_path()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [[plugins]]
            version = "1.0.0"
            """);

        diagnostic.ShouldBe("WM017", 1, 1, "[[plugins]] #1 needs 'package' (a NuGet package id, with 'version') or 'path' (a folder with the plugin's built assemblies)");
    }

    [Fact]
    public void WM017_plugin_with_both_package_and_path()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [[plugins]]
            package = "Acme.Wasmc.Zig"
            version = "1.2.0"
            path = "tools/zig"
            """);

        diagnostic.ShouldBe("WM017", 4, 1, "[[plugins]] #1 sets both 'package' and 'path'; a plugin comes either from a NuGet package or from a folder");
    }

    [Fact]
    public void WM017_version_on_a_folder_plugin()
    {
        _workspace.Folder("tools/zig");
        var diagnostic = _workspace.LoadSingleProblem("""
            [[plugins]]
            path = "tools/zig"
            version = "1.2.0"
            """);

        diagnostic.ShouldBe("WM017", 3, 1, "'version' in [[plugins]] #1 only applies to a 'package' plugin; a 'path' plugin is used as built");
    }

    [Fact]
    public void WM004_package_plugin_without_version()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [[plugins]]
            package = "Acme.Wasmc.Zig"
            """);

        diagnostic.ShouldBe("WM004", 1, 1, "[[plugins]] #1 is missing required key 'version'");
    }

    [Fact]
    public void WM018_unknown_wasi_spelling()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            wasi = "preview-3"
            """);

        diagnostic.ShouldBe("WM018", 8, 8, "'wasi' in [[components]] 'calculator' must be one of 'preview2', 'preview3', found 'preview-3'; did you mean 'preview3'?");
    }

    [Fact]
    public void WM018_component_names_are_kebab_case()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "Calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM018", 4, 8, "component name 'Calculator' must be kebab-case: words of lower-case letters and digits, each starting with a letter, joined by '-'");
    }

    [Fact]
    public void WM018_built_in_profiles_cannot_inherit()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [profiles.release]
            inherits = "debug"
            """);

        diagnostic.ShouldBe("WM018", 2, 12, "built-in profile 'release' cannot use 'inherits'; define a new profile that inherits from it instead");
    }

    [Fact]
    public void WM018_empty_strings_are_not_values()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = ""
            """);

        diagnostic.ShouldBe("WM018", 7, 9, "'world' in [[components]] 'calculator' must not be empty");
    }

    [Fact]
    public void WM019_component_without_a_bundle()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [bundles.p3]
            bundle = "sid-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM019", 5, 1, "[[components]] 'calculator' has no bundle: set 'bundle' or 'wasi' on it, or 'default-bundle' in [workspace] (defined instances: 'p2', 'p3')");
    }

    [Fact]
    public void WM019_component_in_a_workspace_without_bundles()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.ShouldBe("WM019", 1, 1, "[[components]] 'calculator' has no bundle: set 'bundle' or 'wasi' on it, or 'default-bundle' in [workspace]; no bundle instances are defined (add [bundles.<name>] with bundle = \"...\")");
    }

    [Fact]
    public void WM020_missing_plugin_folder()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [[plugins]]
            path = "tools/zig"
            """);

        diagnostic.ShouldBe("WM020", 2, 8, $"plugin folder 'tools/zig' of [[plugins]] #1 does not exist ({Full("tools", "zig")})");
    }

    [Fact]
    public void Every_problem_is_reported_in_one_run_in_document_order()
    {
        var result = _workspace.Load("""
            [workspace]
            default-profile = "fast"

            [bundles.p2]
            bundle = "trixie-2026.11"

            [[components]]
            name = "calculator"
            language = "javascript"
            path = "calc"
            world = "calculator"
            wasi = "preview3"

            [[components]]
            name = "calculator"
            language = "rust"
            path = "missing"
            wrld = "calculator"

            [profiles.bench]
            inherits = "bench"

            [[plugins]]
            version = "1.0"
            """);

        result.Manifest.ShouldBeNull();
        result.Diagnostics.Select(d => (d.Code, d.Position!.Value.Line, d.Position.Value.Column)).ShouldBe(
        [
            ("WM016", 2, 19),
            ("WM006", 9, 12),
            ("WM009", 12, 8),
            ("WM004", 14, 1),
            ("WM005", 15, 8),
            ("WM011", 17, 8),
            ("WM003", 18, 1),
            ("WM014", 21, 12),
            ("WM017", 23, 1),
        ]);
    }

    [Fact]
    public void A_broken_default_bundle_is_reported_once_not_again_for_each_component()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [workspace]
            default-bundle = "p4"
            [bundles.p2]
            bundle = "trixie-2026.11"
            [bundles.p3]
            bundle = "sid-2026.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            """);

        diagnostic.Code.ShouldBe("WM007");
    }

    [Fact]
    public void An_unknown_published_bundle_does_not_also_fail_wasi_selection()
    {
        var diagnostic = _workspace.LoadSingleProblem("""
            [bundles.p3]
            bundle = "sid-2025.11"
            [[components]]
            name = "calculator"
            language = "js"
            path = "calc"
            world = "calculator"
            wasi = "preview3"
            """);

        diagnostic.Code.ShouldBe("WM008");
    }

    [Fact]
    public void A_valid_manifest_with_warnings_still_loads_but_errors_do_not()
    {
        var result = _workspace.Load("""
            [bundles.p2]
            bundle = "trixie-2026.11"
            [profiles.release.flags]
            zig = ["-O"]
            [profiles.bench]
            inherits = "nothing"
            """);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe("WM015");
        result.Diagnostics.Count.ShouldBe(2);
    }
}
