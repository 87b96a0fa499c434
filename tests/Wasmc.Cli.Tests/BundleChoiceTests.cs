using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>A component only goes to a bundle that builds its language at its WASI level; retired bundles name their successor.</summary>
public class BundleChoiceTests
{
    [Fact]
    public void New_refuses_a_language_the_chosen_bundle_does_not_build_and_names_the_bundles_that_do()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "new", "go", "calc", "--bundle", "trixie-2026.11.2");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe(
            "error: bundle 'trixie-2026.11.2' does not build go (it builds rust, c, cpp, js)\n" +
            "Bundles that build go for WASI preview2: sid-2026.11.2.\n");
        Directory.EnumerateFileSystemEntries(folder.Path).ShouldBeEmpty();
    }

    [Fact]
    public void New_refuses_a_wasi_level_no_bundle_claims()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "new", "rust", "calc", "--wasi", "preview3");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: no published bundle builds rust for WASI preview3\n");
        result.Error.ShouldContain("bundles that build rust: sid-2026.11.2 (preview2), trixie-2026.11.2 (preview2)");
        Directory.EnumerateFileSystemEntries(folder.Path).ShouldBeEmpty();
    }

    [Fact]
    public void New_without_a_bundle_picks_one_that_builds_the_language()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "js", "calc", "--bundle", "trixie-2026.11.2").ExitCode.ShouldBe(0);

        var result = CliRunner.RunIn(folder.Path, "new", "go", "adder");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: bundle instance 'trixie-2026-11-2' (trixie-2026.11.2) does not build go, and no other instance of this workspace does\n");

        CliRunner.RunIn(folder.Path, "new", "go", "adder", "--bundle", "sid-2026.11.2").ExitCode.ShouldBe(0);
        var next = CliRunner.RunIn(folder.Path, "new", "go", "subtracter");
        next.ExitCode.ShouldBe(0, next.Error);
        File.ReadAllText(Path.Combine(folder.Path, "wasmc.toml")).ShouldContain("name = \"subtracter\"\nlanguage = \"go\"\npath = \"subtracter\"\nwit = \"wit\"\nworld = \"subtracter\"\nbundle = \"sid-2026-11-2\"");
    }

    [Theory]
    [InlineData("c")]
    [InlineData("cpp")]
    public void New_offers_c_beside_cpp(string language)
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "new", language, "calc");

        result.ExitCode.ShouldBe(0, result.Error);
        File.Exists(Path.Combine(folder.Path, "calc", "src", $"calc.{language}")).ShouldBeTrue();
    }

    [Fact]
    public void Build_refuses_a_retired_bundle_and_a_language_the_bundle_does_not_build_with_their_locations()
    {
        using var folder = new TempFolder();
        folder.Write("wasmc.toml", """
            [bundles.old]
            bundle = "sid-2026.11"

            [bundles.trixie]
            bundle = "trixie-2026.11.2"

            [[components]]
            name = "calc"
            language = "go"
            path = "calc"
            world = "calc"
            bundle = "trixie"
            """);
        Directory.CreateDirectory(Path.Combine(folder.Path, "calc", "wit"));

        var result = CliRunner.RunIn(folder.Path, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("wasmc.toml:2:10: error WM023: bundle 'sid-2026.11' in [bundles.old] is retired (");
        result.Error.ShouldContain("use bundle = \"sid-2026.11.2\"");
        result.Error.ShouldContain(
            "wasmc.toml:9:12: error WM024: language 'go' in [[components]] 'calc' is not built by bundle 'trixie-2026.11.2' " +
            "(instance 'trixie'; it builds 'rust', 'c', 'cpp', 'js'); bundles that build 'go': 'sid-2026.11.2'");
    }

    [Fact]
    public void Bundle_show_of_a_retired_bundle_names_the_successor()
    {
        var result = CliRunner.Run("bundle", "show", "trixie-2026.11");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: bundle 'trixie-2026.11' is retired (");
        result.Error.ShouldContain("use 'trixie-2026.11.2' instead");
    }
}
