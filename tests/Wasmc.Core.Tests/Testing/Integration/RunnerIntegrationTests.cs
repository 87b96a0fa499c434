using Wasmc.Core.Building;
using Wasmc.Core.Testing;

namespace Wasmc.Core.Tests.Testing.Integration;

/// <summary>
/// Both runners against real components (componentize-js): Wasmtime in this process, and jco in the bundle's
/// node image (Docker). Every test runs with each runner and asserts the same verdicts.
/// </summary>
public class RunnerIntegrationTests(JcoWorkspaceFixture fixture) : IClassFixture<JcoWorkspaceFixture>
{
    private async Task<TestRunReport> RunAsync(string runner, params string[] components)
    {
        fixture.Problem.ShouldBeNull();
        await using var toolchains = new DockerToolchainEnvironment();
        var tester = new WorkspaceTester([fixture.Bundle], toolchains, new BuiltComponentArtifacts());
        return await tester.RunAsync(fixture.Manifest(), new TestRunOptions { Components = components, Runner = runner });
    }

    [DockerTheory]
    [InlineData("wasmtime")]
    [InlineData("jco")]
    public async Task Calculator_cases_pass_and_a_wrong_expectation_fails_with_a_diff(string runner)
    {
        fixture.Write("calc/tests/calc.test.toml", """
            component = "calc"
            interface = "local:calc/calculator@0.1.0"

            [[case]]
            name = "adds"
            call = "add(5.0, 3.0)"
            expect = "8.0"

            [[case]]
            call = "subtract(5.5, 2.0)"
            expect = "3.5"

            [[case]]
            call = "local:calc/calculator.multiply(-2.0, 4.0)"
            expect = "-8.0"

            [[case]]
            call = "divide(1.0, 4.0)"
            expect = "ok(0.25)"

            [[case]]
            call = "divide(1.0, 0.0)"
            expect = 'err("Division by zero")'

            [[case]]
            call = "divide(2.0, 0.0)"
            expect-error = "by zero"

            [[case]]
            call = "add(0.1, 0.2)"
            expect = "0.3"
            tolerance = 1e-12

            [[case]]
            name = "wrong on purpose"
            call = "add(2.0, 2.0)"
            expect = "5.0"
            """);

        var report = await RunAsync(runner, "calc");

        var calc = report.Components.Single();
        calc.Runner.ShouldBe(runner);
        calc.Cases.Where(c => c.Status != TestCaseStatus.Passed).Select(c => c.Name).ShouldBe(["wrong on purpose"]);
        calc.Passed.ShouldBe(7);
        var wrong = calc.Cases[^1];
        wrong.Status.ShouldBe(TestCaseStatus.Failed);
        wrong.Expected.ShouldBe("5");
        wrong.Actual.ShouldBe("4");
        wrong.Message.ShouldBe("expected 5, got 4");
        wrong.Location.ShouldBe("calc/tests/calc.test.toml:34");
        report.Succeeded.ShouldBeFalse();
        calc.Cases[0].Duration.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [DockerTheory]
    [InlineData("wasmtime")]
    [InlineData("jco")]
    public async Task Command_components_get_args_env_and_stdin_and_report_stdout_stderr_and_exit_code(string runner)
    {
        fixture.Write("cmd/tests/cmd.test.toml", """
            [[run]]
            name = "echoes"
            args = ["a", "b"]
            env = { MODE = "test" }
            stdin = "hello"
            expect-stdout = "args=a,b env=MODE=test stdin=hello\n"
            expect-stderr = "done\n"

            [[run]]
            name = "fails"
            args = ["fail"]
            expect-exit = 1
            expect-stdout-contains = "args=fail"

            [[run]]
            name = "wrong exit"
            expect-exit = 3
            """);

        var report = await RunAsync(runner, "cmd");

        var cases = report.Components.Single().Cases;
        cases.Select(c => (c.Name, c.Status)).ShouldBe(
        [
            ("echoes", TestCaseStatus.Passed),
            ("fails", TestCaseStatus.Passed),
            ("wrong exit", TestCaseStatus.Failed),
        ]);
        cases[2].Message.ShouldBe("expected exit code 3, got 0");
    }

    [DockerTheory]
    [InlineData("wasmtime")]
    [InlineData("jco")]
    public async Task Every_value_kind_round_trips(string runner)
    {
        fixture.Write("kinds/tests/kinds.test.toml", """
            interface = "kinds"

            [[case]]
            call = "echo-point({x: -3, label: \"héllo\"})"
            expect = "{x: -3, label: \"héllo\"}"

            [[case]]
            call = "echo-shape(circle(1.5))"
            expect = "circle(1.5)"

            [[case]]
            call = "echo-shape(nothing)"
            expect = "nothing"

            [[case]]
            call = "echo-color(dark-blue)"
            expect = "dark-blue"

            [[case]]
            call = "echo-perms({read, exec})"
            expect = "{read, exec}"

            [[case]]
            call = "pair((18446744073709551615, -128, true))"
            expect = "(18446744073709551615, -128, true)"

            [[case]]
            call = "bytes([0, 1, 255])"
            expect = "[0, 1, 255]"

            [[case]]
            call = "names([\"a\", \"\", \"ü\"])"
            expect = "[\"a\", \"\", \"ü\"]"

            [[case]]
            call = "maybe(some(\"x\"))"
            expect = "some(\"x\")"

            [[case]]
            call = "maybe(none)"
            expect = "none"

            [[case]]
            call = "nested(some(none))"
            expect = "some(none)"

            [[case]]
            call = "checked(ok(-9007199254740993))"
            expect = "ok(-9007199254740993)"

            [[case]]
            call = "checked(err(\"bad\"))"
            expect-error = "bad"

            [[case]]
            call = "letter('🦀')"
            expect = "'🦀'"

            [[case]]
            call = "float(0.5)"
            expect = "0.5"

            [[case]]
            name = "a trap is a failure, and the next case still runs"
            call = "fails()"
            expect = "0"

            [[case]]
            name = "after the trap"
            call = "echo-color(red)"
            expect = "red"
            """);

        var report = await RunAsync(runner, "kinds");

        var cases = report.Components.Single().Cases;
        cases.Where(c => c.Status != TestCaseStatus.Passed).Select(c => c.Name).ShouldBe(["a trap is a failure, and the next case still runs"]);
        cases.Count.ShouldBe(17);
    }

    [DockerFact]
    public async Task The_wasmtime_runner_compiles_once_then_reads_the_compiled_cache()
    {
        fixture.Write("calc/tests/calc.test.toml", "[[case]]\ncall = \"add(1.0, 2.0)\"\nexpect = \"3.0\"\n");

        await RunAsync("wasmtime", "calc");
        var second = await RunAsync("wasmtime", "calc");

        second.Components.Single().Detail.ShouldBe("cached");
        second.Succeeded.ShouldBeTrue();
    }
}
