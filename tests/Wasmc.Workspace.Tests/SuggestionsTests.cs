using Wasmc.Workspace.Internal;

namespace Wasmc.Workspace.Tests;

public class SuggestionsTests
{
    [Theory]
    [InlineData("wrld", "world", 1)]
    [InlineData("langauge", "language", 1)]
    [InlineData("pth", "path", 1)]
    [InlineData("World", "world", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_counts_edits_and_swaps(string a, string b, int expected) =>
        Suggestions.Distance(a, b).ShouldBe(expected);

    [Fact]
    public void Suggests_only_likely_typos()
    {
        string[] keys = ["name", "language", "path", "wit", "world"];

        Suggestions.Closest("wrld", keys).ShouldBe("world");
        Suggestions.Closest("lang", keys).ShouldBeNull();
        Suggestions.Closest("colour", keys).ShouldBeNull();
        Suggestions.Closest("wat", keys).ShouldBe("wit");
    }
}
