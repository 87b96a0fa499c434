using Wasmc.Containers.Running;
using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Testing.Running.Wasmtime;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Tests.Testing;

/// <summary>
/// wasmtime is not obtainable on this project's machines, so the wasmtime runner is tested on its command
/// lines and on recorded outputs (shaped as `wasmtime run --invoke` prints them: DisplayFuncResults on
/// stdout, the anyhow error chain on stderr, exit code 134 for traps on Unix).
/// </summary>
public class WasmtimeRunnerTests
{
    private const string Component = "/workspace/target/wasmc/debug/calc/calc.wasm";

    private static StepResult Recorded(int exitCode, string stdout, string stderr = "") =>
        new(exitCode,
            [
                .. Lines(stdout).Select(l => new StepOutputLine("calc", false, l)),
                .. Lines(stderr).Select(l => new StepOutputLine("calc", true, l)),
            ],
            TimeSpan.FromMilliseconds(40));

    private static IEnumerable<string> Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    [Theory]
    [InlineData("45.0.0", WasiLevel.Preview3, "wasmtime run -Sp3 -Wcomponent-model-async --invoke add(1.0, 2.0) " + Component)]
    [InlineData("46.0.0", WasiLevel.Preview3, "wasmtime run --invoke add(1.0, 2.0) " + Component)]
    [InlineData("45.0.1", WasiLevel.Preview2, "wasmtime run --invoke add(1.0, 2.0) " + Component)]
    public void Call_command_lines_follow_the_version_and_wasi_level(string version, WasiLevel wasi, string expected)
    {
        var line = new WasmtimeCommandLine(WasmtimeCommandLine.ParseVersion(version)!, wasi);

        string.Join(' ', line.ForCall("add(1.0, 2.0)", Component)).ShouldBe(expected);
        line.ForCall("add(1.0, 2.0)", Component)[^2].ShouldBe("add(1.0, 2.0)");
    }

    [Fact]
    public void Run_command_lines_pass_env_and_args()
    {
        var line = new WasmtimeCommandLine(new Version(47, 0, 0), WasiLevel.Preview2);

        line.ForRun(["a", "b c"], new Dictionary<string, string> { ["Z"] = "1", ["A"] = "x=y" }, Component)
            .ShouldBe(["wasmtime", "run", "--env", "A=x=y", "--env", "Z=1", Component, "a", "b c"]);
    }

    [Fact]
    public void Versions_parse_and_old_wasmtimes_reject_what_they_cannot_do()
    {
        WasmtimeCommandLine.ParseVersion("39.0.1").ShouldBe(new Version(39, 0, 1));
        WasmtimeCommandLine.ParseVersion("47").ShouldBe(new Version(47, 0, 0));
        WasmtimeCommandLine.ParseVersion("v47").ShouldBeNull();

        var qualified = (CheckedCall)CalculatorWit.Check("[[case]]\ncall = \"calculator:math/other.add(1, 2)\"\nexpect = \"3\"").Cases.Single();
        var bare = (CheckedCall)CalculatorWit.Check("[[case]]\ncall = \"hello(\\\"x\\\")\"\nexpect = '\"x\"'").Cases.Single();
        var v46 = new WasmtimeCommandLine(new Version(46, 0, 0), WasiLevel.Preview2);
        v46.Check(qualified).ShouldBe("qualified function names need wasmtime >= 47.0.0, and this bundle has wasmtime 46.0.0: call it as 'add(...)'");
        v46.Check(bare).ShouldBeNull();
        new WasmtimeCommandLine(new Version(47, 0, 0), WasiLevel.Preview2).Check(qualified).ShouldBeNull();
        new WasmtimeCommandLine(new Version(32, 0, 0), WasiLevel.Preview2).Check(bare)!.ShouldStartWith("wasmtime 32.0.0 cannot call component exports");
    }

    [Fact]
    public void Checks_reach_the_test_file_location_through_the_bundle()
    {
        var runner = new WasmtimeTestRunner(TestBundles.Wasmtime("39.0.1"), WasiLevel.Preview2);

        var (_, diagnostics) = CalculatorWit.Check("[[case]]\ncall = \"calculator.add(1.0, 2.0)\"\nexpect = \"3.0\"", runnerCheck: runner.Check);

        diagnostics.Single().ToString().ShouldStartWith("calc/tests/calc.test.toml:2:8: qualified function names need wasmtime >= 47.0.0");
        Should.Throw<TestEnvironmentException>(() => new WasmtimeTestRunner(TestBundles.Jco(), WasiLevel.Preview2))
            .Message.ShouldContain("none of its toolchains provides wasmtime");
    }

    [Fact]
    public void The_last_stdout_line_is_the_result_in_wave()
    {
        WasmtimeOutput.ParseCall(Recorded(0, "8\n", "warning: using `--invoke` with a function that takes arguments is experimental and may break in the future\n"), PrimitiveType.F64)
            .ShouldBe(CaseOutcome.Returned(WaveValue.F64(8), TimeSpan.FromMilliseconds(40)));

        var (resolve, world) = CalculatorWit.Load();
        var divide = resolve.Interfaces.Single(i => i.Name == "calculator").Functions["divide"];
        WasmtimeOutput.ParseCall(Recorded(0, "guest says hi\nerr(\"Division by zero\")\n"), divide.Result).Value
            .ShouldBe(WaveResult.Err(WaveValue.String("Division by zero")));

        WasmtimeOutput.ParseCall(Recorded(0, "()\n"), null).Kind.ShouldBe(OutcomeKind.Returned);
        WasmtimeOutput.ParseCall(Recorded(0, ""), null).Kind.ShouldBe(OutcomeKind.Returned);
        WasmtimeOutput.ParseCall(Recorded(0, "7\n"), null).Message.ShouldBe("expected no result, but wasmtime printed: 7");
        WasmtimeOutput.ParseCall(Recorded(0, "\"oops\"\n"), PrimitiveType.F64).Message!.ShouldStartWith("cannot read wasmtime's result '\"oops\"'");
        WasmtimeOutput.ParseCall(Recorded(0, ""), PrimitiveType.F64).Message.ShouldBe("wasmtime printed no result");
        world.Name.ShouldBe("calc");
    }

    [Fact]
    public void Traps_and_other_failures_are_told_apart()
    {
        const string trapStderr = """
            Error: failed to run main module `calc.wasm`

            Caused by:
                0: failed to invoke `boom`
                1: error while executing at wasm backtrace:
                       0: 0x1a2b - <unknown>!<wasm function 12>
                2: wasm trap: wasm `unreachable` instruction executed
            """;
        var trap = WasmtimeOutput.ParseCall(Recorded(134, "", trapStderr), PrimitiveType.U32);
        trap.Kind.ShouldBe(OutcomeKind.Trapped);
        trap.Message.ShouldBe("wasm trap: wasm `unreachable` instruction executed");
        trap.Output!.ShouldContain("failed to invoke `boom`");

        var ambiguous = WasmtimeOutput.ParseCall(Recorded(1, "", "Error: Multiple exports named `add`: [...]. FIXME: support some way to disambiguate names\n"), PrimitiveType.S32);
        ambiguous.Kind.ShouldBe(OutcomeKind.Errored);
        ambiguous.Message.ShouldBe("wasmtime exited with code 1: Error: Multiple exports named `add`: [...]. FIXME: support some way to disambiguate names");
    }

    [Fact]
    public void Command_runs_keep_exit_code_and_both_streams()
    {
        var outcome = WasmtimeOutput.ParseRun(Recorded(1, "hello\nworld\n", "bad input\n"));
        outcome.Kind.ShouldBe(OutcomeKind.Exited);
        outcome.ExitCode.ShouldBe(1);
        outcome.Stdout.ShouldBe("hello\nworld\n");
        outcome.Stderr.ShouldBe("bad input\n");

        WasmtimeOutput.ParseRun(Recorded(134, "", "Error: failed to run main module\n    0: wasm trap: integer divide by zero\n")).Kind.ShouldBe(OutcomeKind.Trapped);
    }

    [Fact]
    public async Task The_runner_runs_one_wasmtime_process_per_case_through_the_toolchain_runner()
    {
        var bundle = TestBundles.Wasmtime("47.0.0");
        var runner = new WasmtimeTestRunner(bundle, WasiLevel.Preview2);
        var cases = CalculatorWit.Check("""
            [[case]]
            call = "calculator.add(5.0, 3.0)"
            expect = "8.0"

            [[case]]
            call = "calculator.divide(1.0, 0.0)"
            expect = 'err("Division by zero")'
            """, runnerCheck: runner.Check).Cases;
        var fake = new RecordingRunner(request => request.Step.Argv[^2] switch
        {
            "calculator.add(5.0, 3.0)" => Recorded(0, "8\n"),
            _ => Recorded(0, "err(\"Division by zero\")\n"),
        });
        var target = new TestTarget("calc", bundle, fake, new HostFolders("/ws", "/ws/out", "/ws/scratch"),
            new ContainerPaths("/workspace", "/workspace/calc", "/out", "/scratch"), Component, "/ws/calc.wasm", RunLimits.Default);

        var outcomes = await runner.RunAsync(target, cases, CancellationToken.None);

        fake.Requests.Count.ShouldBe(2);
        fake.Requests[0].Step.Argv.ShouldBe(["wasmtime", "run", "--invoke", "calculator.add(5.0, 3.0)", Component]);
        fake.Requests[0].Step.Toolchain.ShouldBe("runtime");
        fake.Requests[0].Image.ShouldBe(bundle.Toolchains[0].ImageReference);
        outcomes[0].Value.ShouldBe(WaveValue.F64(8));
        outcomes[1].Value.ShouldBe(WaveResult.Err(WaveValue.String("Division by zero")));
        cases.Select(c => CaseEvaluator.Evaluate("calc", c, outcomes[c.Id]).Status).ShouldAllBe(s => s == TestCaseStatus.Passed);
    }

    private sealed class RecordingRunner(Func<StepRunRequest, StepResult> respond) : IToolchainRunner
    {
        public List<StepRunRequest> Requests { get; } = [];

        public string Kind => "fake";

        public Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(respond(request));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
