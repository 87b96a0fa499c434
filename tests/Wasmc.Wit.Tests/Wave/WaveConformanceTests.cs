using Wasmc.Wit.Wave;
using Xunit.Abstractions;

namespace Wasmc.Wit.Tests.Wave;

public sealed class WaveConformanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<UiFunctions> Functions = new(() => UiFunctions.Load(WaveConformance.Directory));

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in WaveConformance.CaseFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_matches_reference_output(string file)
    {
        var results = WaveConformance.Run(file, Functions.Value);
        output.WriteLine(WaveConformance.Summary(results));
        results.Where(r => !r.Passed).Select(r => $"{r.Input} => {r.Actual} (expected {r.Expected})").ShouldBeEmpty();
    }

    [Fact]
    public void Summary_of_the_whole_suite()
    {
        var results = WaveConformance.CaseFiles().SelectMany(file => WaveConformance.Run(file, Functions.Value)).ToList();
        var summary = $"signatures from: {Functions.Value.Source}\n" + WaveConformance.Summary(results);
        output.WriteLine(summary);
        var artifacts = Path.Combine(WaveConformance.RepoRoot, "artifacts", "conformance");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "wasm-wave.txt"), summary);
        results.Count(r => !r.IsComment).ShouldBeGreaterThan(150);
        results.Count(r => !r.Passed).ShouldBe(0, summary);
    }
}
