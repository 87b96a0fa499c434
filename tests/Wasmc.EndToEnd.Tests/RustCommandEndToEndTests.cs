using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Rust commands written as a <c>fn main</c> binary crate (<c>tests/fixtures/rust/command-bin</c>, copied unmodified), with the
/// installed tool, in every bundle that lists Rust: what std offers a program under <c>wasi:cli/run</c> (arguments,
/// environment, stdin, stdout and stderr, exit, preopened directories) and an import through the bindings crate, checked by
/// the fixture's <c>[[run]]</c> tests; a panic through <c>run</c>.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class RustCommandEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private const string Component = "command-bin";

    [JsDockerFact]
    public void A_fn_main_binary_crate_runs_as_a_command_with_args_env_stdin_stderr_exit_and_preopens_in_every_bundle_that_lists_rust()
    {
        var bundles = tool.BundlesListing("rust");
        bundles.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var bundle in bundles)
        {
            var workspace = Workspace(bundle);

            var test = tool.Wasmc(workspace, "test");
            output.WriteLine($"{bundle}:\n{test.Out}");
            test.ExitCode.ShouldBe(0, $"{bundle}: {test}");
            test.Out.ShouldContain("PASS arguments reach std::env::args after the program name");
            test.Out.ShouldContain("PASS the environment holds exactly the test's variables");
            test.Out.ShouldContain("PASS stdin reads to its end");
            test.Out.ShouldContain("PASS stderr is separate from stdout");
            test.Out.ShouldContain("PASS std::process::exit with a non-zero code is a failure, exit code 1");
            test.Out.ShouldContain("PASS preopened directories: read /data, write and list /tmp");
            test.Out.ShouldContain("PASS the bindings crate's imports work beside std");
            test.Out.ShouldContain("9 passed, 0 failed");

            var run = tool.Wasmc(workspace, "run", Component, "--", "args", "from", "run");
            run.ExitCode.ShouldBe(0, $"{bundle}: {run}");
            run.Out.ShouldContain("command-bin got [\"from\", \"run\"]\n");

            var panic = tool.Wasmc(workspace, "run", Component, "--", "panic", "on", "purpose");
            panic.ExitCode.ShouldBe(1, $"{bundle}: {panic}");
            panic.Error.ShouldContain("deliberate panic: on purpose");
            panic.Error.ShouldContain("the component trapped");
        }
    }

    [JsDockerFact]
    public void Two_binaries_without_default_run_are_a_located_error_with_exit_code_2()
    {
        var workspace = Workspace(tool.BundlesListing("rust")[0]);
        File.WriteAllText(Path.Combine(workspace, Component, "src", "other.rs"), "fn main() {}\n");
        File.AppendAllText(Path.Combine(workspace, Component, "Cargo.toml"), "\n[[bin]]\nname = \"other\"\npath = \"src/other.rs\"\n");

        var build = tool.Wasmc(workspace, "build");

        build.ExitCode.ShouldBe(2, build.ToString());
        (build.Out + build.Error).ShouldContain(
            "command-bin/Cargo.toml:1:1: the crate has 2 binaries ('other', 'command-bin') and wasmc builds one of them as the command: say which with `default-run = \"other\"` in [package]");
    }

    private string Workspace(string bundle)
    {
        var workspace = tool.NewWorkFolder();
        FixtureFiles.CopyFolder(Path.Combine(tool.RepoRoot, "tests", "fixtures", "rust", Component), Path.Combine(workspace, Component));
        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"),
            $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n\n[[components]]\nname = \"{Component}\"\nlanguage = \"rust\"\npath = \"{Component}\"\nworld = \"{Component}\"\n");
        return workspace;
    }
}
