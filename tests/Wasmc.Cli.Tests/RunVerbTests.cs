using Microsoft.Extensions.DependencyInjection;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>
/// <c>run</c> (and the other options of this change: <c>test --runner</c>, <c>wit --features</c>) with the real
/// in-process runtime on tiny components in the WebAssembly text format (Wasmtime reads the text form), so no
/// Docker is needed; and the help examples, parsed against a recording fake.
/// </summary>
public sealed class RunVerbTests : IDisposable
{
    private const string AdderWat = """
        (component
          (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
          (core instance $i (instantiate $m))
          (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
          (export "add" (func $add)))
        """;

    private const string AdderWit = "package test:adder;\n\nworld adder {\n    export add: func(a: s32, b: s32) -> s32;\n}\n";

    private const string ExitWat = """
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
          (export "wasi:cli/run@0.2.12" (instance $cli)))
        """;

    private const string ForeignWat = """
        (component
          (import "acme:db/query@1.0.0" (instance $db (export "ping" (func))))
          (core module $m (func (export "f") (result i32) (i32.const 7)))
          (core instance $i (instantiate $m))
          (func $f (result s32) (canon lift (core func $i "f")))
          (export "f" (func $f)))
        """;

    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, string> _variables;

    public RunVerbTests() => _variables = new() { ["XDG_CACHE_HOME"] = Path.Combine(_folder.Path, "cache") };

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Invoke_prints_the_wave_result()
    {
        _folder.Write("adder.wasm", AdderWat);
        _folder.Write("adder.wit", AdderWit);

        var result = CliRunner.RunWith(_folder.Path, _variables, "run", "adder.wasm", "--wit", "adder.wit", "--invoke", "add(40, 2)");

        result.Error.ShouldBeEmpty();
        result.ExitCode.ShouldBe(0);
        result.Out.ShouldBe("42\n");
        Directory.GetFiles(Path.Combine(_folder.Path, "cache", "wasmc", "compiled"), "adder.*.cwasm").Length.ShouldBe(1);
    }

    [Fact]
    public void Invoke_with_arguments_that_do_not_fit_names_the_signature()
    {
        _folder.Write("adder.wasm", AdderWat);
        _folder.Write("adder.wit", AdderWit);

        var result = CliRunner.RunWith(_folder.Path, _variables, "run", "adder.wasm", "--wit", "adder.wit", "--invoke", "add(1.5, 2)");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("(the signature is add(a: s32, b: s32) -> s32)");
    }

    [Fact]
    public void A_command_exits_with_its_own_exit_code()
    {
        _folder.Write("exit.wasm", ExitWat);

        var result = CliRunner.RunWith(_folder.Path, _variables, "run", "./exit.wasm");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public void A_library_is_not_a_command()
    {
        _folder.Write("adder.wasm", AdderWat);

        var result = CliRunner.RunWith(_folder.Path, _variables, "run", "adder.wasm");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("is not a command: it does not export wasi:cli/run@0.2.x");
    }

    [Fact]
    public void An_import_that_is_not_wasi_is_named_unless_it_may_trap()
    {
        _folder.Write("foreign.wasm", ForeignWat);
        _folder.Write("foreign.wit", "package test:foreign;\n\nworld foreign {\n    export f: func() -> s32;\n}\n");

        var refused = CliRunner.RunWith(_folder.Path, _variables, "run", "foreign.wasm", "--wit", "foreign.wit", "--invoke", "f()");
        var trapping = CliRunner.RunWith(_folder.Path, _variables, "run", "foreign.wasm", "--wit", "foreign.wit", "--invoke", "f()", "--trap-unknown-imports");

        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("the component imports 'acme:db/query@1.0.0', which is not WASI 0.2");
        trapping.ExitCode.ShouldBe(0);
        trapping.Out.ShouldBe("7\n");
    }

    [Theory]
    [InlineData("run greeter -- --name Ada")]
    [InlineData("run greeter --dir data::/data --env LANG=C")]
    [InlineData("run calc --invoke 'add(1.0, 2.0)'")]
    [InlineData("run target/wasmc/debug/calc/calc.wasm --wit calc/wit --invoke 'add(1.0, 2.0)'")]
    public void The_help_examples_parse(string example)
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "data"));
        var runs = new RecordingRunService();
        var help = CliRunner.Run("run", "--help").Out;
        help.ShouldContain("dotnet wasmc " + example.Replace(" --wit", " --wit", StringComparison.Ordinal));

        var result = CliRunner.RunReplacing(_folder.Path, _variables, services => services.AddSingleton<IRunService>(runs), Split(example));

        result.ExitCode.ShouldBe(1, result.Error);
        var invocation = runs.Invocations.Single();
        invocation.Component.ShouldBe(Split(example)[1]);
    }

    [Fact]
    public void Run_arguments_and_options_reach_the_service()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "data"));
        var runs = new RecordingRunService();

        CliRunner.RunReplacing(_folder.Path, _variables, services => services.AddSingleton<IRunService>(runs),
            "run", "greeter", "--dir", "data::/data", "--dir", "data", "--env", "LANG=C", "--", "--name", "Ada");

        var invocation = runs.Invocations.Single();
        invocation.Arguments.ShouldBe(["--name", "Ada"]);
        invocation.Environment.ShouldBe([new KeyValuePair<string, string>("LANG", "C")]);
        invocation.Directories.Select(d => (d.GuestPath, d.Writable)).ShouldBe([("/data", true), ("data", true)]);
        invocation.Directories.Select(d => d.HostPath).Distinct().ShouldBe([Path.Combine(_folder.Path, "data")]);
    }

    [Theory]
    [InlineData("--env", "NOEQUALS", "invalid value 'NOEQUALS' for --env: expected NAME=VALUE")]
    [InlineData("--dir", "missing::/m", "invalid value 'missing::/m' for --dir")]
    public void Bad_option_values_are_bad_input(string option, string value, string message)
    {
        var result = CliRunner.RunWith(_folder.Path, _variables, "run", "x.wasm", option, value);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
    }

    [Fact]
    public void Test_runner_must_be_wasmtime_or_jco()
    {
        var result = CliRunner.RunWith(_folder.Path, _variables, "test", "--runner", "node");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("invalid value 'node' for --runner: expected 'wasmtime' or 'jco'");
    }

    [Fact]
    public void Test_runner_reaches_the_test_service()
    {
        _folder.Write("wasmc.toml", "[workspace]\n");
        var tests = new RecordingTestService();

        CliRunner.RunReplacing(_folder.Path, _variables, services => services.AddSingleton<ITestService>(tests), "test", "--runner", "jco");

        tests.Invocations.Single().Runner.ShouldBe("jco");
    }

    [Fact]
    public void Wit_features_keep_gated_items_as_in_the_help_example()
    {
        _folder.Write("calc/wit/calc.wit", """
            package local:calc@0.1.0;

            interface calculator {
                add: func(a: f64, b: f64) -> f64;
                @unstable(feature = tls)
                secure-add: func(a: f64, b: f64) -> f64;
            }

            world calc {
                export calculator;
            }
            """);

        var plain = CliRunner.RunWith(_folder.Path, _variables, "wit", "print", "calc/wit");
        var gated = CliRunner.RunWith(_folder.Path, _variables, "wit", "print", "--features", "tls,ipv6", "calc/wit");
        var all = CliRunner.RunWith(_folder.Path, _variables, "wit", "print", "--all-features", "calc/wit");
        var check = CliRunner.RunWith(_folder.Path, _variables, "wit", "check", "--features", "tls,ipv6", "calc/wit");

        plain.Out.ShouldNotContain("secure-add");
        gated.Out.ShouldContain("secure-add");
        all.Out.ShouldContain("secure-add");
        check.ExitCode.ShouldBe(0);
        CliRunner.Run("wit", "--help").Out.ShouldContain("dotnet wasmc wit check --features tls,ipv6 calc/wit");
    }

    [Fact]
    public void Wit_deps_names_the_shipped_wasi_packages()
    {
        _folder.Write("wit/cmd.wit", "package local:cmd@0.1.0;\n\nworld cmd {\n    import wasi:cli/environment@0.2.12;\n    export wasi:cli/run@0.2.12;\n}\n");

        var result = CliRunner.RunWith(_folder.Path, _variables, "wit", "deps");

        result.ExitCode.ShouldBe(0, result.Error);
        // Only what wasi:cli needs, transitively (not wasi:http).
        result.Out.ShouldBe("""
            wasi:io@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/io/package.wit
            wasi:clocks@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/clocks/package.wit
            wasi:filesystem@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/filesystem/package.wit
            wasi:sockets@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/sockets/package.wit
            wasi:random@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/random/package.wit
            wasi:cli@0.2.12  (shipped with wasmc) wasi-0.2.12/deps/cli/package.wit

            """);
    }

    [Fact]
    public void Wit_deps_prefers_the_components_own_copy()
    {
        _folder.Write("wit/cmd.wit", "package local:cmd@0.1.0;\n\nworld cmd {\n    import wasi:cli/environment@0.2.12;\n}\n");
        _folder.Write("wit/deps/cli/environment.wit", "package wasi:cli@0.2.12;\n\ninterface environment {\n    get-arguments: func() -> list<string>;\n}\n");

        var result = CliRunner.RunWith(_folder.Path, _variables, "wit", "deps");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("wasi:cli@0.2.12  " + Path.Combine(_folder.Path, "wit", "deps", "cli", "environment.wit"));
        result.Out.ShouldNotContain("shipped");
    }

    /// <summary>Splits an example like a shell: single quotes group words.</summary>
    private static string[] Split(string example)
    {
        var words = new List<string>();
        var quoted = example.Split('\'');
        for (var i = 0; i < quoted.Length; i++)
        {
            if (i % 2 == 1)
            {
                words.Add(quoted[i]);
            }
            else
            {
                words.AddRange(quoted[i].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return [.. words];
    }

    private sealed class RecordingRunService : IRunService
    {
        public List<RunInvocation> Invocations { get; } = [];

        public Task<int> RunAsync(RunInvocation invocation, CancellationToken cancellation)
        {
            Invocations.Add(invocation);
            throw new FailureException("recorded by the test");
        }
    }
}
