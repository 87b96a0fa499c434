namespace Wasmc.Core.Tests.Components;

/// <summary>
/// Tiny components in the WebAssembly text format, for tests that need a real component but no Docker:
/// Wasmtime accepts the text form wherever it takes a component's bytes.
/// </summary>
internal static class WatComponents
{
    public const string LibraryWit = """
        package test:lib@0.1.0;

        interface api {
            add: func(a: s32, b: s32) -> s32;
            count: func() -> s32;
            spin: func();
            boom: func() -> s32;
            grow: func(pages: s32) -> s32;
            echo: func(s: string) -> string;
        }

        world lib {
            export api;
        }
        """;

    /// <summary>
    /// <c>add</c>, a counter (state that lives as long as the instance), a loop that never ends, a trap, a
    /// memory grow (returns -1 when a limit refuses it) and a string echo (canonical ABI with realloc).
    /// </summary>
    public const string Library = """
        (component
          (core module $m
            (memory (export "mem") 1)
            (global $next (mut i32) (i32.const 1024))
            (global $count (mut i32) (i32.const 0))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $at i32)
              (local.set $at (global.get $next))
              (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
              (local.get $at))
            (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func (export "count") (result i32)
              (global.set $count (i32.add (global.get $count) (i32.const 1)))
              (global.get $count))
            (func (export "spin") (loop $again (br $again)))
            (func (export "boom") (result i32) unreachable)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "echo") (param i32 i32) (result i32)
              (i32.store (i32.const 16) (local.get 0))
              (i32.store (i32.const 20) (local.get 1))
              (i32.const 16))
          )
          (core instance $i (instantiate $m))
          (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
          (func $count (result s32) (canon lift (core func $i "count")))
          (func $spin (canon lift (core func $i "spin")))
          (func $boom (result s32) (canon lift (core func $i "boom")))
          (func $grow (param "pages" s32) (result s32) (canon lift (core func $i "grow")))
          (func $echo (param "s" string) (result string)
            (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
          (instance $api
            (export "add" (func $add))
            (export "count" (func $count))
            (export "spin" (func $spin))
            (export "boom" (func $boom))
            (export "grow" (func $grow))
            (export "echo" (func $echo)))
          (export "test:lib/api@0.1.0" (instance $api))
        )
        """;

    public const string CommandWit = """
        package test:cmd@0.1.0;

        world cmd {
            export wasi:cli/run@0.2.12;
        }
        """;

    /// <summary>A command whose <c>run</c> calls <c>wasi:cli/exit</c> with <c>err</c> (exit code 1).</summary>
    public const string ExitingCommand = """
        (component
          (import "wasi:cli/exit@0.2.12" (instance $exit (export "exit" (func (param "status" (result))))))
          (core func $exit-lowered (canon lower (func $exit "exit")))
          (core module $m
            (import "host" "exit" (func $exit (param i32)))
            (func (export "run") (result i32) (call $exit (i32.const 1)) (i32.const 0)))
          (core instance $host (export "exit" (func $exit-lowered)))
          (core instance $i (instantiate $m (with "host" (instance $host))))
          (func $run (result (result)) (canon lift (core func $i "run")))
          (instance $cli (export "run" (func $run)))
          (export "wasi:cli/run@0.2.12" (instance $cli))
        )
        """;

    /// <summary>A component importing an interface that is not WASI.</summary>
    public const string ForeignImport = """
        (component
          (import "acme:db/query@1.0.0" (instance $db (export "ping" (func))))
          (core module $m (func (export "f") (result i32) (i32.const 1)))
          (core instance $i (instantiate $m))
          (func $f (result s32) (canon lift (core func $i "f")))
          (export "f" (func $f))
        )
        """;
}
