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

    public static TheoryData<string> CommandLanguages => ["rust", "c", "cpp", "go"];

    [Fact]
    public void The_command_template_is_offered_by_rust_c_cpp_and_go_and_not_by_js()
    {
        foreach (var language in CommandLanguages)
        {
            Plugin(language).Templates.Select(t => t.Id).Take(2).ShouldBe(["library", "command"], language);
        }

        Plugin("js").Templates.Select(t => t.Id).ShouldBe(["library"]);
        Should.Throw<WasmcPluginException>(() => Plugin("js").Scaffold(new ScaffoldRequest("hello", "command", WasiLevel.Preview2)))
            .Message.ShouldContain("available: library");
    }

    [Theory]
    [MemberData(nameof(CommandLanguages))]
    public void The_command_template_exports_wasi_cli_run_and_its_test_runs_it_and_checks_stdout(string language)
    {
        var result = Plugin(language).Scaffold(new ScaffoldRequest("hello", "command", WasiLevel.Preview2));

        result.World.ShouldBe("hello");
        var wit = result.Files.Single(f => f.RelativePath == "wit/hello.wit").Contents;
        wit.ShouldStartWith("package local:hello@0.1.0;");
        wit.ShouldContain("world hello {");
        wit.ShouldContain("    export wasi:cli/run@0.2.12;\n}");
        var tests = result.Files.Single(f => f.RelativePath == "tests/hello.test.toml").Contents;
        tests.ShouldContain("[[run]]");
        tests.ShouldContain("expect-stdout = \"Hello from hello!\\n\"");
        tests.ShouldContain("expect-exit = 0");
        tests.ShouldNotContain("[[case]]");
        result.Files.Where(f => !f.RelativePath.StartsWith("wit/", StringComparison.Ordinal) && !f.RelativePath.StartsWith("tests/", StringComparison.Ordinal))
            .ShouldContain(f => f.Contents.Contains("Hello from hello!", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rust", "src/main.rs", "fn main() {\n    println!(\"Hello from hello!\");\n}")]
    [InlineData("c", "src/hello.c", "bool exports_wasi_cli_run_run(void) {\n    printf(\"Hello from hello!\\n\");")]
    [InlineData("cpp", "src/hello.cpp", "bool exports_wasi_cli_run_run(void) {\n    std::cout << \"Hello from hello!\" << std::endl;")]
    [InlineData("go", "main.go", "run.Exports.Run = func() cm.Result[struct{}, struct{}] {")]
    public void The_command_template_implements_run_the_way_the_language_writes_a_program(string language, string file, string expected)
    {
        var result = Plugin(language).Scaffold(new ScaffoldRequest("hello", "command", WasiLevel.Preview2));

        result.Files.Single(f => f.RelativePath == file).Contents.ShouldContain(expected);
    }

    [Fact]
    public void Go_prints_with_fmt_so_its_command_world_only_exports_run()
    {
        var result = Plugin("go").Scaffold(new ScaffoldRequest("hello", "command", WasiLevel.Preview2));

        var wit = result.Files.Single(f => f.RelativePath == "wit/hello.wit").Contents;
        wit.ShouldContain("world hello {\n    export wasi:cli/run@0.2.12;\n}");
        wit.ShouldNotContain("import");
        var main = result.Files.Single(f => f.RelativePath == "main.go").Contents;
        main.ShouldContain("\t\"fmt\"\n\t\"os\"\n");
        main.ShouldContain("fmt.Println(\"Hello from hello!\")");
    }

    [Theory]
    [MemberData(nameof(CommandLanguages))]
    public void The_command_template_is_refused_for_preview3(string language)
    {
        Should.Throw<WasmcPluginException>(() => Plugin(language).Scaffold(new ScaffoldRequest("hello", "command", WasiLevel.Preview3)))
            .Message.ShouldBe("template 'command' exports wasi:cli/run@0.2.12, a WASI preview2 interface: it is offered for --wasi preview2 only");
    }

    [Theory]
    [MemberData(nameof(CommandLanguages))]
    public void A_world_using_shipped_wasi_embeds_one_staged_file_holding_the_shipped_packages(string language)
    {
        var plugin = Plugin(language);
        var result = plugin.Scaffold(new ScaffoldRequest("calc", "command", WasiLevel.Preview2));
        using var folder = new TempFolder();
        folder.Write(result);
        var request = PlanFixtures.Request(language, PlanFixtures.Release, world: result.World);

        var plan = plugin.PlanBuild(request with { Folder = folder.Folder });

        var staged = plan.SupportFiles.Single(f => f.ContainerPath == "/scratch/calc/wasmc/wit/calc.wit");
        staged.Contents.ShouldStartWith("package local:calc@0.1.0;");
        staged.Contents.ShouldContain("package wasi:cli@0.2.12 {");
        var embed = plan.Steps.Single(s => s.Description == "embed WIT");
        embed.Argv.Skip(3).First().ShouldBe(staged.ContainerPath);
        embed.Inputs.ShouldContain(staged.ContainerPath);
    }

    [Theory]
    [MemberData(nameof(CommandLanguages))]
    public void A_self_contained_wit_folder_is_embedded_as_it_is(string language)
    {
        var plugin = Plugin(language);
        var result = plugin.Scaffold(new ScaffoldRequest("calc", "library", WasiLevel.Preview2));
        using var folder = new TempFolder();
        folder.Write(result);
        var request = PlanFixtures.Request(language, PlanFixtures.Release, world: result.World);

        var plan = plugin.PlanBuild(request with { Folder = folder.Folder });

        plan.SupportFiles.ShouldNotContain(f => f.ContainerPath.EndsWith(".wit", StringComparison.Ordinal));
        plan.Steps.Single(s => s.Description == "embed WIT").Argv.Skip(3).First().ShouldBe("/workspace/components/calc/wit");
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
