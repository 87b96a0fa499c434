using System.Xml.Linq;
using Wasmc.Core.Testing;
using Wasmc.Core.Tests.Testing.Support;

namespace Wasmc.Core.Tests.Testing;

public class TestReportsTests
{
    private static TestRunReport Sample() => new(
    [
        new ComponentTestReport("calc", "jco",
        [
            new TestCaseReport("calc", "calc/tests/calc.test.toml", 1, "adds", TestCaseStatus.Passed, TimeSpan.FromMilliseconds(1.5)) { Expected = "8", Actual = "8" },
            new TestCaseReport("calc", "calc/tests/calc.test.toml", 6, "divides <badly> & \u0001", TestCaseStatus.Failed, TimeSpan.FromMilliseconds(0.25))
            {
                Expected = "err(\"Division by zero\")",
                Actual = "ok(inf)",
                Message = "expected err(\"Division by zero\"), got ok(inf)",
                Output = "guest log",
            },
            new TestCaseReport("calc", "calc/tests/calc.test.toml", 11, "later", TestCaseStatus.Skipped, TimeSpan.Zero) { Message = "not yet" },
        ], TimeSpan.FromSeconds(1.25)),
    ], TimeSpan.FromSeconds(2));

    [Fact]
    public void The_summary_shows_each_case_failures_in_detail_and_totals()
    {
        TestReports.Summary(Sample()).ShouldBe(
        [
            "calc (jco)",
            "  PASS adds (1.5 ms)",
            "  FAIL divides <badly> & \u0001 (0.25 ms)",
            "       at calc/tests/calc.test.toml:6",
            "       expected: err(\"Division by zero\")",
            "       actual:   ok(inf)",
            "       output:",
            "         | guest log",
            "  SKIP later",
            "       not yet",
            "  1 passed, 1 failed, 1 skipped in 1.25 s",
            "FAILED: 1 passed, 1 failed, 1 skipped (3 cases, 1 component) in 2.00 s",
        ]);
        TestReports.Summary(new TestRunReport([], TimeSpan.Zero)).Single().ShouldStartWith("no test files found");
    }

    [Fact]
    public void JUnit_xml_is_valid_and_counts_everything()
    {
        var xml = XDocument.Parse(TestReports.JUnitXml(Sample()));

        var suites = xml.Root!;
        suites.Name.LocalName.ShouldBe("testsuites");
        suites.Attribute("tests")!.Value.ShouldBe("3");
        suites.Attribute("failures")!.Value.ShouldBe("1");
        suites.Attribute("skipped")!.Value.ShouldBe("1");
        var suite = suites.Element("testsuite")!;
        suite.Attribute("name")!.Value.ShouldBe("calc");
        suite.Attribute("time")!.Value.ShouldBe("1.250");
        var cases = suite.Elements("testcase").ToList();
        cases.Count.ShouldBe(3);
        cases[0].Attribute("classname")!.Value.ShouldBe("calc.calc");
        cases[0].Attribute("time")!.Value.ShouldBe("0.002");
        cases[1].Attribute("name")!.Value.ShouldBe("divides <badly> & \uFFFD");
        var failure = cases[1].Element("failure")!;
        failure.Attribute("message")!.Value.ShouldBe("expected err(\"Division by zero\"), got ok(inf)");
        failure.Value.ShouldContain("actual:   ok(inf)");
        cases[1].Element("system-out")!.Value.ShouldBe("guest log");
        cases[2].Element("skipped")!.Attribute("message")!.Value.ShouldBe("not yet");
    }

    [Fact]
    public void JUnit_reports_are_written_atomically_over_an_old_one()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("reports/junit.xml", "old");

        TestReports.WriteJUnit(Sample(), path);

        XDocument.Load(path).Root!.Name.LocalName.ShouldBe("testsuites");
        Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ShouldBe(["junit.xml"]);
    }

    [Fact]
    public void The_json_model_carries_cases_with_expected_and_actual()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(TestReports.JsonModel(Sample()));

        json.ShouldContain("\"failed\":1");
        json.ShouldContain("\"status\":\"failed\"");
        json.ShouldContain("\"actual\":\"ok(inf)\"");
        json.ShouldContain("\"line\":6");
    }
}
