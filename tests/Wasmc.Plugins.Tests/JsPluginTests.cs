using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Js;

namespace Wasmc.Plugins.Tests;

public class JsPluginTests
{
    private readonly JsPlugin _plugin = new();

    [Fact]
    public void Plan_componentizes_with_componentize_js_in_node_then_validates()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release));

        var componentize = plan.Steps[0];
        componentize.Toolchain.ShouldBe("node");
        componentize.Argv.ShouldBe(
        [
            "componentize-js", "--wit", "/workspace/components/calc/wit", "--world-name", "calc",
            "--out", "/out/calc/calc.wasm", "/workspace/components/calc/src/calc.js",
        ]);
        componentize.Outputs.ShouldBe(["/out/calc/calc.wasm"]);
        plan.Steps[1].Description.ShouldStartWith("validate");
        plan.Steps[1].Argv.ShouldBe(["jco", "wit", "/out/calc/calc.wasm"]);
        plan.Artifacts.ShouldBe([new PlanArtifact("component", "/out/calc/calc.wasm")]);
    }

    [Fact]
    public void Debug_and_release_differ_only_by_the_profiles_language_flags()
    {
        var debug = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Debug with { LanguageFlags = ["--debug-bindings"] }));
        var release = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release with { LanguageFlags = ["--disable", "all"] }));

        debug.Steps[0].Argv.ShouldContain("--debug-bindings");
        release.Steps[0].Argv.ShouldNotContain("--debug-bindings");
        release.Steps[0].Argv.ShouldContain("all");
        release.Steps[0].Argv[^1].ShouldBe("/workspace/components/calc/src/calc.js");
    }

    [Fact]
    public void Validation_uses_wasm_tools_when_the_bundle_has_it()
    {
        var toolchains = new Dictionary<string, string> { ["node"] = "n", ["wasm-tools"] = "w" };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, PlanFixtures.Bundle(toolchains: toolchains)));

        plan.Steps[1].Toolchain.ShouldBe("wasm-tools");
        plan.Steps[1].Argv.ShouldBe(["wasm-tools", "validate", "/out/calc/calc.wasm"]);
    }

    [Fact]
    public void The_entry_module_comes_from_the_source_option_or_package_json()
    {
        using var folder = new TempFolder();
        folder.Write("package.json", """{ "name": "calc", "main": "./lib/index.js" }""");
        var fromPackage = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release) with { Folder = folder.Folder });
        fromPackage.Steps[0].Argv[^1].ShouldBe("/workspace/components/calc/lib/index.js");

        var options = new Dictionary<string, object> { ["source"] = "app.js" };
        var fromOption = _plugin.PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release, options: options) with { Folder = folder.Folder });
        fromOption.Steps[0].Argv[^1].ShouldBe("/workspace/components/calc/app.js");
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
            .Steps[0].Argv[^1].ShouldBe("/workspace/components/calc/src/hello.js");
    }
}
