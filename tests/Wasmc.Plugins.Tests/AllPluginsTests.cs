using System.Reflection;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Rust;

namespace Wasmc.Plugins.Tests;

public class AllPluginsTests
{
    public static TheoryData<string> Languages => ["rust", "c", "cpp", "go", "js"];

    private static ILanguagePlugin Plugin(string language) => language switch
    {
        "rust" => new RustPlugin(),
        "c" => new CPlugin(),
        "cpp" => new CppPlugin(),
        "go" => new GoPlugin(),
        "js" => new JsPlugin(),
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_plugin_assembly_declares_its_plugin_with_the_assembly_attribute(string language)
    {
        var plugin = Plugin(language);
        var declared = plugin.GetType().Assembly.GetCustomAttributes<WasmcPluginAttribute>().Select(a => a.PluginType);

        declared.ShouldContain(plugin.GetType());
        plugin.LanguageId.ShouldBe(language);
        plugin.Templates[0].Id.ShouldBe("library");
        plugin.Toolchains.ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Scaffolded_wit_keeps_interface_and_world_apart_and_tests_call_the_interface(string language)
    {
        var result = Plugin(language).Scaffold(new ScaffoldRequest("adder", "library", WasiLevel.Preview2));

        var wit = result.Files.Single(f => f.RelativePath == "wit/adder.wit").Contents;
        wit.ShouldStartWith("package local:adder@0.1.0;");
        wit.ShouldContain("interface calculator {");
        wit.ShouldContain("world adder {");
        wit.ShouldContain("export calculator;");
        var tests = result.Files.Single(f => f.RelativePath == "tests/adder.test.toml").Contents;
        tests.ShouldContain("[[case]]");
        tests.ShouldContain("call = \"add(1.0, 2.0)\"");
        tests.ShouldContain("expect = \"3.0\"");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Unknown_templates_and_invalid_names_are_plugin_errors(string language)
    {
        var plugin = Plugin(language);

        Should.Throw<WasmcPluginException>(() => plugin.Scaffold(new ScaffoldRequest("adder", "no-such-template", WasiLevel.Preview2)))
            .Message.ShouldContain("library");
        Should.Throw<WasmcPluginException>(() => plugin.Scaffold(new ScaffoldRequest("Adder_1", "library", WasiLevel.Preview2)))
            .Message.ShouldContain("kebab-case");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void An_empty_folder_is_recognised_by_no_plugin(string language)
    {
        using var folder = new TempFolder();
        Plugin(language).Recognizes(folder.Folder).ShouldBeFalse();
    }
}
