using Wasmc.Core.Building;
using Wasmc.Core.Testing;

namespace Wasmc.Core.Tests.Testing.Integration;

/// <summary>The jco runner against real components in the bundle's node image (Docker).</summary>
public class JcoRunnerIntegrationTests(JcoWorkspaceFixture fixture) : IClassFixture<JcoWorkspaceFixture>
{
    private async Task<TestRunReport> RunAsync(params string[] components)
    {
        fixture.Problem.ShouldBeNull();
        await using var toolchains = new DockerToolchainEnvironment();
        var tester = new WorkspaceTester([fixture.Bundle], toolchains, new BuiltComponentArtifacts());
        return await tester.RunAsync(fixture.Manifest(), new TestRunOptions { Components = components });
    }

    [DockerFact]
    public async Task Calculator_cases_run_in_one_node_process_and_a_wrong_expectation_fails_with_a_diff()
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

        var report = await RunAsync("calc");

        var calc = report.Components.Single();
        calc.Runner.ShouldBe("jco");
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

    [DockerFact]
    public async Task Command_components_get_args_env_and_stdin_and_report_stdout_stderr_and_exit_code()
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

        var report = await RunAsync("cmd");

        var cases = report.Components.Single().Cases;
        cases.Select(c => (c.Name, c.Status)).ShouldBe(
        [
            ("echoes", TestCaseStatus.Passed),
            ("fails", TestCaseStatus.Passed),
            ("wrong exit", TestCaseStatus.Failed),
        ]);
        cases[2].Message.ShouldBe("expected exit code 3, got 0");
    }
}
