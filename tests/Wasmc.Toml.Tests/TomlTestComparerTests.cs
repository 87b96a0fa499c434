using System.Text.Json.Nodes;

namespace Wasmc.Toml.Tests;

// The conformance verdicts are only as good as the comparison; these prove it can say no.
public sealed class TomlTestComparerTests
{
    private static string? Compare(string expected, string actual) =>
        TomlTestSuite.Compare(JsonNode.Parse(expected), JsonNode.Parse(actual));

    [Theory]
    [InlineData("""{"a":{"type":"integer","value":"1"}}""", """{"a":{"type":"integer","value":"2"}}""")]
    [InlineData("""{"a":{"type":"integer","value":"1"}}""", """{"a":{"type":"float","value":"1"}}""")]
    [InlineData("""{"a":{"type":"string","value":"x"}}""", """{"a":{"type":"string","value":"x "}}""")]
    [InlineData("""{"a":{"type":"float","value":"nan"}}""", """{"a":{"type":"float","value":"inf"}}""")]
    [InlineData("""{"a":{"type":"datetime","value":"1987-07-05T17:45:56.6Z"}}""", """{"a":{"type":"datetime","value":"1987-07-05T17:45:56.06Z"}}""")]
    [InlineData("""{"a":[]}""", """{"a":[{"type":"bool","value":"true"}]}""")]
    [InlineData("""{"a":{}}""", """{"a":{},"b":{}}""")]
    [InlineData("""{"a":{"b":{}}}""", """{"a":{"type":"string","value":"x"}}""")]
    public void Differences_are_reported(string expected, string actual)
    {
        Compare(expected, actual).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("""{"a":{"type":"float","value":"-nan"}}""", """{"a":{"type":"float","value":"nan"}}""")]
    [InlineData("""{"a":{"type":"float","value":"1e3"}}""", """{"a":{"type":"float","value":"1000"}}""")]
    [InlineData("""{"a":{"type":"datetime","value":"1987-07-05T17:45:56.600Z"}}""", """{"a":{"type":"datetime","value":"1987-07-05T17:45:56.6Z"}}""")]
    [InlineData("""{"a":{"type":"time-local","value":"07:32:00.000"}}""", """{"a":{"type":"time-local","value":"07:32:00"}}""")]
    public void Equivalent_spellings_are_equal(string expected, string actual)
    {
        Compare(expected, actual).ShouldBeNull();
    }
}
