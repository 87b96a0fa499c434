using System.Diagnostics;
using Wasmc.Core.Building;
using Wasmc.Core.Testing;
using Wasmc.Core.Tests.Building.Support;
using Wasmc.Core.Tests.Components;
using Wasmc.Core.Tests.Testing.Support;
using Wasmc.Toml;
using Wasmc.Wit;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Reliability;

/// <summary>
/// Bad files (docs/reliability.md): the manifest, WIT and test files must be regular files of at most 8 MiB (a FIFO
/// must not hang wasmc, <c>/dev/zero</c> must not exhaust its memory); invalid WIT stops a build with the located error
/// of <c>wit check</c>; a test file's structural and WAVE problems come in one run.
/// </summary>
public sealed class BadFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void MakeFifo(string path) => Process.Start("mkfifo", [path])!.WaitForExit();

    private static ManifestLoadResult LoadManifest(string path) =>
        ManifestLoader.Load(path, new ManifestContext(["js"], [new KnownBundle("test-bundle", [global::Wasmc.Plugins.Abstractions.WasiLevel.Preview2])]));

    [Fact]
    public async Task A_manifest_that_is_a_fifo_is_an_error_not_a_hang()
    {
        var manifest = Path.Combine(_folder.Path, "wasmc.toml");
        MakeFifo(manifest);

        var loaded = await Task.Run(() => LoadManifest(manifest)).WaitAsync(TimeSpan.FromSeconds(30));

        loaded.Succeeded.ShouldBeFalse();
        loaded.Errors.ShouldHaveSingleItem().ToString().ShouldContain("is a FIFO, not a regular file");
    }

    [Fact]
    public void A_manifest_linked_to_dev_zero_is_an_error_not_an_out_of_memory()
    {
        var manifest = Path.Combine(_folder.Path, "wasmc.toml");
        File.CreateSymbolicLink(manifest, "/dev/zero");

        var loaded = LoadManifest(manifest);

        loaded.Errors.ShouldHaveSingleItem().ToString().ShouldContain("is a character device, not a regular file");
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_while_reading()
    {
        var big = _folder.Write("big.toml", new string('#', 2048));

        Should.Throw<InputFileException>(() => InputFiles.ReadAllBytes(big, maxBytes: 1024)).Message.ShouldContain("is larger than");
        InputFiles.ReadAllBytes(big, maxBytes: 4096).Length.ShouldBe(2048);
    }

    [Fact]
    public async Task A_wit_file_that_is_a_fifo_is_a_wit_error()
    {
        _folder.Write("wit/calc.wit", "package test:calc;\nworld calc {}\n");
        MakeFifo(Path.Combine(_folder.Path, "wit", "other.wit"));

        var error = await Task.Run(() => Should.Throw<WitException>(() => WitLoader.Load(Path.Combine(_folder.Path, "wit"))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        error.Message.ShouldContain("is a FIFO, not a regular file");
    }

    [Fact]
    public void Invalid_utf8_in_wit_is_a_located_error()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "calc.wit"), [.. "package test:calc;\n// \xff\n"u8.ToArray()[..22], 0xff, (byte)'\n']);

        var error = Should.Throw<WitException>(() => WitLoader.Load(Path.Combine(_folder.Path, "calc.wit")));

        error.Span.ShouldNotBeNull().Line.ShouldBe(2);
    }

    [Fact]
    public async Task Invalid_wit_stops_the_build_with_the_located_error_of_wit_check_before_anything_runs()
    {
        using var workspace = new BuildWorkspace("calc", "greeter");
        workspace.Write("components/calc/wit/world.wit", "package test:calc;\nworld calc { export add: func(a: u3) -> u32; }\n");

        var error = await Should.ThrowAsync<BuildInputException>(() => workspace.BuildAsync());

        error.Diagnostics.ShouldHaveSingleItem().ShouldStartWith("components/calc/wit/world.wit:2:");
        error.Diagnostics[0].ShouldContain(": error: ");
        workspace.Toolchains.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_test_file_lists_its_structural_and_its_wave_problems_in_one_run()
    {
        _folder.Write("wasmc.toml", "[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"test-bundle\"\n\n[[components]]\nname = \"lib\"\nlanguage = \"js\"\npath = \"lib\"\nworld = \"lib\"\n");
        _folder.Write("lib/wit/lib.wit", WatComponents.LibraryWit);
        _folder.Write("lib/tests/lib.test.toml", """
            interface = "api"

            [[case]]
            call = "count()"
            expected = "1"

            [[case]]
            call = "add(1, \"two\")"
            expect = "3"

            [[case]]
            call = "count()"
            expect = "\"one\""
            """);
        var manifest = LoadManifest(Path.Combine(_folder.Path, "wasmc.toml")).Manifest!;
        var tester = new WorkspaceTester([TestBundles.Jco()], new HostToolchainEnvironment(), new BuiltComponentArtifacts());

        var error = await Should.ThrowAsync<TestInputException>(() => tester.RunAsync(manifest, new TestRunOptions()));

        var lines = error.Diagnostics.Select(d => d.ToString()).ToList();
        lines.ShouldContain(line => line.StartsWith("lib/tests/lib.test.toml:5:", StringComparison.Ordinal) && line.Contains("unknown key 'expected'", StringComparison.Ordinal));
        lines.ShouldContain(line => line.StartsWith("lib/tests/lib.test.toml:8:", StringComparison.Ordinal));
        lines.ShouldContain(line => line.StartsWith("lib/tests/lib.test.toml:13:", StringComparison.Ordinal));
        lines.Count.ShouldBe(3, string.Join('\n', lines));
    }
}
