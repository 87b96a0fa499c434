using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Tests.Testing;

public class TestCaseCheckerTests
{
    [Fact]
    public void Typed_cases_resolve_their_export_arguments_and_expected_value()
    {
        var (cases, diagnostics) = CalculatorWit.Check("""
            interface = "calculator"

            [[case]]
            name = "adds"
            call = "add(5.0, 3.0)"
            expect = "8.0"
            tolerance = 1e-9

            [[case]]
            call = "divide(1.0, 0.0)"
            expect = 'err("Division by zero")'

            [[case]]
            call = "calculator:math/other.add(2, 3)"
            expect = "5"

            [[case]]
            call = "hello(\"w\")"
            expect-error = "nope"

            [[case]]
            call = "log(\"x\")"
            """);

        diagnostics.ShouldBeEmpty();
        cases.Count.ShouldBe(5);
        var adds = cases[0].ShouldBeOfType<CheckedCall>();
        adds.Name.ShouldBe("adds");
        adds.Line.ShouldBe(3);
        adds.File.ShouldBe("calc/tests/calc.test.toml");
        adds.Target.ExportKey.ShouldBe("calculator:math/calculator@1.0.0");
        adds.Arguments.ShouldBe([WaveValue.F64(5), WaveValue.F64(3)]);
        adds.Expected.ShouldBe(WaveValue.F64(8));
        adds.Tolerance.Absolute.ShouldBe(1e-9);
        var divide = cases[1].ShouldBeOfType<CheckedCall>();
        divide.Name.ShouldBe("divide(1.0, 0.0)");
        divide.Expected.ShouldBe(WaveResult.Err(WaveValue.String("Division by zero")));
        cases[2].ShouldBeOfType<CheckedCall>().Target.QualifiedName.ShouldBe("calculator:math/other@1.0.0.add");
        cases[3].ShouldBeOfType<CheckedCall>().Target.ExportKey.ShouldBeNull();
        cases[4].ShouldBeOfType<CheckedCall>().Expected.ShouldBeNull();
        cases.Select(c => c.Id).ShouldBe([0, 1, 2, 3, 4]);
    }

    [Fact]
    public void Type_errors_point_at_the_offending_text_in_the_file()
    {
        var (cases, diagnostics) = CalculatorWit.Check(""""
            [[case]]
            call = "calculator.add(1.0, \"two\")"
            expect = "3.0"

            [[case]]
            call = "calculator.divide(1.0, 2.0)"
            expect = "[0.5]"

            [[case]]
            call = "subtract(1.0)"
            expect = "1.0"

            [[case]]
            call = """
              multiply(
                2.0,
                true)
              """
            expect = "4.0"
            """");

        cases.ShouldBeEmpty();
        diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "calc/tests/calc.test.toml:2:29: invalid value type (the signature is add(a: f64, b: f64) -> f64)",
            "calc/tests/calc.test.toml:7:11: invalid value type (the result type is result<f64, string>)",
            "calc/tests/calc.test.toml:10:21: invalid params: missing required param(s) (the signature is subtract(a: f64, b: f64) -> f64)",
            "calc/tests/calc.test.toml:17:5: invalid value type (the signature is multiply(a: f64, b: f64) -> f64)",
        ]);
    }

    [Fact]
    public void Unknown_and_ambiguous_names_list_what_the_world_exports()
    {
        var (_, diagnostics) = CalculatorWit.Check("""
            [[case]]
            call = "  ad(1.0, 2.0)"
            expect = "3.0"

            [[case]]
            call = "add(1, 2)"
            expect = "3"
            """);

        diagnostics.Count.ShouldBe(2);
        diagnostics[0].ToString().ShouldStartWith("calc/tests/calc.test.toml:2:11: unknown function 'ad': the world 'calc' exports hello, calculator:math/calculator@1.0.0.add, ");
        diagnostics[0].Message.ShouldEndWith("calculator:math/other@1.0.0.add");
        diagnostics[1].ToString().ShouldBe(
            "calc/tests/calc.test.toml:6:9: 'add' is ambiguous: it names calculator:math/calculator@1.0.0.add and calculator:math/other@1.0.0.add; write the qualified name, or set 'interface' at the top of the file");
    }

    [Fact]
    public void The_default_interface_disambiguates_and_must_exist()
    {
        CalculatorWit.Check("interface = \"calculator:math/other\"\n[[case]]\ncall = \"add(1, 2)\"\nexpect = \"3\"").Cases
            .Single().ShouldBeOfType<CheckedCall>().Target.QualifiedName.ShouldBe("calculator:math/other@1.0.0.add");

        CalculatorWit.Check("interface = \"nope\"\n[[case]]\ncall = \"hello(\\\"x\\\")\"\nexpect = '\"x\"'").Diagnostics.Single().ToString()
            .ShouldBe("calc/tests/calc.test.toml:1:13: the world 'calc' exports no interface 'nope' (it exports: calculator:math/calculator@1.0.0, calculator:math/other@1.0.0)");
    }

    [Fact]
    public void Expectations_must_fit_the_function()
    {
        var (_, diagnostics) = CalculatorWit.Check("""
            component = "other-component"

            [[case]]
            call = "log(\"x\")"
            expect = "1"

            [[case]]
            call = "hello(\"x\")"

            [[case]]
            call = "make-counter()"
            expect-error = "x"

            [[run]]
            args = ["x"]
            """);

        diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "calc/tests/calc.test.toml:1:13: this file belongs to component 'calc' (it is in its tests folder), not 'other-component'",
            "calc/tests/calc.test.toml:5:10: 'calculator:math/calculator@1.0.0.log' returns nothing: remove 'expect' (the case passes when the call does not trap)",
            "calc/tests/calc.test.toml:7:1: the [[case]] calling 'hello' needs 'expect' (its string result, as WAVE) or 'expect-error'",
            "calc/tests/calc.test.toml:11:8: 'calculator:math/calculator@1.0.0.make-counter' cannot be tested: its signature uses a resource, which WAVE cannot write",
            "calc/tests/calc.test.toml:14:1: [[run]] needs a command component, but the world 'calc' does not export wasi:cli/run (use [[case]] to call its exports)",
        ]);
    }

    [Fact]
    public void Command_worlds_accept_run_cases()
    {
        const string wit = """
            package test:cmd;

            world cmd { export wasi:cli/run@0.2.3; }

            package wasi:cli@0.2.3 {
                interface run { run: func() -> result; }
            }
            """;
        var (cases, diagnostics) = CalculatorWit.Check("[[run]]\nargs = [\"a\", \"b\"]\nexpect-stdout = \"ab\\n\"", wit);

        diagnostics.ShouldBeEmpty();
        var run = cases.Single().ShouldBeOfType<CheckedRun>();
        run.RunExport.ShouldBe("wasi:cli/run@0.2.3");
        run.Name.ShouldBe("run a b");
    }

    [Fact]
    public void A_runner_check_is_reported_at_the_call()
    {
        var (cases, diagnostics) = CalculatorWit.Check("[[case]]\ncall = \"hello(\\\"x\\\")\"\nexpect = '\"y\"'", runnerCheck: _ => "this runner cannot");

        cases.ShouldBeEmpty();
        diagnostics.Single().ToString().ShouldBe("calc/tests/calc.test.toml:2:8: this runner cannot");
    }

    [Fact]
    public void Requests_need_a_world_that_exports_the_wasi_http_incoming_handler()
    {
        var (cases, diagnostics) = CalculatorWit.Check("""
            [[case]]
            call = "log(\"x\")"

            [[request]]
            path = "/"
            """);

        cases.Count.ShouldBe(1);
        diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "calc/tests/calc.test.toml:4:1: [[request]] needs an HTTP component, but the world 'calc' does not export wasi:http/incoming-handler (use [[case]] to call its exports)",
        ]);
    }

    [Fact]
    public void Http_worlds_accept_request_cases_against_the_shipped_wasi_http()
    {
        const string wit = "package local:web@0.1.0;\nworld web { export wasi:http/incoming-handler@0.2.12; }";
        var (cases, diagnostics) = CalculatorWit.Check("[[request]]\nmethod = \"post\"\npath = \"/echo\"\n\n[[request]]\nname = \"home\"", wit);

        diagnostics.ShouldBeEmpty();
        var echo = cases[0].ShouldBeOfType<CheckedRequest>();
        echo.HandlerExport.ShouldBe("wasi:http/incoming-handler@0.2.12");
        echo.Name.ShouldBe("POST /echo");
        echo.Line.ShouldBe(1);
        cases[1].Name.ShouldBe("home");
        cases.Select(c => c.Id).ShouldBe([0, 1]);
    }
}

