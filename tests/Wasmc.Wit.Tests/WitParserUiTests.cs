using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Wasmc.Wit.Tests;

public sealed class WitParserUiTests(ITestOutputHelper output)
{
    public static TheoryData<string> PassCases() => [.. WitConformance.PassCases()];

    public static TheoryData<string> FailCases() => [.. WitConformance.FailCases()];

    [Theory]
    [MemberData(nameof(PassCases))]
    public void Case_resolves_to_the_reference_json(string name)
    {
        if (WitConformance.Waivers.TryGetValue(name, out var reason))
        {
            output.WriteLine($"waived: {reason}");
            return;
        }

        WitConformance.RunPassCase(name).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(FailCases))]
    public void Parse_fail_case_is_rejected(string name)
    {
        var problem = WitConformance.RunFailCase(name, out var message);
        output.WriteLine(message ?? "(no error)");
        problem.ShouldBeNull();
    }

    [Fact]
    public void Summary_of_the_suite()
    {
        var report = new StringBuilder();
        var passCases = WitConformance.PassCases().ToList();
        var failCases = WitConformance.FailCases().ToList();
        var passOk = 0;
        var failOk = 0;
        var waived = 0;
        foreach (var name in passCases)
        {
            if (WitConformance.Waivers.ContainsKey(name))
            {
                waived++;
                continue;
            }

            if (WitConformance.RunPassCase(name) is { } problem)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"FAIL {name}: {problem}");
            }
            else
            {
                passOk++;
            }
        }

        foreach (var name in failCases)
        {
            if (WitConformance.RunFailCase(name, out _) is { } problem)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"FAIL parse-fail/{name}: {problem}");
            }
            else
            {
                failOk++;
            }
        }

        var summary =
            $"wit-parser ui: resolve cases {passOk}/{passCases.Count - waived} passed ({waived} waived: {string.Join(", ", WitConformance.Waivers.Keys)}), " +
            $"parse-fail cases {failOk}/{failCases.Count} rejected";
        report.Insert(0, summary + Environment.NewLine);
        output.WriteLine(report.ToString());
        var artifacts = Path.Combine(WitConformance.RepoRoot, "artifacts", "conformance");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "wit-parser.txt"), report.ToString());

        passOk.ShouldBe(passCases.Count - waived, report.ToString());
        failOk.ShouldBe(failCases.Count, report.ToString());
    }
}
