using Wasmc.Core.Building;
using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Testing.Running.Jco;
using Wasmc.Core.Tests.Components;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Testing;

/// <summary>
/// The Wasmtime runner through <see cref="WorkspaceTester"/> on a component in the WebAssembly text format
/// (no Docker): limits from the test file, a fresh instance after a trap, the compiled cache in the report,
/// and which cases would go to jco.
/// </summary>
public sealed class WasmtimeRunnerTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public WasmtimeRunnerTests()
    {
        _workspace.Write("wasmc.toml", """
            [workspace]
            default-bundle = "b"

            [bundles.b]
            bundle = "test-bundle"

            [[components]]
            name = "lib"
            language = "js"
            path = "lib"
            world = "lib"
            """);
        _workspace.Write("lib/wit/lib.wit", WatComponents.LibraryWit);
        _workspace.Write("target/wasmc/debug/lib/lib.wasm", WatComponents.Library);
    }

    public void Dispose() => _workspace.Dispose();

    private WorkspaceManifest Manifest()
    {
        var loaded = ManifestLoader.Load(Path.Combine(_workspace.Path, "wasmc.toml"),
            new ManifestContext(["js"], [new KnownBundle("test-bundle", [global::Wasmc.Plugins.Abstractions.WasiLevel.Preview2])]));
        loaded.Errors.ShouldBeEmpty();
        return loaded.Manifest!;
    }

    private async Task<ComponentTestReport> RunAsync(string tests)
    {
        _workspace.Write("lib/tests/lib.test.toml", tests);
        await using var toolchains = new HostToolchainEnvironment();
        var tester = new WorkspaceTester([TestBundles.Jco()], toolchains, new BuiltComponentArtifacts());
        return (await tester.RunAsync(Manifest(), new TestRunOptions())).Components.Single();
    }

    [Fact]
    public async Task A_time_out_fails_its_case_and_the_next_case_gets_a_fresh_instance()
    {
        var report = await RunAsync("""
            interface = "api"
            timeout-ms = 5000

            [[case]]
            call = "count()"
            expect = "1"

            [[case]]
            call = "count()"
            expect = "2"

            [[case]]
            name = "loops"
            call = "spin()"
            timeout-ms = 100

            [[case]]
            name = "fresh"
            call = "count()"
            expect = "1"

            [[case]]
            call = "boom()"
            expect-error = "unreachable"

            [[case]]
            call = "echo(\"ünïcode\")"
            expect = "\"ünïcode\""
            """);

        report.Runner.ShouldBe("wasmtime");
        report.Cases.Select(c => c.Status).ShouldBe(
            [TestCaseStatus.Passed, TestCaseStatus.Passed, TestCaseStatus.Failed, TestCaseStatus.Passed, TestCaseStatus.Passed, TestCaseStatus.Passed]);
        report.Cases[2].Message!.Split('\n')[0].ShouldBe("the call trapped: time limit of 0.1 s exceeded (wasm trap: interrupt)");
        report.Cases[2].Message!.ShouldContain("\nwasm backtrace:\n  0: ");
        report.Cases[2].Actual.ShouldBe("trap: time limit of 0.1 s exceeded (wasm trap: interrupt)");
    }

    [Fact]
    public async Task The_memory_limit_comes_from_the_test_file()
    {
        var report = await RunAsync("""
            interface = "api"

            [[case]]
            call = "grow(64)"
            expect = "1"

            [[case]]
            name = "refused"
            call = "grow(64)"
            expect = "-1"
            memory-limit-mib = 1
            """);

        report.Cases.Select(c => c.Status).ShouldBe([TestCaseStatus.Passed, TestCaseStatus.Passed]);
    }

    [Fact]
    public async Task The_report_says_compiled_then_cached()
    {
        const string tests = "[[case]]\ncall = \"add(1, 2)\"\nexpect = \"3\"\n";

        var first = await RunAsync(tests);
        var second = await RunAsync(tests);

        first.Detail.ShouldStartWith("compiled in ");
        second.Detail.ShouldBe("cached");
        Directory.GetFiles(Path.Combine(_workspace.Path, "target", "wasmc", "debug", ".wasmtime"), "lib.*.cwasm").Length.ShouldBe(1);
    }

    [Fact]
    public void Cases_whose_signatures_use_a_map_go_to_jco_with_the_reason()
    {
        _workspace.Write("lib/wit/lib.wit", WatComponents.LibraryWit.Replace(
            "echo: func(s: string) -> string;", "echo: func(s: string) -> string;\n    tally: func(m: map<string, u32>) -> u32;", StringComparison.Ordinal));
        _workspace.Write("lib/tests/lib.test.toml", """
            interface = "api"

            [[case]]
            call = "add(1, 2)"
            expect = "3"

            [[case]]
            call = "tally([(\"a\", 1)])"
            expect = "1"
            """);
        using var runtimes = new ComponentRuntimes();
        var tester = new WorkspaceTester([TestBundles.Jco()], new HostToolchainEnvironment(), new BuiltComponentArtifacts());

        var plan = tester.Plan(Manifest(), [], runtimes).Single();

        plan.Runner.ShouldBeOfType<WasmtimeTestRunner>();
        plan.Fallback.ShouldBeOfType<JcoTestRunner>();
        var groups = plan.Groups(plan.Cases).ToList();
        groups.Select(g => (g.Runner.Name, g.Cases.Count)).ShouldBe([("wasmtime", 1), ("jco", 1)]);
        groups[1].Reason.ShouldBe("'test:lib/api@0.1.0.tally' uses a map, which Wasmtime's .NET API cannot pass");
    }

    [Fact]
    public void Requests_go_to_jco_with_the_reason_and_a_bundle_without_jco_refuses_them()
    {
        _workspace.Write("lib/wit/lib.wit", "package local:lib@0.1.0;\nworld lib { export wasi:http/incoming-handler@0.2.12; }\n");
        _workspace.Write("lib/tests/lib.test.toml", "[[request]]\npath = \"/\"\n\n[[request]]\npath = \"/a\"\n");
        using var runtimes = new ComponentRuntimes();

        var plan = new WorkspaceTester([TestBundles.Jco()], new HostToolchainEnvironment(), new BuiltComponentArtifacts()).Plan(Manifest(), [], runtimes).Single();

        plan.Runner.ShouldBeOfType<WasmtimeTestRunner>();
        var group = plan.Groups(plan.Cases).Single();
        group.Runner.ShouldBeOfType<JcoTestRunner>();
        group.Cases.Count.ShouldBe(2);
        group.Reason.ShouldBe("[[request]] serves wasi:http/incoming-handler, whose requests and responses are resources, which Wasmtime's .NET API cannot pass");

        var withoutJco = new WorkspaceTester([TestBundles.Wasmtime("50.0.1")], new HostToolchainEnvironment(), new BuiltComponentArtifacts());
        Should.Throw<TestInputException>(() => withoutJco.Plan(Manifest(), [], runtimes))
            .Message.ShouldContain("has cases Wasmtime cannot run (wasi:http/incoming-handler, whose requests and responses are resources), and its bundle 'test-bundle' has no jco runner");
    }

    [Fact]
    public void The_runner_key_and_the_option_choose_jco()
    {
        using var runtimes = new ComponentRuntimes();
        _workspace.Write("lib/tests/lib.test.toml", "[[case]]\ncall = \"add(1, 2)\"\nexpect = \"3\"\n");
        var tester = new WorkspaceTester([TestBundles.Jco()], new HostToolchainEnvironment(), new BuiltComponentArtifacts());

        tester.Plan(Manifest(), [], runtimes, "jco").Single().Runner.Name.ShouldBe("jco");
        tester.Plan(Manifest(), [], runtimes).Single().Runner.Name.ShouldBe("wasmtime");
        _workspace.Write("wasmc.toml", File.ReadAllText(Path.Combine(_workspace.Path, "wasmc.toml")) + "\nrunner = \"jco\"\n");
        tester.Plan(Manifest(), [], runtimes).Single().Runner.Name.ShouldBe("jco");
        Should.Throw<TestInputException>(() => tester.Plan(Manifest(), [], runtimes, "node")).Message.ShouldContain("unknown runner 'node'");
    }

    [Fact]
    public void The_jco_runner_refuses_directories()
    {
        using var runtimes = new ComponentRuntimes();
        _workspace.Write("lib/wit/lib.wit", WatComponents.CommandWit);
        _workspace.Write("wasmc.toml", File.ReadAllText(Path.Combine(_workspace.Path, "wasmc.toml")).Replace("world = \"lib\"", "world = \"cmd\"", StringComparison.Ordinal));
        _workspace.Write("lib/tests/fixtures/a.txt", "a");
        _workspace.Write("lib/tests/lib.test.toml", "[[run]]\ndirs = { \"/data\" = \"fixtures\" }\n");
        var tester = new WorkspaceTester([TestBundles.Jco()], new HostToolchainEnvironment(), new BuiltComponentArtifacts());

        tester.Plan(Manifest(), [], runtimes).Single().Cases.Single().ShouldNotBeNull();
        Should.Throw<TestInputException>(() => tester.Plan(Manifest(), [], runtimes, "jco"))
            .Message.ShouldContain("the jco runner cannot give a [[run]] directories");
    }

    [Fact]
    public async Task A_run_case_gets_its_directories_and_reports_the_exit_code()
    {
        _workspace.Write("lib/wit/lib.wit", WatComponents.CommandWit);
        _workspace.Write("wasmc.toml", File.ReadAllText(Path.Combine(_workspace.Path, "wasmc.toml")).Replace("world = \"lib\"", "world = \"cmd\"", StringComparison.Ordinal));
        _workspace.Write("target/wasmc/debug/lib/lib.wasm", WatComponents.ExitingCommand);
        _workspace.Write("lib/tests/fixtures/a.txt", "a");

        var report = await RunAsync("""
            [[run]]
            name = "exits with 1"
            dirs = { "/data" = "fixtures" }
            scratch = "/tmp"
            expect-exit = 1

            [[run]]
            name = "wrong exit"
            """);

        report.Cases.Select(c => c.Status).ShouldBe([TestCaseStatus.Passed, TestCaseStatus.Failed]);
        report.Cases[1].Message.ShouldBe("expected exit code 0, got 1");
    }
}
