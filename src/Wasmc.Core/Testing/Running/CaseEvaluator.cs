using System.Text;
using Wasmc.Core.Testing.Checking;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Running;

/// <summary>Compares what a case did with what its test file expects, as typed values.</summary>
internal static class CaseEvaluator
{
    public static TestCaseReport Evaluate(string component, CheckedCase testCase, CaseOutcome? outcome)
    {
        var report = new TestCaseReport(component, testCase.File, testCase.Line, testCase.Name, TestCaseStatus.Failed, outcome?.Duration ?? TimeSpan.Zero)
        {
            Output = outcome?.Output,
        };
        if (testCase.SkipReason is { } reason)
        {
            return report with { Status = TestCaseStatus.Skipped, Message = reason };
        }

        if (outcome is null)
        {
            return report with { Message = "the runner reported nothing for this case" };
        }

        return testCase switch
        {
            CheckedCall call => EvaluateCall(report, call, outcome),
            CheckedRun run => EvaluateRun(report, run, outcome),
            CheckedRequest request => EvaluateRequest(report, request, outcome),
            _ => report with { Message = "unknown kind of case" },
        };
    }

    private static TestCaseReport EvaluateCall(TestCaseReport report, CheckedCall call, CaseOutcome outcome)
    {
        var expected = call.ExpectedError is { } error ? $"an error containing \"{error}\""
            : call.Expected is { } value ? WavePrinter.Print(value)
            : "no trap";
        report = report with { Expected = expected };
        switch (outcome.Kind)
        {
            case OutcomeKind.Errored:
                return report with { Actual = "error: " + FirstLine(outcome.Message), Message = outcome.Message };
            case OutcomeKind.Trapped:
                var trap = outcome.Message ?? "trap";
                return call.ExpectedError is { } expectedTrap && trap.Contains(expectedTrap, StringComparison.Ordinal)
                    ? report with { Status = TestCaseStatus.Passed, Actual = "trap: " + FirstLine(trap) }
                    : report with { Actual = "trap: " + FirstLine(trap), Message = $"the call trapped: {trap}" };
            case OutcomeKind.Returned:
                var actual = outcome.Value is null ? "()" : WavePrinter.Print(outcome.Value);
                report = report with { Actual = actual };
                if (call.ExpectedError is { } expectedError)
                {
                    if (outcome.Value is WaveResult { IsOk: false } err && ErrorText(err).Contains(expectedError, StringComparison.Ordinal))
                    {
                        return report with { Status = TestCaseStatus.Passed };
                    }

                    return report with { Message = $"expected an error containing \"{expectedError}\", got {actual}" };
                }

                if (call.Expected is null)
                {
                    return report with { Status = TestCaseStatus.Passed };
                }

                return outcome.Value is not null && WaveEquality.AreEqual(call.Expected, outcome.Value, call.Tolerance)
                    ? report with { Status = TestCaseStatus.Passed }
                    : report with { Message = $"expected {expected}, got {actual}" };
            default:
                return report with { Message = $"unexpected outcome {outcome.Kind} for a call" };
        }
    }

    private static TestCaseReport EvaluateRun(TestCaseReport report, CheckedRun run, CaseOutcome outcome)
    {
        var spec = run.Spec;
        var expected = new StringBuilder($"exit {spec.ExpectExit}");
        if (spec.ExpectStdout is not null)
        {
            expected.Append(", stdout ").Append(Quote(spec.ExpectStdout));
        }

        if (spec.ExpectStderr is not null)
        {
            expected.Append(", stderr ").Append(Quote(spec.ExpectStderr));
        }

        report = report with { Expected = expected.ToString() };
        if (outcome.Kind == OutcomeKind.Errored)
        {
            return report with { Actual = "error: " + FirstLine(outcome.Message), Message = outcome.Message };
        }

        var stdout = Normalize(outcome.Stdout);
        var stderr = Normalize(outcome.Stderr);
        var actual = $"exit {outcome.ExitCode}, stdout {Quote(stdout)}, stderr {Quote(stderr)}"
            + (outcome.Kind == OutcomeKind.Trapped ? $", trap: {FirstLine(outcome.Message)}" : "");
        report = report with { Actual = actual, Output = Join(stdout, stderr) };

        var problems = new List<string>();
        if (outcome.Kind == OutcomeKind.Trapped)
        {
            problems.Add($"the component trapped: {outcome.Message}");
        }

        if (outcome.ExitCode != spec.ExpectExit)
        {
            problems.Add($"expected exit code {spec.ExpectExit}, got {outcome.ExitCode}");
        }

        if (spec.ExpectStdout is { } expectedStdout && Normalize(expectedStdout) != stdout)
        {
            problems.Add($"expected stdout {Quote(Normalize(expectedStdout))}, got {Quote(stdout)}");
        }

        if (spec.ExpectStderr is { } expectedStderr && Normalize(expectedStderr) != stderr)
        {
            problems.Add($"expected stderr {Quote(Normalize(expectedStderr))}, got {Quote(stderr)}");
        }

        if (spec.ExpectStdoutContains is { } stdoutPart && !stdout.Contains(Normalize(stdoutPart), StringComparison.Ordinal))
        {
            problems.Add($"expected stdout to contain {Quote(stdoutPart)}, got {Quote(stdout)}");
        }

        if (spec.ExpectStderrContains is { } stderrPart && !stderr.Contains(Normalize(stderrPart), StringComparison.Ordinal))
        {
            problems.Add($"expected stderr to contain {Quote(stderrPart)}, got {Quote(stderr)}");
        }

        return problems.Count == 0
            ? report with { Status = TestCaseStatus.Passed }
            : report with { Message = string.Join("; ", problems) };
    }

    private static TestCaseReport EvaluateRequest(TestCaseReport report, CheckedRequest request, CaseOutcome outcome)
    {
        var spec = request.Spec;
        var expected = new StringBuilder($"status {spec.ExpectStatus}");
        foreach (var (name, value) in spec.ExpectHeaders)
        {
            expected.Append($", {name.ToLowerInvariant()}: ").Append(Quote(value));
        }

        if (spec.ExpectBody is not null)
        {
            expected.Append(", body ").Append(Quote(spec.ExpectBody));
        }

        if (spec.ExpectBodyContains is not null)
        {
            expected.Append(", body containing ").Append(Quote(spec.ExpectBodyContains));
        }

        report = report with { Expected = expected.ToString() };
        switch (outcome.Kind)
        {
            case OutcomeKind.Trapped:
                return report with { Actual = "trap: " + FirstLine(outcome.Message), Message = $"the component trapped: {outcome.Message}" };
            case OutcomeKind.Responded:
                break;
            default:
                return report with { Actual = "error: " + FirstLine(outcome.Message), Message = outcome.Message };
        }

        var body = Normalize(outcome.Body);
        var headers = string.Join(", ", outcome.Headers.Select(h => $"{h.Key}: {Quote(h.Value)}"));
        report = report with { Actual = $"status {outcome.Status}, headers {{{headers}}}, body {Quote(body)}" };

        var problems = new List<string>();
        if (outcome.Status != spec.ExpectStatus)
        {
            problems.Add($"expected status {spec.ExpectStatus}, got {outcome.Status}");
        }

        foreach (var (name, value) in spec.ExpectHeaders)
        {
            var actual = outcome.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            if (actual.Count == 0)
            {
                problems.Add($"expected header {name.ToLowerInvariant()}: {Quote(value)}, but the response has no such header");
            }
            else if (!actual.Contains(value, StringComparer.Ordinal))
            {
                problems.Add($"expected header {name.ToLowerInvariant()}: {Quote(value)}, got {Quote(string.Join(", ", actual))}");
            }
        }

        if (spec.ExpectBody is { } expectedBody && Normalize(expectedBody) != body)
        {
            problems.Add($"expected body {Quote(Normalize(expectedBody))}, got {Quote(body)}");
        }

        if (spec.ExpectBodyContains is { } part && !body.Contains(Normalize(part), StringComparison.Ordinal))
        {
            problems.Add($"expected the body to contain {Quote(part)}, got {Quote(body)}");
        }

        // One line per mismatch: the actual line above also holds headers nobody asked about (date, connection).
        return problems.Count == 0
            ? report with { Status = TestCaseStatus.Passed }
            : report with { Message = string.Join("\n", problems.Select(p => "- " + p)) };
    }

    /// <summary>An error's first line for <c>actual</c>; the whole message (a trap's backtrace) is shown below it.</summary>
    private static string? FirstLine(string? message) => message?.Split('\n')[0];

    /// <summary>The text an <c>expect-error</c> is matched against: a string payload as is, anything else as WAVE.</summary>
    private static string ErrorText(WaveResult err) => err.Payload switch
    {
        null => "",
        WaveString text => text.Value,
        var payload => WavePrinter.Print(payload),
    };

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Quote(string text) => WavePrinter.Print(new WaveString(text));

    private static string? Join(string stdout, string stderr) =>
        stdout.Length == 0 && stderr.Length == 0 ? null : stdout + (stdout.Length > 0 && stderr.Length > 0 && !stdout.EndsWith('\n') ? "\n" : "") + stderr;
}
