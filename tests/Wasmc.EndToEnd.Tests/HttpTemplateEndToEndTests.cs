using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// The Rust <c>http</c> template with the installed tool: for every bundle that <c>bundle list</c> says builds rust,
/// <c>new rust web --template http</c> + <c>build</c> + <c>test</c> pass, the scaffold's <c>[[request]]</c> cases being real
/// HTTP requests served by the component (jco in the bundle's node image). Then a test file with wrong expectations
/// makes <c>test</c> fail with every mismatch listed (the harness can fail), and a <c>[[request]]</c> on a library
/// component is a located error with exit code 2.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class HttpTemplateEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private const string WrongExpectations = """
        component = "web"

        [[request]]
        name = "wrong on purpose"
        method = "POST"
        path = "/echo"
        headers = { content-type = "text/csv" }
        body = "a,b"
        expect-status = 201
        expect-headers = { content-type = "text/plain" }
        expect-body = "b,a"
        """;

    [JsDockerFact]
    public void The_rust_http_template_serves_its_request_tests_in_every_bundle_that_lists_rust_wrong_expectations_fail_and_misplaced_requests_are_exit_2()
    {
        var bundles = tool.BundlesListing("rust");
        bundles.ShouldNotBeEmpty();

        var failures = new List<string>();
        foreach (var bundle in bundles)
        {
            failures.AddRange(ScaffoldBuildAndTest(bundle));
        }

        failures.ShouldBeEmpty();
    }

    [JsDockerFact]
    public void A_trap_a_missing_response_and_an_error_response_each_fail_their_request_and_the_component_keeps_serving()
    {
        foreach (var bundle in tool.BundlesListing("rust"))
        {
            var workspace = tool.NewWorkFolder();
            FixtureFiles.CopyFolder(Path.Combine(tool.RepoRoot, "tests", "fixtures", "rust", "http-failures"), Path.Combine(workspace, "http-failures"));
            File.WriteAllText(Path.Combine(workspace, "wasmc.toml"),
                $"[workspace]\ndefault-bundle = \"b\"\n\n[bundles.b]\nbundle = \"{bundle}\"\n\n[[components]]\nname = \"http-failures\"\nlanguage = \"rust\"\npath = \"http-failures\"\nworld = \"http-failures\"\n");

            var test = tool.Wasmc(workspace, "test");
            output.WriteLine($"{bundle}: test exit {test.ExitCode}\n{test.Out}");

            test.ExitCode.ShouldBe(1, $"{bundle}: {test}");
            test.Out.ShouldContain("  FAIL fails: a trap (");
            test.Out.ShouldContain("       the component trapped: wasm trap: wasm `unreachable` instruction executed");
            test.Out.ShouldContain("         | asked to panic");
            test.Out.ShouldContain("  PASS a fresh instance after the trap (");
            test.Out.ShouldContain("       the component's handle returned without setting a response (response-outparam.set)");
            test.Out.ShouldContain("       the component set an error response: {\"tag\":\"HTTP-request-denied\"}");
            test.Out.ShouldContain("  PASS still serving (");
            test.Out.ShouldContain("FAILED: 2 passed, 3 failed (5 cases, 1 component)");
        }
    }

    private List<string> ScaffoldBuildAndTest(string bundle)
    {
        var failures = new List<string>();
        var workspace = tool.NewWorkFolder();
        var created = tool.Wasmc(workspace, "new", "rust", "web", "--template", "http", "--bundle", bundle);
        if (created.ExitCode != 0)
        {
            return [$"{bundle}: new failed: {created}"];
        }

        var build = tool.Wasmc(workspace, "build");
        output.WriteLine($"{bundle}: build exit {build.ExitCode}");
        if (build.ExitCode != 0)
        {
            return [$"{bundle}: build failed: {build}"];
        }

        var test = tool.Wasmc(workspace, "test");
        output.WriteLine($"{bundle}: test exit {test.ExitCode}\n{test.Out}");
        string[] passing =
        [
            "web (wasmtime, 3 cases with jco (Node): [[request]] serves wasi:http/incoming-handler",
            "  PASS greets (",
            "  PASS echoes the body (",
            "  PASS answers 404 elsewhere (",
            "PASSED: 3 passed, 0 failed (3 cases, 1 component)",
        ];
        if (test.ExitCode != 0 || passing.Any(line => !test.Out.Contains(line, StringComparison.Ordinal)))
        {
            failures.Add($"{bundle}: the scaffold's [[request]] tests did not all pass: {test}");
        }

        File.WriteAllText(Path.Combine(workspace, "web", "tests", "wrong.test.toml"), WrongExpectations);
        var wrong = tool.Wasmc(workspace, "test");
        output.WriteLine($"{bundle}: wrong expectations: test exit {wrong.ExitCode}\n{wrong.Out}");
        string[] mismatches =
        [
            "  FAIL wrong on purpose (",
            "       - expected status 201, got 200",
            "       - expected header content-type: \"text/plain\", got \"text/csv\"",
            "       - expected body \"b,a\", got \"a,b\"",
            "FAILED: 3 passed, 1 failed (4 cases, 1 component)",
        ];
        if (wrong.ExitCode != 1 || mismatches.Any(line => !wrong.Out.Contains(line, StringComparison.Ordinal)))
        {
            failures.Add($"{bundle}: wrong expectations did not fail with every mismatch listed: {wrong}");
        }

        // A [[request]] needs a world that exports the incoming handler; the check runs before anything is built.
        var library = tool.Wasmc(workspace, "new", "rust", "calc", "--bundle", bundle);
        File.WriteAllText(Path.Combine(workspace, "calc", "tests", "http.test.toml"), "[[request]]\npath = \"/\"\n\n[[request]]\nurl = \"/\"\n");
        var mistaken = tool.Wasmc(workspace, "test");
        output.WriteLine($"{bundle}: [[request]] on a library: test exit {mistaken.ExitCode}\n{mistaken.Out}{mistaken.Error}");
        string[] located =
        [
            "calc/tests/http.test.toml:5:1: unknown key 'url' in a [[request]]",
            "calc/tests/http.test.toml:1:1: [[request]] needs an HTTP component, but the world 'calc' does not export wasi:http/incoming-handler",
        ];
        if (library.ExitCode != 0 || mistaken.ExitCode != 2 || located.Any(line => !(mistaken.Out + mistaken.Error).Contains(line, StringComparison.Ordinal)))
        {
            failures.Add($"{bundle}: a [[request]] on a library and an unknown key were not located errors with exit code 2: {library}\n{mistaken}");
        }

        return failures;
    }
}
