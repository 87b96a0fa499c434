using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Go;

namespace Wasmc.Plugins.Tests;

public class GoPluginTests
{
    private readonly GoPlugin _plugin = new();

    [Fact]
    public void Release_plan_builds_a_wasip1_reactor_merges_the_allocator_and_the_clock_guard_and_componentizes()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release));

        plan.Steps.Select(s => s.Description).ShouldBe(
            ["compile (go build)", "merge the adapter allocator and the clock guard", "link the clock guard to the adapter", "embed WIT", "componentize"]);
        var build = plan.Steps[0];
        build.Toolchain.ShouldBe("go");
        build.Argv.ShouldBe(["go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", "/scratch/calc/go.wasm", "."]);
        build.Environment["GOOS"].ShouldBe("wasip1");
        build.Environment["GOARCH"].ShouldBe("wasm");
        build.Environment["GOPROXY"].ShouldBe("off");
        build.Environment["GOCACHE"].ShouldBe("/cache/go/build");
        build.Mounts.ShouldBe([new PlanMount(MountKind.Cache, "go", "/cache/go", false)]);

        // The guard is named after the module Go's runtime imports its clock from; the forwarder after the one it imports from.
        plan.Steps[1].Argv.ShouldBe(
        [
            "wasm-merge", "/scratch/calc/go.wasm", "go", "/scratch/calc/wasmc/allocator.wat", "allocator",
            "/scratch/calc/wasmc/clock-guard.wat", "wasi_snapshot_preview1", "--all-features", "-o", "/scratch/calc/guarded.wasm",
        ]);
        plan.Steps[2].Argv.ShouldBe(
        [
            "wasm-merge", "/scratch/calc/guarded.wasm", "go", "/scratch/calc/wasmc/clock-forwarder.wat", "wasmc_wasi", "--all-features",
            "-o", "/scratch/calc/core.wasm",
        ]);
        plan.Steps[2].Inputs.ShouldContain("/scratch/calc/guarded.wasm");
        plan.SupportFiles.Select(f => f.ContainerPath).ShouldBe(
            ["/scratch/calc/wasmc/allocator.wat", "/scratch/calc/wasmc/clock-guard.wat", "/scratch/calc/wasmc/clock-forwarder.wat"]);
        plan.SupportFiles[0].Contents.ShouldContain("(export \"cabi_realloc_adapter\")");
        plan.SupportFiles[0].Contents.ShouldContain("(import \"go\" \"memory\"");
        plan.SupportFiles[1].Contents.ShouldBe(ClockGuard.GuardWat);
        plan.SupportFiles[2].Contents.ShouldBe(ClockGuard.ForwarderWat);
        plan.Step("embed").Argv.ShouldContain("/scratch/calc/core.wasm");
        plan.Artifacts.Single().ContainerPath.ShouldBe("/out/calc/calc.wasm");
    }

    [Fact]
    public void The_adapter_allocator_hands_out_the_marked_go_global_and_never_grows_memory_that_gos_heap_would_take()
    {
        var allocator = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release)).SupportFiles[0].Contents;

        allocator.ShouldContain("(i64.const 0x9e3779b97f4a7c15)");
        allocator.ShouldContain("(i64.const 0xc2b2ae3d27d4eb4f)");
        allocator.ShouldContain($"(i32.const {AdapterMemory.Capacity})");
        allocator.ShouldNotContain("memory.grow");
        AdapterMemory.AllocatorWat.ShouldBe(allocator);
    }

    [Fact]
    public void Debug_plan_disables_optimisations_and_keeps_symbols()
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Debug));

        plan.Steps[0].Argv.ShouldContain("-gcflags=all=-N -l");
        plan.Steps[0].Argv.ShouldNotContain("-ldflags=-s -w");
        plan.Steps[1].Argv.ShouldContain("--debuginfo");
        plan.Steps[2].Argv.ShouldContain("--debuginfo");
    }

    [Theory]
    [InlineData("-ldflags=-X main.version=1.2")]
    [InlineData("-ldflags", "-X main.version=1.2")]
    public void A_profiles_ldflags_join_the_stripping_flags_because_go_build_keeps_only_the_last(params string[] flags)
    {
        var plan = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release with { LanguageFlags = [.. flags, "-tags=probe"] }));

        var argv = plan.Steps[0].Argv;
        argv.Where(a => a.StartsWith("-ldflags", StringComparison.Ordinal)).ShouldBe(["-ldflags=-s -w -X main.version=1.2"]);
        argv.ShouldContain("-tags=probe");
        argv.ShouldNotContain("-X main.version=1.2");
    }

    [Fact]
    public void Without_stripping_a_profiles_ldflags_pass_alone_and_a_package_pattern_is_left_to_go_build()
    {
        var debug = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Debug with { LanguageFlags = ["-ldflags=-X main.kind=debug"] }));
        debug.Steps[0].Argv.Where(a => a.StartsWith("-ldflags", StringComparison.Ordinal)).ShouldBe(["-ldflags=-X main.kind=debug"]);

        var patterned = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release with { LanguageFlags = ["-ldflags=example.com/tool=-X a.b=c"] }));
        patterned.Steps[0].Argv.Where(a => a.StartsWith("-ldflags", StringComparison.Ordinal)).ShouldBe(["-ldflags=-s -w", "-ldflags=example.com/tool=-X a.b=c"]);
    }

    [Fact]
    public void Merge_runs_in_a_binaryen_toolchain_when_the_bundle_has_one()
    {
        var toolchains = new Dictionary<string, string> { ["go"] = "g", ["binaryen"] = "b" };
        var plan = _plugin.PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release, PlanFixtures.Bundle(toolchains: toolchains)));

        plan.Step("merge").Toolchain.ShouldBe("binaryen");
        plan.Step("embed").Toolchain.ShouldBe("go");
    }

    [Fact]
    public void Scaffold_writes_a_go_module_implementing_the_interface_through_the_generated_bindings()
    {
        var result = _plugin.Scaffold(new ScaffoldRequest("calculator", "library", WasiLevel.Preview2));

        // The interface is called "calculator" too: the world must get another name.
        result.World.ShouldBe("calculator-component");
        result.Files.Select(f => f.RelativePath).ShouldBe(["wit/calculator.wit", "go.mod", "main.go", "tests/calculator.test.toml"], ignoreOrder: true);
        result.Files.Single(f => f.RelativePath == "go.mod").Contents.ShouldStartWith("module calculator");
        var main = result.Files.Single(f => f.RelativePath == "main.go").Contents;
        main.ShouldContain("import \"calculator/gen/local/calculator/calculator\"");
        main.ShouldContain("\tcalculator.Exports.Multiply = func(a, b float64) float64 {\n\t\treturn a * b\n\t}");
        main.ShouldContain("func main() {}");
        result.Files.Single(f => f.RelativePath.EndsWith(".wit", StringComparison.Ordinal)).Contents.ShouldContain("world calculator-component {");

        using var folder = new TempFolder();
        folder.Write(result);
        _plugin.Recognizes(folder.Folder).ShouldBeTrue();
    }
}
