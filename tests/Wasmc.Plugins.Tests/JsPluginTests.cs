using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Js;

namespace Wasmc.Plugins.Tests;

public class JsPluginTests
{
    private const string Script = "/scratch/calc/wasmc-js/componentize.mjs";
    private readonly JsPlugin _plugin = new();

    [Fact]
    public void Plan_checks_syntax_then_componentizes_with_componentize_js_in_node_from_the_workspace_root()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release));

        plan.Steps.Count.ShouldBe(2);
        var check = plan.Step("check syntax");
        check.Toolchain.ShouldBe("node");
        check.Argv.ShouldBe(["node", Script, "check", "/workspace/components/calc/src/calc.js"]);
        check.WorkingDirectory.ShouldBe("/workspace");

        var componentize = plan.Step("componentize");
        componentize.Toolchain.ShouldBe("node");
        componentize.Argv.ShouldBe(
        [
            "node", Script, "componentize", "--deps", "/scratch/calc/wasmc-js/imports.d", "/workspace/components/calc/src/calc.js", "--",
            "componentize-js", "--wit", "/workspace/components/calc/wit", "--world-name", "calc",
            "--out", "/out/calc/calc.wasm", "/workspace/components/calc/src/calc.js",
        ]);
        componentize.WorkingDirectory.ShouldBe("/workspace");
        componentize.Outputs.ShouldBe(["/out/calc/calc.wasm", "/scratch/calc/wasmc-js/imports.d"]);
        plan.DependencyFiles.ShouldBe(["/scratch/calc/wasmc-js/imports.d"]);
        componentize.Inputs.ShouldContain("/workspace/components/calc/wit/**");
        componentize.Inputs.ShouldContain("/workspace/components/calc/src/**");
        plan.Artifacts.ShouldBe([new PlanArtifact("component", "/out/calc/calc.wasm")]);
    }

    [Fact]
    public void The_glue_script_is_a_support_file_in_scratch()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release));

        var script = plan.SupportFiles.ShouldHaveSingleItem();
        script.ContainerPath.ShouldBe(Script);
        script.Contents.ShouldContain("node componentize.mjs check FILE...");
        script.Contents.ShouldContain("'--check', '--input-type=module'");
        script.Contents.ShouldContain("'--wizer-bin'");
    }

    [Fact]
    public void The_plan_leaves_validation_to_the_host()
    {
        // The host adds exactly one validation step, with the tool the bundle's images really have.
        var toolchains = new Dictionary<string, string> { ["node"] = "n", ["wasm-tools"] = "w" };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, PlanFixtures.Bundle(toolchains: toolchains)));

        plan.Steps.ShouldAllBe(step => step.Toolchain == "node");
        plan.Steps.ShouldNotContain(step => step.Description.StartsWith("validate", StringComparison.Ordinal));
        plan.Steps.SelectMany(step => step.Argv).ShouldNotContain("validate");
    }

    [Fact]
    public void Debug_and_release_differ_only_by_the_profiles_language_flags()
    {
        var debug = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Debug with { LanguageFlags = ["--use-debug-build"] }));
        var release = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release with { LanguageFlags = ["--runtime-args", "--x"] }));

        debug.Step("componentize").Argv.ShouldContain("--use-debug-build");
        release.Step("componentize").Argv.ShouldNotContain("--use-debug-build");
        release.Step("componentize").Argv.ShouldContain("--runtime-args");
        release.Step("componentize").Argv[^1].ShouldBe("/workspace/components/calc/src/calc.js");
        debug.Step("check syntax").Argv.ShouldBe(release.Step("check syntax").Argv);
    }

    [Fact]
    public void The_disable_option_becomes_componentize_js_disable()
    {
        var options = new Dictionary<string, object> { ["disable"] = new List<string> { "http", "fetch-event" } };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, options: options));

        var argv = plan.Step("componentize").Argv.ToList();
        argv.IndexOf("--disable").ShouldBeGreaterThan(0);
        argv.Skip(argv.IndexOf("--disable") + 1).Take(2).ShouldBe(["http", "fetch-event"]);
    }

    [Fact]
    public void An_unknown_feature_to_disable_is_a_plugin_error_naming_the_known_ones()
    {
        var options = new Dictionary<string, object> { ["disable"] = new List<string> { "htp" } };

        var error = Should.Throw<WasmcPluginException>(() => _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, options: options)));

        error.Message.ShouldContain("'htp'");
        error.Message.ShouldContain("stdio, random, clocks, http, fetch-event");
    }

    [Fact]
    public void The_entry_module_comes_from_the_source_option_or_package_json()
    {
        using var folder = new TempFolder();
        folder.Write("package.json", """{ "name": "calc", "main": "./lib/index.js" }""");
        var fromPackage = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release) with { Folder = folder.Folder });
        fromPackage.Step("componentize").Argv[^1].ShouldBe("/workspace/components/calc/lib/index.js");

        var options = new Dictionary<string, object> { ["source"] = "app.js" };
        var fromOption = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, options: options) with { Folder = folder.Folder });
        fromOption.Step("componentize").Argv[^1].ShouldBe("/workspace/components/calc/app.js");
    }

    [Fact]
    public void An_absolute_source_is_rejected()
    {
        var options = new Dictionary<string, object> { ["source"] = "/home/me/app.js" };

        var error = Should.Throw<WasmcPluginException>(() => _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, options: options)));

        error.Message.ShouldContain("relative to the component folder");
    }

    [Fact]
    public void Modules_beside_and_below_the_entry_are_syntax_checked_too_but_not_node_modules()
    {
        using var folder = new TempFolder();
        folder.Write("src/calc.js", "export const calculator = {};");
        folder.Write("src/util/math.mjs", "export const two = 2;");
        folder.Write("src/node_modules/dep/index.js", "module.exports = 1;");
        folder.Write("scripts/tool.js", "console.log(1);");

        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release) with { Folder = folder.Folder });

        plan.Step("check syntax").Argv.ShouldBe(
        [
            "node", Script, "check",
            "/workspace/components/calc/src/calc.js",
            "/workspace/components/calc/src/util/math.mjs",
        ]);
    }

    [Fact]
    public void Scaffold_writes_package_json_and_a_module_exporting_the_interface_object()
    {
        var result = _plugin.Scaffold(new ScaffoldRequest("hello", "library", WasiLevel.Preview2));

        result.World.ShouldBe("hello");
        result.Files.Select(f => f.RelativePath).ShouldBe(["wit/hello.wit", "package.json", "src/hello.js", "tests/hello.test.toml"], ignoreOrder: true);
        result.Files.Single(f => f.RelativePath == "src/hello.js").Contents.ShouldContain("export const calculator = {");
        result.Files.Single(f => f.RelativePath == "package.json").Contents.ShouldContain("\"main\": \"src/hello.js\"");

        using var folder = new TempFolder();
        folder.Write(result);
        _plugin.Recognizes(folder.Folder).ShouldBeTrue();
        _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release) with { Folder = folder.Folder })
            .Step("componentize").Argv[^1].ShouldBe("/workspace/components/calc/src/hello.js");
    }
}
