using Wasmc.Cli.Tests.Support;

namespace Wasmc.Cli.Tests.Reliability;

/// <summary>
/// Reliability probes through the command line (docs/reliability.md): what a user sees, and the exit code, when a
/// repository commits a link where wasmc writes. The refusal comes before the engine is asked anything, so these
/// run without Docker (the host runner is selected and never started).
/// </summary>
public sealed class ReliabilityVerbTests
{
    private static readonly Dictionary<string, string> HostRunner = new() { ["WASMC_RUNNER"] = "host" };

    [Fact]
    public void A_scratch_link_to_a_host_folder_is_refused_with_exit_code_2()
    {
        using var folder = new TempFolder();
        using var host = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "c", "calc").ExitCode.ShouldBe(0);
        var scratch = Path.Combine(folder.Path, "target", "wasmc", ".scratch", "debug");
        Directory.CreateDirectory(scratch);
        Directory.CreateSymbolicLink(Path.Combine(scratch, "calc"), host.Path);

        var result = CliRunner.RunWith(folder.Path, HostRunner, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: target/wasmc/.scratch/debug/calc is a symbolic link (to " + host.Path + ")");
        Directory.EnumerateFileSystemEntries(host.Path).ShouldBeEmpty();
    }

    [Fact]
    public void A_source_link_out_of_the_workspace_is_a_located_error_with_exit_code_2()
    {
        using var folder = new TempFolder();
        using var host = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "c", "calc").ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(host.Path, "secret.h"), "#define SECRET 1\n");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "calc", "src", "secret.h"), Path.Combine(host.Path, "secret.h"));

        var result = CliRunner.RunWith(folder.Path, HostRunner, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("calc/src/secret.h: error: a symbolic link to " + Path.Combine(host.Path, "secret.h"));
    }

    [Fact]
    public void Invalid_wit_through_build_is_the_located_error_of_wit_check_with_exit_code_2()
    {
        using var folder = new TempFolder();
        CliRunner.RunIn(folder.Path, "new", "c", "calc").ExitCode.ShouldBe(0);
        var wit = Directory.EnumerateFiles(Path.Combine(folder.Path, "calc", "wit"), "*.wit").Single();
        File.WriteAllText(wit, File.ReadAllText(wit).Replace("f64", "f6", StringComparison.Ordinal));

        var build = CliRunner.RunWith(folder.Path, HostRunner, "build");
        var check = CliRunner.RunIn(Path.Combine(folder.Path, "calc"), "wit", "check");

        build.ExitCode.ShouldBe(2);
        check.ExitCode.ShouldBe(2);
        var located = check.Error.Split('\n')[0];
        located.ShouldContain(": error: ");
        build.Error.ShouldStartWith("calc/" + located[located.IndexOf("wit/", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void A_manifest_linked_to_dev_zero_is_exit_code_2_at_once()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "wasmc.toml"), "/dev/zero");

        var result = CliRunner.RunWith(folder.Path, HostRunner, "build");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("is a character device, not a regular file");
    }
}
