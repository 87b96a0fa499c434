using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Files;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Rust;
using Wasmc.Wit;

namespace Wasmc.Core.Tests.Testing;

/// <summary>The test file every built-in template scaffolds must pass the test runner's checks.</summary>
public class ScaffoldedTestsTests
{
    public static TheoryData<string> Languages => new() { "js", "rust", "c", "cpp", "go" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_scaffolded_test_file_type_checks_against_the_scaffolded_wit(string language)
    {
        ILanguagePlugin plugin = language switch
        {
            "js" => new JsPlugin(),
            "rust" => new RustPlugin(),
            "c" => new CPlugin(),
            "cpp" => new CppPlugin(),
            _ => new GoPlugin(),
        };
        var scaffold = plugin.Scaffold(new ScaffoldRequest("calc", plugin.Templates[0].Id, WasiLevel.Preview2));
        var wit = scaffold.Files.Single(f => f.RelativePath.EndsWith(".wit", StringComparison.Ordinal));
        var tests = scaffold.Files.Single(f => f.RelativePath.EndsWith(TestFileReader.Suffix, StringComparison.Ordinal));
        tests.RelativePath.ShouldStartWith(TestFileReader.FolderName + "/");

        var diagnostics = new List<TestDiagnostic>();
        var file = TestFileReader.Read(tests.Contents, "/ws/calc/" + tests.RelativePath, "calc/" + tests.RelativePath, diagnostics);
        var loaded = WitLoader.LoadText(wit.Contents, wit.RelativePath);
        var world = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, scaffold.World);
        var cases = new TestCaseChecker("calc", loaded.Resolve, world).Check(file.ShouldNotBeNull(), diagnostics);

        diagnostics.ShouldBeEmpty();
        cases.Count.ShouldBeGreaterThan(0);
        cases.ShouldAllBe(c => c is CheckedCall && ((CheckedCall)c).Expected != null);
    }

    [Fact]
    public void The_rust_http_template_test_file_type_checks_as_requests_against_its_world()
    {
        var scaffold = new RustPlugin().Scaffold(new ScaffoldRequest("web", "http", WasiLevel.Preview2));
        var wit = scaffold.Files.Single(f => f.RelativePath.EndsWith(".wit", StringComparison.Ordinal));
        var tests = scaffold.Files.Single(f => f.RelativePath.EndsWith(TestFileReader.Suffix, StringComparison.Ordinal));

        var diagnostics = new List<TestDiagnostic>();
        var file = TestFileReader.Read(tests.Contents, "/ws/web/" + tests.RelativePath, "web/" + tests.RelativePath, diagnostics);
        var loaded = WitLoader.LoadText(wit.Contents, wit.RelativePath);
        var world = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, scaffold.World);
        var cases = new TestCaseChecker("web", loaded.Resolve, world).Check(file.ShouldNotBeNull(), diagnostics);

        diagnostics.ShouldBeEmpty();
        cases.Select(c => c.Name).ShouldBe(["greets", "echoes the body", "answers 404 elsewhere"]);
        cases.ShouldAllBe(c => c is CheckedRequest);
    }
}

