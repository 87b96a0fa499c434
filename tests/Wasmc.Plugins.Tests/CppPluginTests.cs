using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;

namespace Wasmc.Plugins.Tests;

public class CppPluginTests
{
    private readonly CppPlugin _plugin = new();
    private readonly CPlugin _c = new();

    [Fact]
    public void Release_plan_compiles_optimised_then_links_a_stripped_reactor_and_componentizes()
    {
        var plan = _c.PlanBuild(PlanFixtures.Request("c", PlanFixtures.Release));

        plan.Steps.Select(s => s.Description).ShouldBe(["compile src/calc.c", "link", "embed WIT", "componentize"]);
        var compile = plan.Steps[0];
        compile.Toolchain.ShouldBe("clang");
        compile.Argv.ShouldBe(
            ["clang-19", "--target=wasm32-wasi", "-O2", "-MD", "-MF", "/scratch/calc/obj/src/calc.c.d", "-c", "/workspace/components/calc/src/calc.c", "-o", "/scratch/calc/obj/src/calc.c.o"]);
        compile.Outputs.ShouldBe(["/scratch/calc/obj/src/calc.c.o", "/scratch/calc/obj/src/calc.c.d"]);
        plan.DependencyFiles.ShouldBe(["/scratch/calc/obj/src/calc.c.d"]);
        plan.Step("link").Argv.ShouldBe(
        [
            "clang-19", "--target=wasm32-wasi", "-O2", "-mexec-model=reactor", "-fuse-ld=lld", "-Wl,--strip-all",
            "/scratch/calc/obj/src/calc.c.o", "-o", "/scratch/calc/core.wasm",
        ]);
        plan.Step("embed").Argv.ShouldContain("/scratch/calc/core.wasm");
        plan.Step("componentize").Argv.ShouldContain("wasi_snapshot_preview1=/usr/share/wasi-adapters/reactor.wasm");
    }

    [Fact]
    public void Debug_plan_keeps_debug_info_without_optimisation_or_stripping()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("cpp", PlanFixtures.Debug));

        plan.Steps[0].Argv.ShouldContain("-O0");
        plan.Steps[0].Argv.ShouldContain("-g");
        plan.Step("link").Argv.ShouldNotContain("-Wl,--strip-all");
        plan.Step("link").Argv.ShouldContain("-g");
    }

    [Fact]
    public void Clang_major_comes_from_the_bundle_and_cpp_sources_use_clang_plus_plus()
    {
        var options = new Dictionary<string, object>
        {
            ["sources"] = new[] { "src/a.c", "src/b.cpp" },
            ["include"] = new[] { "include" },
            ["defines"] = new[] { "NDEBUG" },
        };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("cpp", PlanFixtures.Release, PlanFixtures.Bundle(clang: "22.1.8"), options));

        plan.Step("compile src/a.c").Argv[0].ShouldBe("clang-22");
        var cpp = plan.Step("compile src/b.cpp").Argv;
        cpp[0].ShouldBe("clang++-22");
        cpp.ShouldContain("-fno-exceptions");
        cpp.ShouldContain("-I/workspace/components/calc/include");
        cpp.ShouldContain("-DNDEBUG");
        plan.Step("link").Argv[0].ShouldBe("clang++-22");
        plan.Step("link").Inputs.ShouldBe(["/scratch/calc/obj/src/a.c.o", "/scratch/calc/obj/src/b.cpp.o"]);
    }

    [Theory]
    [InlineData("19.1.7", "--target=wasm32-wasi")] // Debian's clang-19 has its builtins only under the old name
    [InlineData("22.1.8", "--target=wasm32-wasip1")] // clang 20 and later warn on every compile given the old name
    public void The_target_triple_is_the_name_the_bundles_clang_knows_without_a_warning(string clang, string target)
    {
        var plan = _c.PlanBuild(PlanFixtures.Request("c", PlanFixtures.Release, PlanFixtures.Bundle(clang: clang)));

        var clangSteps = plan.Steps.Where(step => step.Argv[0].StartsWith("clang", StringComparison.Ordinal)).ToList();
        clangSteps.Select(step => step.Description).ShouldBe(["compile src/calc.c", "link"]);
        clangSteps.ShouldAllBe(step => step.Argv.Contains(target));
    }

    [Fact]
    public void A_cpp_profiles_language_standard_reaches_cpp_sources_only_and_its_other_flags_reach_c_sources_too()
    {
        // clang: "invalid argument '-std=c++20' not allowed with 'C'" for the generated C bindings and any C source.
        var profile = PlanFixtures.Release with { LanguageFlags = ["-std=c++20", "-DFAST=1", "-O3"] };
        var options = new Dictionary<string, object> { ["sources"] = new[] { "src/a.c", "src/b.cpp" }, ["cflags"] = new[] { "-std=gnu++17" } };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("cpp", profile, options: options));

        var c = plan.Step("compile src/a.c").Argv;
        c.ShouldNotContain("-std=c++20");
        c.ShouldNotContain("-std=gnu++17");
        c.ShouldContain("-DFAST=1");
        c.ShouldContain("-O3");
        plan.Step("compile src/b.cpp").Argv.ShouldContain("-std=c++20");
        plan.Step("compile src/b.cpp").Argv.ShouldContain("-std=gnu++17");
    }

    [Fact]
    public void Source_globs_are_expanded_in_the_component_folder_and_no_match_is_an_error()
    {
        using var folder = new TempFolder();
        folder.Write("src/z.c", "int z;");
        folder.Write("src/util/a.c", "int a;");
        folder.Write("src/readme.md", "not a source");
        var plan = _plugin.PlanBuild(PlanFixtures.Request("cpp", PlanFixtures.Release) with { Folder = folder.Folder });
        plan.Steps.Where(s => s.Description.StartsWith("compile", StringComparison.Ordinal)).Select(s => s.Description)
            .ShouldBe(["compile src/util/a.c", "compile src/z.c"]);

        var options = new Dictionary<string, object> { ["sources"] = new[] { "lib/*.c" } };
        var error = Should.Throw<WasmcPluginException>(() =>
            _plugin.PlanBuild(PlanFixtures.Request("cpp", PlanFixtures.Release, options: options) with { Folder = folder.Folder }));
        error.Message.ShouldContain("lib/*.c");
    }

    [Fact]
    public void C_and_cpp_are_two_languages_on_the_same_toolchain()
    {
        _c.LanguageId.ShouldBe("c");
        _plugin.LanguageId.ShouldBe("cpp");
        _c.Toolchains.ShouldBe(_plugin.Toolchains);
        _plugin.PlanBuild(PlanFixtures.Request("cpp", PlanFixtures.Release)).Steps[0].Argv[0].ShouldBe("clang++-19");
    }

    [Theory]
    [InlineData("c", "src/my_calc.c", false)]
    [InlineData("cpp", "src/my_calc.cpp", true)]
    public void Scaffold_writes_c_or_cpp_sources_implementing_the_generated_bindings(string language, string sourcePath, bool cpp)
    {
        ILanguagePlugin plugin = language == "c" ? _c : _plugin;
        var result = plugin.Scaffold(new ScaffoldRequest("my-calc", "library", WasiLevel.Preview2));

        result.Files.Select(f => f.RelativePath).ShouldBe(["wit/my-calc.wit", sourcePath, "tests/my-calc.test.toml"], ignoreOrder: true);
        var source = result.Files.Single(f => f.RelativePath == sourcePath).Contents;
        source.ShouldContain("#include \"my_calc.h\"");
        source.ShouldContain("double exports_local_my_calc_calculator_add(double a, double b) {");
        source.ShouldNotContain("export_name");
        Snapshot.Verify($"c-scaffold-{language}", source);

        using var folder = new TempFolder();
        folder.Write(result);
        plugin.Recognizes(folder.Folder).ShouldBeTrue();
        (language == "c" ? (ILanguagePlugin)_plugin : _c).Recognizes(folder.Folder).ShouldBeFalse();
        var request = PlanFixtures.Request(language, PlanFixtures.Release);
        var plan = plugin.PlanBuild(request with { Folder = folder.Folder, Component = request.Component with { World = result.World } });
        plan.SupportFiles.Select(f => f.ContainerPath).ShouldBe(
            ["/scratch/calc/bindings/my_calc.h", "/scratch/calc/bindings/my_calc.hpp", "/scratch/calc/bindings/my_calc.c"]);
        var bindings = plan.Steps.Single(s => s.Description == "compile bindings");
        bindings.Argv[0].ShouldStartWith("clang-");
        bindings.Argv.ShouldContain(plan.SupportFiles[2].ContainerPath);
        var user = plan.Steps.Single(s => s.Argv.Contains("/workspace/components/calc/" + sourcePath));
        user.Argv.ShouldContain("-I/scratch/calc/bindings");
        user.Argv[0].ShouldBe(cpp ? "clang++-19" : "clang-19");
        plan.Steps.Single(s => s.Description == "link").Argv.ShouldContain(bindings.Outputs[0]);
    }

    [Fact]
    public void Recognizes_cmake_projects_and_loose_sources_only()
    {
        using var folder = new TempFolder();
        _plugin.Recognizes(folder.Folder).ShouldBeFalse();
        folder.Write("CMakeLists.txt", "project(x)");
        _plugin.Recognizes(folder.Folder).ShouldBeTrue();

        using var loose = new TempFolder();
        loose.Write("main.cpp", "int main() {}");
        _plugin.Recognizes(loose.Folder).ShouldBeTrue();
    }
}
