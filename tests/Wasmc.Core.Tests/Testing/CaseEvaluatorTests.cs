using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Tests.Testing;

public class CaseEvaluatorTests
{
    private static CheckedCase Case(string toml) => CalculatorWit.Check(toml).Cases.Single();

    private static TestCaseReport Evaluate(string toml, CaseOutcome? outcome) => CaseEvaluator.Evaluate("calc", Case(toml), outcome);

    [Fact]
    public void Equal_typed_values_pass()
    {
        var report = Evaluate("[[case]]\ncall = \"calculator.add(5.0, 3.0)\"\nexpect = \"8.0\"", CaseOutcome.Returned(WaveValue.F64(8), TimeSpan.FromMilliseconds(2)));

        report.Status.ShouldBe(TestCaseStatus.Passed);
        report.Expected.ShouldBe("8");
        report.Actual.ShouldBe("8");
        report.Duration.ShouldBe(TimeSpan.FromMilliseconds(2));
        report.Location.ShouldBe("calc/tests/calc.test.toml:1");
    }

    [Fact]
    public void A_wrong_value_fails_with_expected_and_actual()
    {
        var report = Evaluate("[[case]]\nname = \"adds\"\ncall = \"calculator.add(5.0, 3.0)\"\nexpect = \"9.0\"", CaseOutcome.Returned(WaveValue.F64(8), TimeSpan.Zero));

        report.Status.ShouldBe(TestCaseStatus.Failed);
        report.Message.ShouldBe("expected 9, got 8");
        report.Name.ShouldBe("adds");
    }

    [Fact]
    public void Tolerance_and_result_shapes_are_compared_structurally()
    {
        const string near = "[[case]]\ncall = \"calculator.add(0.1, 0.2)\"\nexpect = \"0.3\"";
        Evaluate(near, CaseOutcome.Returned(WaveValue.F64(0.1 + 0.2), TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Failed);
        Evaluate(near + "\ntolerance = 1e-9", CaseOutcome.Returned(WaveValue.F64(0.1 + 0.2), TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Passed);

        const string divide = "[[case]]\ncall = \"calculator.divide(1.0, 0.0)\"\nexpect = 'err(\"Division by zero\")'";
        Evaluate(divide, CaseOutcome.Returned(WaveResult.Err(WaveValue.String("Division by zero")), TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Passed);
        var wrong = Evaluate(divide, CaseOutcome.Returned(WaveResult.Ok(WaveValue.F64(double.PositiveInfinity)), TimeSpan.Zero));
        wrong.Status.ShouldBe(TestCaseStatus.Failed);
        wrong.Message.ShouldBe("expected err(\"Division by zero\"), got ok(inf)");
    }

    [Fact]
    public void A_multi_line_error_shows_its_first_line_as_actual_and_keeps_the_backtrace_in_the_message()
    {
        const string message = "instantiation failed: wasm trap: wasm `unreachable` instruction executed\nwasm backtrace:\n  0: m!explode";

        var report = Evaluate("[[case]]\ncall = \"calculator.add(5.0, 3.0)\"\nexpect = \"8.0\"", CaseOutcome.Error(message));

        report.Status.ShouldBe(TestCaseStatus.Failed);
        report.Actual.ShouldBe("error: instantiation failed: wasm trap: wasm `unreachable` instruction executed");
        report.Message.ShouldBe(message);
    }

    [Fact]
    public void Expected_errors_match_err_payloads_and_traps_by_substring()
    {
        const string toml = "[[case]]\ncall = \"calculator.divide(1.0, 0.0)\"\nexpect-error = \"by zero\"";
        Evaluate(toml, CaseOutcome.Returned(WaveResult.Err(WaveValue.String("Division by zero")), TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Passed);
        Evaluate(toml, CaseOutcome.Trapped("wasm trap: divide by zero", TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Passed);
        var ok = Evaluate(toml, CaseOutcome.Returned(WaveResult.Ok(WaveValue.F64(1)), TimeSpan.Zero));
        ok.Status.ShouldBe(TestCaseStatus.Failed);
        ok.Message.ShouldBe("expected an error containing \"by zero\", got ok(1)");
    }

    [Fact]
    public void Traps_errors_and_missing_outcomes_fail_and_skips_are_skipped()
    {
        const string toml = "[[case]]\ncall = \"calculator.add(1.0, 2.0)\"\nexpect = \"3.0\"";
        var trap = Evaluate(toml, CaseOutcome.Trapped("wasm trap: unreachable\nwasm backtrace:\n  0: m!f", TimeSpan.Zero) with { Output = "kaboom" });
        trap.Status.ShouldBe(TestCaseStatus.Failed);
        trap.Actual.ShouldBe("trap: wasm trap: unreachable");
        trap.Message.ShouldBe("the call trapped: wasm trap: unreachable\nwasm backtrace:\n  0: m!f");
        trap.Output.ShouldBe("kaboom");
        Evaluate(toml, CaseOutcome.Error("harness died")).Message.ShouldBe("harness died");
        Evaluate(toml, null).Message.ShouldBe("the runner reported nothing for this case");

        var skipped = Evaluate(toml + "\nskip = \"not yet\"", null);
        skipped.Status.ShouldBe(TestCaseStatus.Skipped);
        skipped.Message.ShouldBe("not yet");
    }

    [Fact]
    public void Functions_without_a_result_pass_when_they_do_not_trap()
    {
        const string toml = "[[case]]\ncall = \"log(\\\"x\\\")\"";
        Evaluate(toml, CaseOutcome.Returned(null, TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Passed);
        Evaluate(toml, CaseOutcome.Trapped("boom", TimeSpan.Zero)).Status.ShouldBe(TestCaseStatus.Failed);
    }

    [Fact]
    public void Runs_check_exit_code_stdout_and_stderr()
    {
        const string wit = "package test:cmd;\nworld cmd { export wasi:cli/run@0.2.3; }\npackage wasi:cli@0.2.3 { interface run { run: func() -> result; } }";
        var run = CalculatorWit.Check("[[run]]\nexpect-stdout = \"hi\\n\"\nexpect-stderr-contains = \"warn\"", wit).Cases.Single();
        var exited = new CaseOutcome(OutcomeKind.Exited) { ExitCode = 0, Stdout = "hi\r\n", Stderr = "a warning\n" };

        CaseEvaluator.Evaluate("cmd", run, exited).Status.ShouldBe(TestCaseStatus.Passed);

        var failed = CaseEvaluator.Evaluate("cmd", run, exited with { ExitCode = 1, Stdout = "ho\n", Stderr = "" });
        failed.Status.ShouldBe(TestCaseStatus.Failed);
        failed.Message.ShouldBe("expected exit code 0, got 1; expected stdout \"hi\\n\", got \"ho\\n\"; expected stderr to contain \"warn\", got \"\"");
        failed.Expected.ShouldBe("exit 0, stdout \"hi\\n\"");
        failed.Actual.ShouldBe("exit 1, stdout \"ho\\n\", stderr \"\"");
    }

    [Fact]
    public void Requests_check_status_headers_and_body_and_list_every_mismatch()
    {
        const string wit = "package local:web@0.1.0;\nworld web { export wasi:http/incoming-handler@0.2.12; }";
        var request = CalculatorWit.Check("""
            [[request]]
            path = "/"
            expect-headers = { Content-Type = "text/plain", x-id = "7" }
            expect-body = "hi\n"
            expect-body-contains = "hi"
            """, wit).Cases.Single();
        var response = new CaseOutcome(OutcomeKind.Responded)
        {
            Status = 200,
            Headers = [new("content-type", "text/plain"), new("x-id", "7"), new("date", "today")],
            Body = "hi\r\n",
        };

        CaseEvaluator.Evaluate("web", request, response).Status.ShouldBe(TestCaseStatus.Passed);

        var failed = CaseEvaluator.Evaluate("web", request, response with { Status = 404, Headers = [new("content-type", "text/html")], Body = "nope" });
        failed.Status.ShouldBe(TestCaseStatus.Failed);
        failed.Expected.ShouldBe("status 200, content-type: \"text/plain\", x-id: \"7\", body \"hi\\n\", body containing \"hi\"");
        failed.Actual.ShouldBe("status 404, headers {content-type: \"text/html\"}, body \"nope\"");
        failed.Message.ShouldBe("""
            - expected status 200, got 404
            - expected header content-type: "text/plain", got "text/html"
            - expected header x-id: "7", but the response has no such header
            - expected body "hi\n", got "nope"
            - expected the body to contain "hi", got "nope"
            """);

        var trapped = CaseEvaluator.Evaluate("web", request, CaseOutcome.Trapped("wasm trap: unreachable", TimeSpan.Zero));
        trapped.Status.ShouldBe(TestCaseStatus.Failed);
        trapped.Message.ShouldBe("the component trapped: wasm trap: unreachable");
    }
}

