using Xunit.Abstractions;

namespace Wasmc.Toml.Tests;

public sealed class TomlTestConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> ValidCases => [.. TomlTestSuite.Cases("valid/")];

    public static TheoryData<string> InvalidCases => [.. TomlTestSuite.Cases("invalid/")];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_case_decodes_to_its_json(string name)
    {
        RequireData(name);
        TomlTestSuite.CheckValid(name).ShouldBeNull($"valid/{name}.toml");
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_case_is_rejected(string name)
    {
        RequireData(name);
        TomlTestSuite.CheckInvalid(name).ShouldBeNull($"invalid/{name}.toml");
    }

    [Fact]
    public void Summary_counts_every_case_and_is_written_to_artifacts()
    {
        _ = ConformanceData.Root;
        var valid = TomlTestSuite.Cases("valid/").ToList();
        var invalid = TomlTestSuite.Cases("invalid/").ToList();
        RequireData(valid[0]);

        var failures = valid.Select(name => (File: $"valid/{name}.toml", Problem: TomlTestSuite.CheckValid(name)))
            .Concat(invalid.Select(name => (File: $"invalid/{name}.toml", Problem: TomlTestSuite.CheckInvalid(name))))
            .Where(result => result.Problem is not null)
            .ToList();
        var validPassed = valid.Count - failures.Count(f => f.File.StartsWith("valid/", StringComparison.Ordinal));
        var invalidPassed = invalid.Count - failures.Count(f => f.File.StartsWith("invalid/", StringComparison.Ordinal));

        var summary = $"toml-test {TomlTestSuite.Version}: valid {validPassed}/{valid.Count}, invalid {invalidPassed}/{invalid.Count}";
        output.WriteLine(summary);
        foreach (var (file, problem) in failures)
        {
            output.WriteLine($"FAIL {file}: {problem}");
        }

        var artifacts = Path.Combine(ConformanceData.RepoRoot, "artifacts", "conformance");
        Directory.CreateDirectory(artifacts);
        File.WriteAllLines(Path.Combine(artifacts, "toml-test.txt"), [summary, .. failures.Select(f => $"FAIL {f.File}: {f.Problem}")]);

        failures.ShouldBeEmpty(summary);
    }

    private static void RequireData(string name)
    {
        if (name == TomlTestSuite.MissingData)
        {
            _ = ConformanceData.Root;
            throw new InvalidOperationException(
                $"toml-test data not found under {ConformanceData.TryDirectory() ?? "<repo root>/../shared/conformance"}: " +
                $"expected toml-test/tests/files-toml-{TomlTestSuite.Version} (set WASMC_CONFORMANCE_DIR to override).");
        }
    }
}
