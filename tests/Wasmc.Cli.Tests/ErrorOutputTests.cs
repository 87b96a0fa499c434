using System.Text.RegularExpressions;
using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>Exit codes and the shape of error output.</summary>
public sealed partial class ErrorOutputTests
{
    [Fact]
    public void Version_is_the_bare_informational_version()
    {
        var result = CliRunner.Run("--version");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldBeEmpty();
        result.Out.ShouldMatch(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\n$");
        Snapshot.Verify("version", result.ToSnapshot());
    }

    [Fact]
    public void Unknown_verb_is_a_usage_error_with_suggestions()
    {
        var result = CliRunner.Run("biuld");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        Snapshot.Verify("unknown-verb", result.ToSnapshot());
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_a_hint()
    {
        var result = CliRunner.Run("build", "--frobnicate");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        Snapshot.Verify("unknown-option", result.ToSnapshot());
    }

    [Fact]
    public void Unknown_nested_verb_names_its_group_in_the_hint()
    {
        var result = CliRunner.Run("bundle", "lst");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("Did you mean 'list'?");
        result.Error.ShouldContain("Run 'dotnet wasmc bundle --help' for usage.");
    }

    [Fact]
    public void Invalid_verbosity_is_a_usage_error()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "build", "-v", "loud");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: invalid verbosity 'loud'");
    }

    [Fact]
    public void Build_outside_a_workspace_is_a_usage_error()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "build");

        result.ExitCode.ShouldBe(2);
        Snapshot.Verify("build-no-workspace", result.ToSnapshot((folder.Path, "<temp>")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void Jobs_must_be_a_positive_number(string jobs)
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "build", "--jobs", jobs);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain($"invalid value '{jobs}' for --jobs");
    }

    [Fact]
    public void Report_must_be_junit()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "test", "--report", "html=out.html");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("expected 'junit=PATH'");
    }

    [Fact]
    public void Errors_have_no_stack_trace_unless_diagnostic()
    {
        using var folder = new TempFolder();

        var normal = CliRunner.RunIn(folder.Path, "build");
        var diagnostic = CliRunner.RunIn(folder.Path, "build", "-v", "diagnostic");

        normal.Error.ShouldNotContain("   at ");
        diagnostic.Error.ShouldContain("   at ");
        diagnostic.ExitCode.ShouldBe(normal.ExitCode);
    }

    [Fact]
    public void Workspace_option_points_at_a_folder_without_a_manifest()
    {
        using var folder = new TempFolder();

        var result = CliRunner.Run("build", "--workspace", folder.Path);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"error: no wasmc.toml in {folder.Path} (given with --workspace)\n");
    }

    [Fact]
    public void Redirected_output_has_no_ansi_escapes()
    {
        var result = CliRunner.Run("--help");

        AnsiEscape().IsMatch(result.Out + result.Error).ShouldBeFalse();
    }

    [GeneratedRegex("\u001b\\[")]
    private static partial Regex AnsiEscape();
}
