using System.Diagnostics;
using Shouldly;
using Wasmc.Core.Components;
using Wasmc.Core.Tests.Testing.Support;
using Wasmtime.Components;
using Xunit;

namespace Wasmc.Core.Tests.Components;

public sealed class ComponentRuntimeTests : IDisposable
{
    private const string Api = "test:lib/api@0.1.0";
    private readonly TempDirectory _temp = new();
    private readonly ComponentRuntime _runtime = new();

    public void Dispose()
    {
        _runtime.Dispose();
        _temp.Dispose();
    }

    private LoadedComponent Load(string wat, string? cache = null) => _runtime.Load(_temp.Write("c.wasm", wat), cache);

    private static ExecutionLimits Limits(int milliseconds = 5000) => ExecutionLimits.Default with { Time = TimeSpan.FromMilliseconds(milliseconds) };

    [Fact]
    public void Calls_exports_with_typed_values()
    {
        using var component = Load(WatComponents.Library);
        using var sandbox = ComponentSandbox.Create(component, new WasiSetup(), Limits());

        sandbox.Call(sandbox.Function(Api, "add")!, [ComponentValue.S32(2), ComponentValue.S32(40)], Limits()).Value!.AsS32().ShouldBe(42);
        sandbox.Call(sandbox.Function(Api, "echo")!, [ComponentValue.String("héllo ✓")], Limits()).Value!.AsString().ShouldBe("héllo ✓");
        sandbox.Function(Api, "nope").ShouldBeNull();
    }

    [Fact]
    public void A_guest_that_loops_forever_traps_at_its_time_limit_and_the_next_instance_works()
    {
        using var component = Load(WatComponents.Library);
        var sandbox = ComponentSandbox.Create(component, new WasiSetup(), Limits(200));
        var stopwatch = Stopwatch.StartNew();

        var result = sandbox.Call(sandbox.Function(Api, "spin")!, [], Limits(200));

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        result.Status.ShouldBe(CallStatus.Trapped);
        result.Message!.Split('\n')[0].ShouldBe("time limit of 0.2 s exceeded (wasm trap: interrupt)");
        sandbox.IsPoisoned.ShouldBeTrue();
        sandbox.Dispose();

        using var fresh = ComponentSandbox.Create(component, new WasiSetup(), Limits());
        fresh.Call(fresh.Function(Api, "count")!, [], Limits()).Value!.AsS32().ShouldBe(1);
    }

    [Fact]
    public void A_trap_is_reported_with_wasmtimes_trap_line_and_the_wasm_frames()
    {
        using var component = Load(WatComponents.Library);
        using var sandbox = ComponentSandbox.Create(component, new WasiSetup(), Limits());

        var result = sandbox.Call(sandbox.Function(Api, "boom")!, [], Limits());

        result.Status.ShouldBe(CallStatus.Trapped);
        var lines = result.Message!.Split('\n');
        lines[0].ShouldBe("wasm trap: wasm `unreachable` instruction executed");
        lines[1].ShouldBe("wasm backtrace:");
        lines[2].ShouldStartWith("  0: ");
        lines.Length.ShouldBe(3);
    }

    [Fact]
    public void A_trap_while_instantiating_names_the_wasm_frames_innermost_first()
    {
        using var component = Load("""
            (component
              (core module $m
                (func $explode unreachable)
                (func $initialise call $explode)
                (start $initialise))
              (core instance $i (instantiate $m)))
            """);

        var error = Should.Throw<ComponentTrapException>(() => ComponentSandbox.Create(component, new WasiSetup(), Limits()));

        var lines = error.Message.Split('\n');
        lines[0].ShouldBe("instantiation failed: wasm trap: wasm `unreachable` instruction executed");
        lines[1].ShouldBe("wasm backtrace:");
        lines[2].ShouldStartWith("  0: ");
        lines[2].ShouldEndWith("explode");
        lines[3].ShouldStartWith("  1: ");
        lines[3].ShouldEndWith("initialise");
    }

    [Fact]
    public void The_memory_limit_refuses_growth_past_it()
    {
        using var component = Load(WatComponents.Library);
        using var limited = ComponentSandbox.Create(component, new WasiSetup(), Limits() with { MemoryBytes = 4 * 65536 });
        using var unlimited = ComponentSandbox.Create(component, new WasiSetup(), Limits());

        limited.Call(limited.Function(Api, "grow")!, [ComponentValue.S32(16)], Limits()).Value!.AsS32().ShouldBe(-1);
        unlimited.Call(unlimited.Function(Api, "grow")!, [ComponentValue.S32(16)], Limits()).Value!.AsS32().ShouldBe(1);
    }

    [Fact]
    public void Fuel_ends_a_loop_with_a_fuel_trap()
    {
        using var runtime = new ComponentRuntime(fuel: true);
        using var component = runtime.Load(_temp.Write("c.wasm", WatComponents.Library), null);
        var limits = Limits() with { Fuel = 100_000 };
        using var sandbox = ComponentSandbox.Create(component, new WasiSetup(), limits);

        var result = sandbox.Call(sandbox.Function(Api, "spin")!, [], limits);

        result.Message!.Split('\n')[0].ShouldBe("fuel limit of 100000 exhausted (wasm trap: all fuel consumed by WebAssembly)");
    }

    [Fact]
    public void The_compiled_cache_is_keyed_by_artifact_version_and_configuration()
    {
        var cache = Path.Combine(_temp.Path, "cache");
        var wasm = _temp.Write("lib.wasm", WatComponents.Library);

        using (var first = _runtime.Load(wasm, cache, "lib"))
        {
            first.Source.ShouldBe(CompileSource.Compiled);
        }

        using (var second = _runtime.Load(wasm, cache, "lib"))
        {
            second.Source.ShouldBe(CompileSource.Cached);
        }

        using (var fuel = new ComponentRuntime(fuel: true))
        {
            fuel.ConfigurationKey.ShouldNotBe(_runtime.ConfigurationKey);
            fuel.ConfigurationKey.ShouldContain(ComponentRuntime.WasmtimeVersion);
            using var other = fuel.Load(wasm, cache, "lib");
            other.Source.ShouldBe(CompileSource.Compiled);
        }

        File.WriteAllText(wasm, WatComponents.Library.Replace("(i32.const 1024)", "(i32.const 2048)", StringComparison.Ordinal));
        using (var changed = _runtime.Load(wasm, cache, "lib"))
        {
            changed.Source.ShouldBe(CompileSource.Compiled);
        }

        // One entry per component and configuration: the stale one was replaced.
        Directory.GetFiles(cache, "lib.*.cwasm").Length.ShouldBe(1);
    }

    [Fact]
    public void The_artifact_hash_is_remembered_until_the_file_changes()
    {
        var cache = Path.Combine(_temp.Path, "cache");
        var wasm = _temp.Write("lib.wasm", WatComponents.Library);
        _runtime.Load(wasm, cache, "lib").Dispose();
        var remembered = File.ReadAllText(Path.Combine(cache, "lib.sha256"));

        File.WriteAllText(wasm, WatComponents.Library + " ");
        using var changed = _runtime.Load(wasm, cache, "lib");

        changed.Source.ShouldBe(CompileSource.Compiled);
        File.ReadAllText(Path.Combine(cache, "lib.sha256")).ShouldNotBe(remembered);
    }

    [Fact]
    public void A_corrupt_cache_entry_is_compiled_again()
    {
        var cache = Path.Combine(_temp.Path, "cache");
        var wasm = _temp.Write("lib.wasm", WatComponents.Library);
        _runtime.Load(wasm, cache, "lib").Dispose();
        File.WriteAllText(Directory.GetFiles(cache, "*.cwasm").Single(), "garbage");

        using var again = _runtime.Load(wasm, cache, "lib");

        again.Source.ShouldBe(CompileSource.Compiled);
    }

    [Fact]
    public void Imports_that_are_not_wasi_are_named_unless_they_may_trap()
    {
        using var component = Load(WatComponents.ForeignImport);

        Should.Throw<ComponentLoadException>(() => ComponentSandbox.Create(component, new WasiSetup(), Limits()))
            .Message.ShouldStartWith("the component imports 'acme:db/query@1.0.0', which is not WASI 0.2");

        component.TrapUnknownImports = true;
        using var sandbox = ComponentSandbox.Create(component, new WasiSetup(), Limits());
        sandbox.Call(sandbox.Function(null, "f")!, [], Limits()).Value!.AsS32().ShouldBe(1);
    }

    [Fact]
    public void A_command_that_calls_exit_reports_its_exit_code()
    {
        using var component = Load(WatComponents.ExitingCommand);
        using var sandbox = ComponentSandbox.Create(component, new WasiSetup(), Limits());

        var result = sandbox.Call(sandbox.Function("wasi:cli/run@0.2.12", "run")!, [], Limits());

        result.Status.ShouldBe(CallStatus.Returned);
        result.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Something_that_is_not_a_component_is_a_load_error()
    {
        Should.Throw<ComponentLoadException>(() => Load("(module)")).Message.ShouldContain("is not a component Wasmtime 50.0.1 can load");
    }
}
