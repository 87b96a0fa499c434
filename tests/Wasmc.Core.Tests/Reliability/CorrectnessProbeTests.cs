using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Building.Internal;
using Wasmc.Core.Testing;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Core.Tests.Components;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// Correctness probes of issue 10 (docs/reliability.md, "stale artifacts"), with a fake runner: artifacts are checked
/// by hash, test files are not build inputs, the files a build reported reading (dependency files) key the cache, and
/// a component that fails to build does not stop the tests of the others.
/// </summary>
public sealed class CorrectnessProbeTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new("calc", "greeter");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_truncated_artifact_is_rebuilt()
    {
        await _workspace.BuildAsync();
        File.WriteAllBytes(_workspace.Artifact("calc"), []);

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.Built, ComponentBuildStatus.UpToDate]);
        File.ReadAllBytes(_workspace.Artifact("calc")).ShouldBe(FakeWasm.Component);
    }

    [Fact]
    public async Task An_artifact_replaced_by_another_file_of_the_same_size_is_rebuilt()
    {
        await _workspace.BuildAsync();
        var bytes = File.ReadAllBytes(_workspace.Artifact("greeter"));
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(_workspace.Artifact("greeter"), bytes);

        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.UpToDate, ComponentBuildStatus.Built]);
    }

    [Fact]
    public async Task Editing_a_test_file_does_not_rebuild_but_other_files_in_tests_do()
    {
        _workspace.Write("components/calc/tests/calc.test.toml", "[[case]]\ncall = \"add(1.0, 2.0)\"\nexpect = \"3.0\"\n");
        await _workspace.BuildAsync();

        _workspace.Write("components/calc/tests/calc.test.toml", "[[case]]\ncall = \"add(1.0, 2.0)\"\nexpect = \"4.0\"\n");
        _workspace.Write("components/calc/tests/more.test.toml", "");
        (await _workspace.BuildAsync()).ShouldAllBe(o => o.Status == ComponentBuildStatus.UpToDate);

        // Only wasmc's own test files are left out: a fixture a build could read is still an input.
        _workspace.Write("components/calc/tests/fixture.json", "{}");
        (await _workspace.BuildAsync()).Select(o => o.Status).ShouldBe([ComponentBuildStatus.Built, ComponentBuildStatus.UpToDate]);
    }

    [Fact]
    public void Dependency_files_are_parsed_like_make_does()
    {
        var text = "/out/a.o: /workspace/src/a.c \\\n  /workspace/shared/with\\ space.h /usr/include/stdio.h \\\r\n relative.h /workspace/$$x.h\n/workspace/b.o:\n";

        DependencyFiles.Parse(text).ShouldBe(["/workspace/src/a.c", "/workspace/shared/with space.h", "/usr/include/stdio.h", "/workspace/$x.h"]);
    }

    /// <summary>
    /// The property: after a build, editing a file the build reported reading rebuilds, editing one it did not read
    /// does not. Each build reads a random subset of <c>shared/</c> (as imports change); seeded, so a failure repeats.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Editing_a_file_the_build_read_rebuilds_and_editing_one_it_did_not_read_does_not(int seed)
    {
        var random = new Random(seed);
        string[] shared = ["a.js", "b.js", "c.h", "d.h", "e.txt", "f.txt"];
        foreach (var file in shared)
        {
            _workspace.Write($"shared/{file}", file);
        }

        var read = new HashSet<string>(StringComparer.Ordinal);
        _workspace.Plugin.Plan = request => FakePlugin.DefaultPlan(request) with { DependencyFiles = ["/scratch/deps/imports.d"] };
        _workspace.Toolchains.BeforeStep = (request, _) =>
        {
            if (request.Step.Description == "compile" && request.ComponentName == "calc")
            {
                read.Clear();
                read.UnionWith(shared.Where(_ => random.Next(2) == 0));
                var listed = string.Join(" \\\n  ", read.Select(file => $"/workspace/shared/{file}"));
                Directory.CreateDirectory(Path.Combine(request.Folders.Scratch, "deps"));
                File.WriteAllText(Path.Combine(request.Folders.Scratch, "deps", "imports.d"), $"/out/calc.wasm: /workspace/components/calc/src/main.txt {listed}\n");
            }

            return Task.CompletedTask;
        };
        await _workspace.BuildAsync(new BuildOptions { Components = ["calc"], Jobs = 1 });

        for (var edit = 0; edit < 25; edit++)
        {
            var file = shared[random.Next(shared.Length)];
            var wasRead = read.Contains(file);
            _workspace.Write($"shared/{file}", $"edit {edit} of {file}");

            var outcome = (await _workspace.BuildAsync(new BuildOptions { Components = ["calc"], Jobs = 1 })).Single();

            outcome.Status.ShouldBe(wasRead ? ComponentBuildStatus.Built : ComponentBuildStatus.UpToDate, $"seed {seed}, edit {edit}: shared/{file} (read: {string.Join(", ", read)})");
        }
    }

    [Fact]
    public async Task A_component_that_fails_to_build_is_reported_and_the_others_are_still_handed_to_the_tests()
    {
        _workspace.Toolchains.Behaviour = request => request.ComponentName == "calc" && request.Step.Description == "compile"
            ? new FakeStepBehaviour(ExitCode: 1, Lines: ["calc.c:1:1: error: broken"])
            : new FakeStepBehaviour(Contents: FakeWasm.Component);

        var failed = await Should.ThrowAsync<TestBuildFailedException>(() =>
            new BuildingComponentArtifacts(_workspace.Builder()).GetAsync(_workspace.Manifest(), ["calc", "greeter"], "debug", CancellationToken.None));

        failed.Failures.Keys.ShouldBe(["calc"]);
        failed.Built.ShouldBe(new Dictionary<string, string> { ["greeter"] = _workspace.Artifact("greeter") });
    }
}

/// <summary>The tester's side: the failed component's cases fail with the reason, the built one's run (no Docker).</summary>
public sealed class FailedBuildTestingTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task The_cases_of_a_component_that_did_not_build_fail_and_the_others_run()
    {
        var components = new System.Text.StringBuilder("[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"test-bundle\"\n");
        foreach (var name in new[] { "lib", "broken" })
        {
            components.Append($"\n[[components]]\nname = \"{name}\"\nlanguage = \"js\"\npath = \"{name}\"\nworld = \"lib\"\n");
            _workspace.Write($"{name}/wit/lib.wit", WatComponents.LibraryWit);
            _workspace.Write($"{name}/tests/lib.test.toml", "interface = \"api\"\n\n[[case]]\ncall = \"count()\"\nexpect = \"1\"\n");
        }

        _workspace.Write("wasmc.toml", components.ToString());
        _workspace.Write("target/wasmc/debug/lib/lib.wasm", WatComponents.Library);
        var manifest = ManifestLoader.Load(Path.Combine(_workspace.Path, "wasmc.toml"),
            new ManifestContext(["js"], [new KnownBundle("test-bundle", [global::Wasmc.Plugins.Abstractions.WasiLevel.Preview2])])).Manifest!;
        await using var toolchains = new HostToolchainEnvironment();
        var tester = new WorkspaceTester([TestBundles.Jco()], toolchains, new OneFailedBuild(Path.Combine(_workspace.Path, "target", "wasmc", "debug", "lib", "lib.wasm")));

        var report = await tester.RunAsync(manifest, new TestRunOptions());

        report.Succeeded.ShouldBeFalse();
        var lib = report.Components.Single(c => c.Component == "lib");
        lib.Passed.ShouldBe(1);
        var broken = report.Components.Single(c => c.Component == "broken");
        broken.Cases.ShouldHaveSingleItem().Status.ShouldBe(TestCaseStatus.Failed);
        broken.Cases[0].Message.ShouldBe("not run: the component failed to build: step \"compile\" exited with code 1");
    }

    private sealed class OneFailedBuild(string libWasm) : IComponentArtifacts
    {
        public Task<IReadOnlyDictionary<string, string>> GetAsync(WorkspaceManifest manifest, IReadOnlyList<string> components, string profile, CancellationToken cancellationToken) =>
            throw new TestBuildFailedException(
                "cannot test what does not build",
                new Dictionary<string, string> { ["lib"] = libWasm },
                new Dictionary<string, string> { ["broken"] = "step \"compile\" exited with code 1" });
    }
}
