using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Files;
using Wasmc.Toml;

namespace Wasmc.Core.Tests.Testing;

public class TestFileReaderTests
{
    private static (TestFile? File, List<TestDiagnostic> Diagnostics) Read(string toml)
    {
        var diagnostics = new List<TestDiagnostic>();
        return (TestFileReader.Read(toml, "/ws/t.test.toml", "calc/tests/t.test.toml", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_cases_and_runs_in_file_order_with_every_key()
    {
        var (file, diagnostics) = Read("""
            interface = "calculator"

            [[run]]
            name = "greets"
            args = ["--name", "x"]
            env = { LANG = "C" }
            stdin = "in"
            expect-stdout = "hi\n"
            expect-stderr-contains = "warn"
            expect-exit = 3

            [[case]]
            name = "adds"
            call = "add(5.0, 3.0)"
            expect = "8.0"
            tolerance = 1e-9
            relative-tolerance = 0.5

            [[case]]
            call = "divide(1.0, 0.0)"
            expect-error = "Division"
            skip = "flaky"
            """);

        diagnostics.ShouldBeEmpty();
        file.ShouldNotBeNull();
        file.Interface!.Value.ShouldBe("calculator");
        file.Cases.Select(c => c.GetType().Name).ShouldBe(["RunCaseSpec", "CallCaseSpec", "CallCaseSpec"]);
        var run = (RunCaseSpec)file.Cases[0];
        run.Args.ShouldBe(["--name", "x"]);
        run.Env["LANG"].ShouldBe("C");
        run.Stdin.ShouldBe("in");
        run.ExpectStdout.ShouldBe("hi\n");
        run.ExpectStderrContains.ShouldBe("warn");
        run.ExpectExit.ShouldBe(3);
        var adds = (CallCaseSpec)file.Cases[1];
        adds.Name.ShouldBe("adds");
        adds.Call.Value.ShouldBe("add(5.0, 3.0)");
        adds.Call.Position.ShouldBe(new TomlPosition("calc/tests/t.test.toml", 14, 8));
        adds.Expect!.Value.ShouldBe("8.0");
        adds.Tolerance.ShouldBe(1e-9);
        adds.RelativeTolerance.ShouldBe(0.5);
        var divide = (CallCaseSpec)file.Cases[2];
        divide.ExpectError.ShouldNotBeNull().Value.ShouldBe("Division");
        divide.SkipReason.ShouldBe("flaky");
    }

    [Fact]
    public void Every_problem_is_reported_with_its_location()
    {
        var (file, diagnostics) = Read("""
            [[case]]
            call = "add(1.0, 2.0)"
            expected = "3.0"

            [[case]]
            expect = "1"

            [[case]]
            call = 42

            [[case]]
            call = "f()"
            expect = "1"
            expect-error = "x"
            tolerance = -1

            [[run]]
            args = [1]
            expect-exit = 300
            """);

        file.ShouldNotBeNull().Cases.ShouldBeEmpty(); // the cases that read well are kept for the WAVE check
        diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "calc/tests/t.test.toml:3:1: unknown key 'expected' in a [[case]] (known keys: name, call, expect, expect-error, tolerance, relative-tolerance, skip, timeout-ms, memory-limit-mib, fuel)",
            "calc/tests/t.test.toml:5:1: a [[case]] needs 'call', e.g. call = \"add(1.0, 2.0)\"",
            "calc/tests/t.test.toml:9:8: 'call' must be a string, found integer 42",
            "calc/tests/t.test.toml:14:1: a [[case]] has either 'expect' or 'expect-error', not both",
            "calc/tests/t.test.toml:15:13: 'tolerance' must be a finite number >= 0, found integer -1",
            "calc/tests/t.test.toml:18:8: 'args' must be an array of strings, e.g. args = [\"--verbose\", \"x\"]",
            "calc/tests/t.test.toml:19:15: 'expect-exit' must be an integer from 0 to 255, found integer 300",
        ]);
    }

    [Fact]
    public void Malformed_toml_and_empty_files_are_located()
    {
        Read("[[case]\ncall = \"x\"").Diagnostics.Single().ToString().ShouldStartWith("calc/tests/t.test.toml:1:");
        Read("# nothing here\n").Diagnostics.Single().ToString()
            .ShouldBe("calc/tests/t.test.toml:1:1: the test file has no [[case]], [[run]] or [[request]] tables");
        Read("case = 1").Diagnostics.Single().Message.ShouldContain("must be an array of tables");
        Read("wat = 1\n[[case]]\ncall = \"f()\"").Diagnostics.Single().ToString()
            .ShouldStartWith("calc/tests/t.test.toml:1:1: unknown key 'wat' in a test file");
    }

    [Fact]
    public void Finds_test_files_in_name_order()
    {
        using var folder = new Support.TempDirectory();
        folder.Write("tests/b.test.toml", "");
        folder.Write("tests/a.test.toml", "");
        folder.Write("tests/notes.toml", "");

        TestFileReader.FindFiles(folder.Path).Select(Path.GetFileName).ShouldBe(["a.test.toml", "b.test.toml"]);
        TestFileReader.FindFiles(Path.Combine(folder.Path, "missing")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("call = \"add(1, x)\"", 1, 8, 1, 16)]
    [InlineData("call = 'add(1, x)'", 1, 8, 1, 16)]
    [InlineData("call = \"say(\\\"\\u00e9\\\", x)\"", 1, 10, 1, 25)]
    [InlineData("call = \"\"\"\nadd(\n  1,\n  x)\"\"\"", 3, 3, 4, 3)]
    [InlineData("call = '''\nadd(\n  1,\n  x)'''", 3, 3, 4, 3)]
    [InlineData("call = \"\"\"add(1, \\\n    x)\"\"\"", 1, 8, 2, 5)]
    [InlineData("call = \"\\x41(1, x)\"", 1, 6, 1, 17)]
    [InlineData("call = \"😀(1, x)\"", 1, 6, 1, 14)]
    public void Locates_a_position_inside_a_string_value_in_the_file(string toml, int line, int column, int fileLine, int fileColumn)
    {
        var table = TomlDocument.Parse(toml, "t.toml");
        var position = table["call"].Position;

        TomlStringLocator.Locate(toml, position, line, column).ShouldBe((fileLine, fileColumn));
    }

    [Fact]
    public void Limits_are_read_per_file_and_per_case_and_a_case_wins()
    {
        var (file, diagnostics) = Read("""
            timeout-ms = 2000
            memory-limit-mib = 64

            [[case]]
            call = "spin()"
            timeout-ms = 300
            fuel = 1000000

            [[run]]
            dirs = { "/data" = "fixtures" }
            scratch = "/tmp"
            """);

        diagnostics.ShouldBeEmpty();
        file!.Limits.ShouldBe(new LimitsSpec(2000, 64, null));
        file.Cases[0].Limits.Over(file.Limits).ShouldBe(new LimitsSpec(300, 64, 1000000));
        var run = (RunCaseSpec)file.Cases[1];
        run.Limits.Over(file.Limits).ShouldBe(new LimitsSpec(2000, 64, null));
        run.Directories["/data"].ShouldBe("fixtures");
        run.Scratch.ShouldBe("/tmp");
    }

    [Theory]
    [InlineData("timeout-ms = 0", "'timeout-ms' must be a whole number > 0, found integer 0")]
    [InlineData("memory-limit-mib = 1.5", "'memory-limit-mib' must be a whole number > 0, found float 1.5")]
    [InlineData("fuel = \"lots\"", "'fuel' must be a whole number > 0, found string")]
    public void Bad_limits_are_located(string line, string message)
    {
        var (file, diagnostics) = Read($"[[case]]\ncall = \"add(1.0, 2.0)\"\nexpect = \"3.0\"\n{line}\n");

        file.ShouldNotBeNull().Cases.ShouldBeEmpty(); // the cases that read well are kept for the WAVE check
        diagnostics.Single().ToString().ShouldBe($"calc/tests/t.test.toml:4:{line.IndexOf('=', StringComparison.Ordinal) + 3}: {message}");
    }

    [Fact]
    public void Requests_read_every_key_and_default_to_get_slash_and_status_200()
    {
        var (file, diagnostics) = Read("""
            [[request]]

            [[request]]
            name = "posts"
            method = "post"
            path = "/items?id=1"
            headers = { content-type = "application/json", X-Trace = "a b" }
            body = '{"a": 1}'
            expect-status = 201
            expect-body = "made"
            expect-body-contains = "ma"
            expect-headers = { location = "/items/1" }
            skip = "later"
            """);

        diagnostics.ShouldBeEmpty();
        var cases = file.ShouldNotBeNull().Cases.Cast<RequestCaseSpec>().ToList();
        cases[0].Name.ShouldBeNull();
        cases[0].Method.ShouldBe("GET");
        cases[0].Path.ShouldBe("/");
        cases[0].Body.ShouldBeNull();
        cases[0].ExpectStatus.ShouldBe(200);
        cases[0].Headers.ShouldBeEmpty();
        var posts = cases[1];
        posts.Name.ShouldBe("posts");
        posts.Method.ShouldBe("POST");
        posts.Path.ShouldBe("/items?id=1");
        posts.Headers.ShouldBe([new("content-type", "application/json"), new("X-Trace", "a b")]);
        posts.Body.ShouldBe("{\"a\": 1}");
        posts.ExpectStatus.ShouldBe(201);
        posts.ExpectBody.ShouldBe("made");
        posts.ExpectBodyContains.ShouldBe("ma");
        posts.ExpectHeaders.ShouldBe([new("location", "/items/1")]);
        posts.SkipReason.ShouldBe("later");
    }

    [Fact]
    public void Request_mistakes_are_located_and_unknown_keys_are_errors()
    {
        var (file, diagnostics) = Read("""
            [[request]]
            url = "/x"
            method = "GE T"
            path = "items"
            expect-status = 42
            headers = { "bad header" = "x", ok = "line\nbreak" }
            expect-headers = "content-type: x"
            timeout-ms = 5
            """);

        file.ShouldNotBeNull().Cases.ShouldBeEmpty();
        diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "calc/tests/t.test.toml:2:1: unknown key 'url' in a [[request]] (known keys: name, method, path, headers, body, expect-status, expect-body, expect-body-contains, expect-headers, skip)",
            "calc/tests/t.test.toml:8:1: unknown key 'timeout-ms' in a [[request]] (known keys: name, method, path, headers, body, expect-status, expect-body, expect-body-contains, expect-headers, skip)",
            "calc/tests/t.test.toml:3:10: 'method' must be an HTTP method such as \"GET\" or \"POST\", found \"GE T\"",
            "calc/tests/t.test.toml:4:8: 'path' must start with / and hold no spaces or control characters (a path and query such as \"/items?id=1\"), found \"items\"",
            "calc/tests/t.test.toml:6:13: 'headers': 'bad header' is not a valid HTTP header name",
            "calc/tests/t.test.toml:6:33: 'headers.ok': a header value cannot hold line breaks",
            "calc/tests/t.test.toml:5:17: 'expect-status' must be an HTTP status code from 100 to 599, found integer 42",
            "calc/tests/t.test.toml:7:18: 'expect-headers' must be a table of strings, e.g. expect-headers = { content-type = \"text/plain\" }",
        ]);
    }
}
