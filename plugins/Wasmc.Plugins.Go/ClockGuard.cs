namespace Wasmc.Plugins.Go;

/// <summary>
/// Keeps the Go runtime from calling the host while the host is inside <c>cabi_realloc</c>, which the canonical ABI
/// forbids (the call traps: <c>cannot leave component instance</c>). Allocating there can run the collector, and the
/// collector reads both clocks (the wall clock when a cycle ends, from a mark assist: <c>mallocgc</c> →
/// <c>gcAssistAlloc</c> → <c>gcMarkTermination</c> → <c>time.now</c>) and may poll timers. The preview1 adapter can
/// pause only its monotonic clock, so wasmc puts a guard between the runtime and the adapter: <c>cabi_realloc</c>
/// pauses it, and while paused it answers clock reads from the last value it saw and an immediate timer poll by
/// itself; any other poll gets <c>ENOTSUP</c>.
/// <para>
/// The guard is merged into Go's module with binaryen in two steps, because <c>wasm-merge</c> resolves a module's
/// imports against the merged modules' names, its own included: first the guard, named
/// <see cref="WasiModule"/>, takes Go's <c>clock_time_get</c> and <c>poll_oneoff</c> imports (every other WASI import
/// stays); then <see cref="ForwarderWat"/>, named <see cref="ForwarderModule"/>, gives the guard the adapter's real ones.
/// </para>
/// </summary>
public static class ClockGuard
{
    /// <summary>The module name the guard is merged under: the one Go's runtime imports its clock and poll from.</summary>
    public const string WasiModule = "wasi_snapshot_preview1";

    /// <summary>The module name the forwarder is merged under, which the guard imports the adapter's functions from.</summary>
    public const string ForwarderModule = "wasmc_wasi";

    /// <summary>The guard's switch; the bindings' <c>cabi_realloc</c> imports it from <see cref="WasiModule"/>.</summary>
    public const string SetPausedExport = "wasmc_clocks_set_paused";

    /// <summary>WASI preview1's <c>ENOTSUP</c>.</summary>
    private const int NotSupported = 58;

    /// <summary>The guard (WebAssembly text; binaryen reads it directly). WASI preview1 layouts: a subscription is
    /// userdata (u64) at 0, its tag (u8, 0 = clock) at 8, the clock's timeout (u64) at 24; an event is userdata at 0,
    /// error (u16) at 8, type (u8) at 10, 32 bytes in all.</summary>
    public static string GuardWat { get; } = $$"""
        ;; The clock guard wasmc merges into Go components (see ClockGuard.cs): while cabi_realloc runs, the runtime's
        ;; clock reads and an immediate timer poll are answered here instead of by the host.
        (module
          (import "go" "memory" (memory 0))
          (import "{{ForwarderModule}}" "adapter_clock_time_get" (func $host_clock_time_get (param i32 i64 i32) (result i32)))
          (import "{{ForwarderModule}}" "adapter_poll_oneoff" (func $host_poll_oneoff (param i32 i32 i32 i32) (result i32)))
          (global $paused (mut i32) (i32.const 0))
          (global $realtime (mut i64) (i64.const 0))
          (global $monotonic (mut i64) (i64.const 0))
          (func (export "{{SetPausedExport}}") (param $paused i32)
            (global.set $paused (local.get $paused)))
          (func (export "clock_time_get") (param $id i32) (param $precision i64) (param $time i32) (result i32)
            (local $errno i32)
            (if (global.get $paused)
              (then
                (if (i32.eqz (local.get $id))
                  (then (i64.store (local.get $time) (global.get $realtime)) (return (i32.const 0))))
                (if (i32.eq (local.get $id) (i32.const 1))
                  (then (i64.store (local.get $time) (global.get $monotonic)) (return (i32.const 0))))
                (return (i32.const {{NotSupported}}))))
            (local.set $errno (call $host_clock_time_get (local.get $id) (local.get $precision) (local.get $time)))
            (if (i32.eqz (local.get $errno))
              (then
                (if (i32.eqz (local.get $id))
                  (then (global.set $realtime (i64.load (local.get $time)))))
                (if (i32.eq (local.get $id) (i32.const 1))
                  (then (global.set $monotonic (i64.load (local.get $time)))))))
            (local.get $errno))
          (func (export "poll_oneoff") (param $in i32) (param $out i32) (param $count i32) (param $events i32) (result i32)
            (if (global.get $paused)
              (then
                ;; One clock subscription with a zero timeout is due now: its event needs no host.
                (if (i32.and
                      (i32.eq (local.get $count) (i32.const 1))
                      (i32.and
                        (i32.eqz (i32.load8_u offset=8 (local.get $in)))
                        (i64.eqz (i64.load offset=24 (local.get $in)))))
                  (then
                    (i64.store (local.get $out) (i64.load (local.get $in)))
                    (i32.store16 offset=8 (local.get $out) (i32.const 0))
                    (i32.store8 offset=10 (local.get $out) (i32.const 0))
                    (i64.store offset=16 (local.get $out) (i64.const 0))
                    (i32.store16 offset=24 (local.get $out) (i32.const 0))
                    (i32.store (local.get $events) (i32.const 1))
                    (return (i32.const 0))))
                (return (i32.const {{NotSupported}}))))
            (call $host_poll_oneoff (local.get $in) (local.get $out) (local.get $count) (local.get $events))))

        """;

    /// <summary>
    /// Hands the guard the adapter's functions under other names (exports that collide with the guard's, which the
    /// merged module keeps, are not resolved by <c>wasm-merge</c>), through functions of its own: an import re-exported
    /// as is is not resolved either.
    /// </summary>
    public static string ForwarderWat { get; } = $$"""
        ;; Forwards the clock guard's calls to the WASI adapter (see ClockGuard.cs).
        (module
          (import "{{WasiModule}}" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
          (import "{{WasiModule}}" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
          (func (export "adapter_clock_time_get") (param i32 i64 i32) (result i32)
            (call $clock_time_get (local.get 0) (local.get 1) (local.get 2)))
          (func (export "adapter_poll_oneoff") (param i32 i32 i32 i32) (result i32)
            (call $poll_oneoff (local.get 0) (local.get 1) (local.get 2) (local.get 3))))

        """;
}
