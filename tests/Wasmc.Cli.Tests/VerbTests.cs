using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wasmc.Cli.Services;
using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>The verbs against the real back ends (no Docker needed).</summary>
public sealed class VerbTests
{
    private const string InvalidManifest = """
        [workspace]
        default-bundle = "p2"

        [bundles.p2]
        bundle = "no-such-bundle"

        [[components]]
        name = "calc"
        language = "cobol"
        path = "calc"
        world = "calc"
        """;

    [Fact]
    public void Plugins_list_shows_the_built_in_plugins()
    {
        var result = CliRunner.Run("plugins", "list");

        result.ExitCode.ShouldBe(0);
        // Built-in plugins carry the tool's version (listed without the '+commit' build metadata);
        // mask it without moving the columns.
        var version = CompositionRoot.InformationalVersion().Split('+')[0];
        Snapshot.Verify("plugins-list", result.ToSnapshot((version, new string('#', version.Length))));
    }

    [Fact]
    public void Plugins_list_json_has_stable_property_names()
    {
        var result = CliRunner.Run("plugins", "list", "--json");

        result.ExitCode.ShouldBe(0);
        using var document = JsonDocument.Parse(result.Out);
        var plugins = document.RootElement.GetProperty("plugins").EnumerateArray().ToList();
        plugins.Select(p => p.GetProperty("language").GetString()).ShouldBe(["rust", "c", "cpp", "go", "js"], ignoreOrder: true);
        foreach (var plugin in plugins)
        {
            plugin.GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
            plugin.GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
            plugin.GetProperty("source").GetString().ShouldBe("built-in");
        }
    }

    [Fact]
    public void Bundle_list_shows_the_published_bundles()
    {
        var result = CliRunner.Run("bundle", "list");

        result.ExitCode.ShouldBe(0);
        Snapshot.Verify("bundle-list", result.ToSnapshot());
    }

    [Fact]
    public void Bundle_list_json_names_every_bundle_file()
    {
        var result = CliRunner.Run("bundle", "list", "--json");

        result.ExitCode.ShouldBe(0);
        using var document = JsonDocument.Parse(result.Out);
        var names = document.RootElement.GetProperty("bundles").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        var retired = document.RootElement.GetProperty("retired").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        var files = Directory.GetFiles(Path.Combine(RepoPaths.RepoRoot, "containers", "bundles"), "*.toml")
            .Select(Path.GetFileNameWithoutExtension).ToList();
        names.Concat(retired).ShouldBe(files, ignoreOrder: true);
        retired.ShouldNotBeEmpty();
    }

    [Fact]
    public void Bundle_show_of_an_unknown_bundle_is_bad_input()
    {
        var result = CliRunner.Run("bundle", "show", "no-such-bundle");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: no bundle named 'no-such-bundle'");
    }

    [Fact]
    public void Bundle_show_json_lists_toolchain_images()
    {
        const string name = "sid-2026.11.2";

        var result = CliRunner.Run("bundle", "show", name, "--json");

        result.ExitCode.ShouldBe(0);
        using var document = JsonDocument.Parse(result.Out);
        document.RootElement.GetProperty("name").GetString().ShouldBe(name);
        document.RootElement.GetProperty("toolchains").EnumerateArray()
            .ShouldAllBe(t => t.GetProperty("image").GetString()!.StartsWith($"wasmc/{name}/", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_with_a_manifest_that_is_not_utf8_is_a_located_bad_input_error()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "wasmc.toml"), [.. "[workspace]\n# caf"u8, 0xFF, 0xFE, .. "\n"u8]);

        var result = CliRunner.RunIn(folder.Path, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("wasmc.toml:2:6: error WM001: invalid UTF-8 byte 0xFF (TOML files must be UTF-8)");
    }

    [Fact]
    public void Build_with_an_invalid_manifest_reports_every_located_error()
    {
        using var folder = new TempFolder();
        folder.Write("wasmc.toml", InvalidManifest);

        var result = CliRunner.RunIn(folder.Path, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("wasmc.toml:5:");
        result.Error.ShouldContain("wasmc.toml:10:");
        Snapshot.Verify("build-invalid-manifest", result.ToSnapshot((folder.Path, "<temp>")));
    }

    [Fact]
    public void Test_with_an_invalid_manifest_is_bad_input_too()
    {
        using var folder = new TempFolder();
        folder.Write("wasmc.toml", InvalidManifest);

        var result = CliRunner.RunIn(folder.Path, "test");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("error WM");
    }

    [Fact]
    public void Test_with_a_valid_manifest_hands_the_options_to_the_test_service()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var tests = new RecordingTestService();

        var result = CliRunner.RunReplacing(
            folder.Path,
            new Dictionary<string, string>(),
            services => services.AddSingleton<ITestService>(tests),
            "test", "calc", "--report", "junit=out.xml");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe("error: recorded by the test\n");
        var invocation = tests.Invocations.ShouldHaveSingleItem();
        invocation.Components.ShouldBe(["calc"]);
        invocation.JUnitReportPath.ShouldBe(Path.Combine(folder.Path, "out.xml"));
        invocation.Manifest.FindComponent("calc").ShouldNotBeNull();
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public void Build_exits_with_2_when_a_component_failed_on_its_own_files_and_1_for_other_failures(bool invalidInput, int exitCode)
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var failed = new ComponentBuildResult("calc", "failed", "debug", "b", 0.1, null, [], null, "calc/Cargo.toml:3:1: not needed") { InvalidInput = invalidInput };
        var built = new ComponentBuildResult("other", "built", "debug", "b", 0.1, "x.wasm", [], null, null);

        var result = CliRunner.RunReplacing(
            folder.Path,
            new Dictionary<string, string>(),
            services => services.AddSingleton<IBuildService>(new FixedBuildService(failed, built)),
            "build", "--json");

        result.ExitCode.ShouldBe(exitCode);
        result.Out.ShouldNotContain("invalidInput", Case.Insensitive); // not part of the JSON document
    }

    [Fact]
    public void Build_with_a_valid_manifest_hands_the_options_to_the_build_service()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var builds = new RecordingBuildService();

        var result = CliRunner.RunReplacing(
            folder.Path,
            new Dictionary<string, string>(),
            services => services.AddSingleton<IBuildService>(builds),
            "build", "calc", "--profile", "release", "-j", "3", "--force");

        result.ExitCode.ShouldBe(1);
        var invocation = builds.Invocations.ShouldHaveSingleItem();
        invocation.Components.ShouldBe(["calc"]);
        invocation.Profile.ShouldBe("release");
        invocation.Jobs.ShouldBe(3);
        invocation.Force.ShouldBeTrue();
    }

    [Fact]
    public void New_writes_the_component_and_creates_the_manifest()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "new", "js", "calc");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldBeEmpty();
        result.Out.ShouldContain("Created js component 'calc'");
        Directory.EnumerateFiles(Path.Combine(folder.Path, "calc"), "*", SearchOption.AllDirectories).ShouldNotBeEmpty();
        var manifest = File.ReadAllText(Path.Combine(folder.Path, "wasmc.toml"));
        manifest.ShouldContain("name = \"calc\"");
        manifest.ShouldContain("language = \"js\"");
        Directory.GetDirectories(folder.Path).Select(Path.GetFileName).ShouldBe(["calc"]);
    }

    [Fact]
    public void New_extends_an_existing_manifest_from_a_subfolder()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var libs = Directory.CreateDirectory(Path.Combine(folder.Path, "libs")).FullName;

        var result = CliRunner.RunIn(libs, "new", "rust", "adder");

        result.ExitCode.ShouldBe(0);
        File.Exists(Path.Combine(libs, "wasmc.toml")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(folder.Path, "wasmc.toml")).ShouldContain("path = \"libs/adder\"");
        var tests = new RecordingTestService();
        CliRunner.RunReplacing(folder.Path, new Dictionary<string, string>(), services => services.AddSingleton<ITestService>(tests), "test")
            .ExitCode.ShouldBe(1);
        tests.Invocations.ShouldHaveSingleItem().Manifest.Components.Select(c => c.Path).ShouldBe(["calc", "libs/adder"], ignoreOrder: true);
    }

    [Fact]
    public void New_refuses_to_overwrite_and_leaves_everything_as_it_was()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);
        var manifestBefore = File.ReadAllText(Path.Combine(folder.Path, "wasmc.toml"));

        var result = CliRunner.RunIn(folder.Path, "new", "rust", "calc");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("already exists");
        File.ReadAllText(Path.Combine(folder.Path, "wasmc.toml")).ShouldBe(manifestBefore);
        Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).ShouldBe(["calc", "wasmc.toml"], ignoreOrder: true);
    }

    [Fact]
    public void New_refuses_a_duplicate_component_name_in_another_folder()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc").ExitCode.ShouldBe(0);

        var result = CliRunner.RunIn(folder.Path, "new", "rust", "calc", "--dir", "other");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("already exists");
        Directory.Exists(Path.Combine(folder.Path, "other")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("cobol", "calc", "no plugin for language 'cobol'")]
    [InlineData("js", "Calc", "must be kebab-case")]
    [InlineData("js", "calc --template nope", "has no template 'nope'")]
    [InlineData("js", "calc --wasi preview9", "invalid value 'preview9' for --wasi")]
    [InlineData("js", "calc --bundle no-such-bundle", "no bundle named 'no-such-bundle'")]
    public void New_rejects_bad_input_without_writing(string language, string rest, string message)
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, ["new", language, .. rest.Split(' ')]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
        Directory.GetFileSystemEntries(folder.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Wit_check_of_a_bad_file_is_bad_input_located_at_the_error()
    {
        using var folder = new TempFolder();
        folder.Write("wit/calc.wit", "package calc:math;\n\ninterface ops {\n  add: func(a: u32, b: u32) -> u3;\n}\n");

        var result = CliRunner.RunIn(folder.Path, "wit", "check");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("calc.wit:4:");
        Snapshot.Verify("wit-check-bad", result.ToSnapshot((folder.Path, "<temp>")));
    }

    [Fact]
    public void Wit_check_of_a_good_package_says_what_it_found()
    {
        using var folder = new TempFolder();
        folder.Write("wit/calc.wit", "package calc:math@1.0.0;\n\ninterface ops {\n  add: func(a: u32, b: u32) -> u32;\n}\n\nworld calc {\n  export ops;\n}\n");

        var result = CliRunner.RunIn(folder.Path, "wit", "check");

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldBe("ok: calc:math@1.0.0 (1 interface, 1 world)\n");
    }

    [Fact]
    public void Wit_print_prints_the_package_as_wit()
    {
        using var folder = new TempFolder();
        var path = folder.Write("calc.wit", "package calc:math@1.0.0;\n\ninterface ops {\n  add: func(a: u32, b: u32) -> u32;\n}\n");

        var result = CliRunner.RunIn(folder.Path, "wit", "print", path);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("package calc:math@1.0.0;");
        result.Out.ShouldContain("add: func(a: u32, b: u32) -> u32;");
    }

    [Fact]
    public void Bundle_build_needs_a_name_or_all()
    {
        var result = CliRunner.Run("bundle", "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe("error: 'bundle build' needs either a bundle name or --all\n");
    }

    [Fact]
    public void Bundle_build_of_an_unknown_bundle_is_bad_input_before_docker_is_asked()
    {
        var result = CliRunner.Run("bundle", "build", "no-such-bundle");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: no bundle named 'no-such-bundle'");
    }

    [Fact]
    public void Wit_json_and_deps_work_on_a_package()
    {
        using var folder = new TempFolder();
        var path = folder.Write("calc.wit", "package calc:math@1.0.0;\n\ninterface ops {\n  add: func(a: u32, b: u32) -> u32;\n}\n");

        var json = CliRunner.RunIn(folder.Path, "wit", "json", path);
        var deps = CliRunner.RunIn(folder.Path, "wit", "deps", path, "--json");

        json.ExitCode.ShouldBe(0);
        using (var document = JsonDocument.Parse(json.Out))
        {
            document.RootElement.GetProperty("packages").GetArrayLength().ShouldBe(1);
        }

        deps.ExitCode.ShouldBe(0);
        using var depsDocument = JsonDocument.Parse(deps.Out);
        depsDocument.RootElement.GetProperty("package").GetString().ShouldBe("calc:math@1.0.0");
        depsDocument.RootElement.GetProperty("dependencies").GetArrayLength().ShouldBe(0);
    }
}
