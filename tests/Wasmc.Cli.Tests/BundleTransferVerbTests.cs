using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests;

/// <summary>bundle save / load / push / pull: usage and input errors, all decided before Docker is asked.</summary>
public sealed class BundleTransferVerbTests
{
    private const string Bundle = "sid-2026.11.2";

    [Theory]
    [InlineData("error: 'bundle save' needs a bundle name", "bundle", "save")]
    [InlineData("error: 'bundle save' needs the archive file: -o FILE", "bundle", "save", Bundle)]
    [InlineData("error: no bundle named 'no-such-bundle'", "bundle", "save", "no-such-bundle", "-o", "x.tar")]
    [InlineData("error: 'bundle load' needs the archive file", "bundle", "load")]
    [InlineData("error: 'bundle push' needs a bundle name", "bundle", "push")]
    [InlineData("error: 'bundle push' needs --registry HOST[:PORT]/PREFIX", "bundle", "push", Bundle)]
    [InlineData("error: registry 'http://127.0.0.1:5000/x' must be HOST[:PORT]/PREFIX without a scheme", "bundle", "push", Bundle, "--registry", "http://127.0.0.1:5000/x")]
    [InlineData("error: registry 'myregistry/wasmc': 'myregistry' does not look like a registry host", "bundle", "pull", Bundle, "--registry", "myregistry/wasmc")]
    [InlineData("error: 'bundle pull' needs a bundle name", "bundle", "pull")]
    [InlineData("error: Unrecognized option '--bogus'", "bundle", "save", Bundle, "--bogus")]
    public void Bad_usage_is_exit_2(string expectedError, params string[] args)
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, args);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldStartWith(expectedError);
        result.Out.ShouldBeEmpty();
    }

    [Fact]
    public void Saving_into_a_folder_that_does_not_exist_is_bad_input()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "bundle", "save", Bundle, "-o", "missing/x.tar");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("its folder does not exist");
    }

    [Fact]
    public void Loading_a_missing_archive_is_bad_input()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "bundle", "load", "nothing.tar");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"error: {Path.Combine(folder.Path, "nothing.tar")} does not exist\n");
    }

    [Fact]
    public void Loading_something_that_is_not_a_bundle_archive_is_refused_before_docker_is_asked()
    {
        using var folder = new TempFolder();
        var path = folder.Write("images.tar", "not an archive at all\n");

        var result = CliRunner.RunIn(folder.Path, "bundle", "load", "images.tar");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldStartWith($"checking {path}");
        result.Error.ShouldStartWith($"error: {path} is not a valid wasmc bundle archive");
    }

    [Fact]
    public void Pulling_with_a_missing_record_is_bad_input()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "bundle", "pull", Bundle, "--record", "none.images.toml");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"error: the record {Path.Combine(folder.Path, "none.images.toml")} does not exist\n");
    }

    [Fact]
    public void Pulling_with_a_malformed_record_in_the_current_folder_is_bad_input()
    {
        using var folder = new TempFolder();
        var path = folder.Write($"{Bundle}.images.toml", "format = 1\nbundle = \"sid-2026.11.2\"\n");

        var result = CliRunner.RunIn(folder.Path, "bundle", "pull", Bundle);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: {path} is not a valid image record");
    }

    [Fact]
    public void Pulling_a_bundle_without_published_images_says_how_to_get_them_and_is_exit_3()
    {
        using var folder = new TempFolder();

        var result = CliRunner.RunIn(folder.Path, "bundle", "pull", Bundle);

        result.ExitCode.ShouldBe(3);
        result.Error.ShouldContain($"bundle '{Bundle}' has no published images");
        result.Error.ShouldContain("--registry HOST[:PORT]/PREFIX");
        result.Error.ShouldContain($"wasmc bundle build {Bundle}");
    }
}
