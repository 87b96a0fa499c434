using System.Text.Json;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Testing.Running.Jco;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Tests.Testing;

public class JcoHarnessTests
{
    private static IReadOnlyList<CheckedCase> Cases(string toml)
    {
        var (cases, diagnostics) = CalculatorWit.Check(toml);
        diagnostics.ShouldBeEmpty();
        return cases;
    }

    [Fact]
    public void Cases_file_lowers_arguments_to_jco_values_with_bigints_and_special_floats_tagged()
    {
        var cases = Cases("""
            [[case]]
            call = "big(18446744073709551615, [1, 2], some(none), {x-coord: -1, y: nan}, {read-it}, dark-red)"
            expect = "(1, circle(inf))"

            [[case]]
            call = "hello(\"w\")"
            expect = '"Hello, w"'
            """);

        using var json = JsonDocument.Parse(JcoCases.Write("calc", cases, TimeSpan.FromSeconds(5)));
        var root = json.RootElement;
        root.GetProperty("module").GetString().ShouldBe("js/component.js");
        root.GetProperty("programName").GetString().ShouldBe("calc");
        root.GetProperty("runTimeoutMs").GetInt64().ShouldBe(5000);
        var big = root.GetProperty("cases")[0];
        big.GetProperty("export").GetString().ShouldBe("calculator:math/calculator@1.0.0");
        big.GetProperty("function").GetString().ShouldBe("big");
        big.GetProperty("args").GetRawText().ShouldBe(
            """[{"$bigint":"18446744073709551615"},[1,2],{"tag":"some","val":null},{"xCoord":-1,"y":{"$float":"NaN"}},{"readIt":true,"write":false},"dark-red"]""");
        var hello = root.GetProperty("cases")[1];
        hello.TryGetProperty("export", out _).ShouldBeFalse();
        hello.GetProperty("args").GetRawText().ShouldBe("""["w"]""");
    }

    [Fact]
    public void The_harness_script_speaks_the_same_protocol()
    {
        JcoHarness.Script.ShouldContain("\\u001ewasmc-case:");
        JcoHarness.CaseMark.ShouldBe("\u001ewasmc-case:");
        JcoHarness.Script.ShouldContain("$bigint");
        JcoHarness.Script.ShouldContain("$float");
        JcoHarness.Script.ShouldContain("enableNetwork: false");
        JcoHarness.Script.ShouldContain("\"component-error\"");
    }

    [Fact]
    public void Results_are_lifted_back_to_typed_values_by_the_functions_result_type()
    {
        var cases = Cases("""
            [[case]]
            call = "calculator.add(5.0, 3.0)"
            expect = "8.0"

            [[case]]
            call = "calculator.divide(1.0, 0.0)"
            expect = 'err("Division by zero")'

            [[case]]
            call = "calculator.divide(1.0, 4.0)"
            expect = "ok(0.25)"

            [[case]]
            call = "big(1, [], none, {x-coord: 0, y: 0.0}, {}, blue)"
            expect = "(1, none-shape)"

            [[case]]
            call = "log(\"x\")"

            [[case]]
            call = "calculator.subtract(1.0, 2.0)"
            expect = "-1.0"
            """);
        string[] results =
        [
            """{"id":0,"outcome":"returned","value":8,"ms":1.5}""",
            """{"id":1,"outcome":"component-error","payload":"Division by zero","ms":0.2}""",
            """{"id":2,"outcome":"returned","value":0.25,"ms":0.1}""",
            """{"id":3,"outcome":"returned","value":["18446744073709551615",{"tag":"none-shape"}],"ms":0.1}""",
            """{"id":4,"outcome":"trap","message":"wasm trap: wasm `unreachable` instruction executed","ms":3}""",
        ];
        var step = new StepResult(0,
        [
            new StepOutputLine("calc", false, "\u001ewasmc-case:3"),
            new StepOutputLine("calc", true, "\u001ewasmc-case:4"),
            new StepOutputLine("calc", true, "kaboom"),
        ], TimeSpan.FromSeconds(1));

        var outcomes = JcoCases.Read(results, cases, step);

        outcomes[0].ShouldBe(CaseOutcome.Returned(WaveValue.F64(8), TimeSpan.FromMilliseconds(1.5)));
        outcomes[1].Value.ShouldBe(WaveResult.Err(WaveValue.String("Division by zero")));
        outcomes[2].Value.ShouldBe(WaveResult.Ok(WaveValue.F64(0.25)));
        outcomes[3].Value.ShouldBeOfType<WaveTuple>().Elements[0].ShouldBe(WaveValue.U64(ulong.MaxValue));
        outcomes[4].Kind.ShouldBe(OutcomeKind.Trapped);
        outcomes[4].Message.ShouldBe("wasm trap: wasm `unreachable` instruction executed");
        outcomes[4].Output.ShouldBe("kaboom");
        outcomes[5].Kind.ShouldBe(OutcomeKind.Errored);
        outcomes[5].Message.ShouldBe("the test harness exited with code 0 before this case finished");
    }

    [Fact]
    public void A_harness_that_died_early_fails_every_case_with_what_it_printed()
    {
        var cases = Cases("[[case]]\ncall = \"hello(\\\"x\\\")\"\nexpect = '\"x\"'");
        var step = new StepResult(1, [new StepOutputLine("calc", true, "Error: cannot find @bytecodealliance/preview2-shim")], TimeSpan.Zero);

        var outcome = JcoCases.Read([], cases, step)[0];

        outcome.Kind.ShouldBe(OutcomeKind.Errored);
        outcome.Message.ShouldBe("the test harness exited with code 1 before this case finished:\nError: cannot find @bytecodealliance/preview2-shim");
    }

    [Fact]
    public void A_result_that_does_not_fit_the_type_is_an_error_not_a_crash()
    {
        var cases = Cases("[[case]]\ncall = \"hello(\\\"x\\\")\"\nexpect = '\"x\"'");

        var outcome = JcoCases.Read(["""{"id":0,"outcome":"returned","value":42}"""], cases, null)[0];

        outcome.Kind.ShouldBe(OutcomeKind.Errored);
        outcome.Message!.ShouldStartWith("the result does not fit the WIT type: $: expected a string, got 42");
    }

    [Fact]
    public void Requests_go_to_the_harness_with_their_timeout_and_come_back_as_responses()
    {
        const string wit = "package local:web@0.1.0;\nworld web { export wasi:http/incoming-handler@0.2.12; }";
        var (cases, diagnostics) = CalculatorWit.Check("""
            [[request]]
            method = "post"
            path = "/echo"
            headers = { content-type = "text/plain" }
            body = "ping"

            [[request]]
            """, wit);
        diagnostics.ShouldBeEmpty();

        using var json = JsonDocument.Parse(JcoCases.Write("web", cases, TimeSpan.FromSeconds(5)));
        var echo = json.RootElement.GetProperty("cases")[0];
        echo.GetRawText().ShouldBe(
            """{"id":0,"kind":"request","export":"wasi:http/incoming-handler@0.2.12","method":"POST","path":"/echo","headers":{"content-type":"text/plain"},"body":"ping","timeoutMs":5000}""");
        var home = json.RootElement.GetProperty("cases")[1];
        home.GetProperty("body").ValueKind.ShouldBe(JsonValueKind.Null);
        home.GetProperty("path").GetString().ShouldBe("/");

        var outcomes = JcoCases.Read(
        [
            """{"id":0,"outcome":"response","status":201,"headers":[["content-type","text/plain"],["date","x"]],"body":"ping","ms":3}""",
            """{"id":1,"outcome":"trap","message":"wasm trap: unreachable"}""",
        ], cases, null);

        outcomes[0].Kind.ShouldBe(OutcomeKind.Responded);
        outcomes[0].Status.ShouldBe(201);
        outcomes[0].Headers.ShouldBe([new("content-type", "text/plain"), new("date", "x")]);
        outcomes[0].Body.ShouldBe("ping");
        outcomes[1].Kind.ShouldBe(OutcomeKind.Trapped);
        JcoHarness.Script.ShouldContain("shimHttp.HTTPServer");
    }
}

