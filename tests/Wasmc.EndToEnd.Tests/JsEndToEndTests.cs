using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// JavaScript all the way, with the packed and installed tool: scaffold, build in the bundle's node image, test
/// through jco, report JavaScript errors at the user's file:line:col, and the examples workspace. Each
/// componentize-js run takes 15-20 s on an idle machine (much longer under load), so the tests build as few
/// components as they can: one successful build each for the scaffold and the two examples, one failing one
/// for an error thrown while the module initialises; the syntax error stops before componentize-js starts.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed partial class JsEndToEndTests(InstalledTool tool)
{
    /// <summary><c>\0asm</c>, version 0x0d, layer 1: a component, not a core module.</summary>
    private static readonly byte[] ComponentHeader = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    [JsDockerFact]
    public void New_js_calc_builds_and_passes_its_tests_and_a_wrong_expectation_fails_with_a_diff()
    {
        var workspace = tool.NewWorkFolder();
        tool.Wasmc(workspace, "new", "js", "calc").ExitCode.ShouldBe(0);

        var build = tool.Wasmc(workspace, "build");
        build.ExitCode.ShouldBe(0, build.ToString());

        // A second build is a cache hit; --json lists every artifact with its absolute path.
        var json = tool.Wasmc(workspace, "build", "--json");
        json.ExitCode.ShouldBe(0, json.ToString());
        var component = ComponentOutcome(json.Out, "calc");
        component.GetProperty("status").GetString().ShouldBe("up-to-date");
        var artifact = component.GetProperty("artifacts")[0];
        artifact.GetProperty("kind").GetString().ShouldBe("component");
        var path = artifact.GetProperty("path").GetString()!;
        path.ShouldStartWith(workspace);
        path.ShouldEndWith("calc.wasm");
        ReadHeader(path).ShouldBe(ComponentHeader);

        var test = tool.Wasmc(workspace, "test");
        test.ExitCode.ShouldBe(0, test.ToString());
        test.Out.ShouldContain("PASS adds");
        test.Out.ShouldContain("0 failed");

        // adds: add(1.0, 2.0) is 3.0, not 4.0.
        var testFile = Path.Combine(workspace, "calc", "tests", "calc.test.toml");
        var text = File.ReadAllText(testFile);
        text.ShouldContain("expect = \"3.0\"");
        File.WriteAllText(testFile, text.Replace("expect = \"3.0\"", "expect = \"4.0\"", StringComparison.Ordinal));

        var failing = tool.Wasmc(workspace, "test");
        failing.ExitCode.ShouldBe(1, failing.ToString());
        failing.Out.ShouldContain("FAIL adds");
        failing.Out.ShouldContain("calc/tests/calc.test.toml:");
        Regex.IsMatch(failing.Out, @"expected: 4(\.0)?\s*\n\s*actual: +3(\.0)?\s*\n").ShouldBeTrue(failing.ToString());
        failing.Out.ShouldContain("PASS subtracts");
    }

    [JsDockerFact]
    public void A_syntax_error_is_reported_at_its_file_line_and_column_in_the_workspace()
    {
        var workspace = tool.NewWorkFolder();
        tool.Wasmc(workspace, "new", "js", "calc").ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(workspace, "calc", "src", "calc.js"), """
            export const calculator = {
              add(a, b) {
                return a + ;
              },
            };

            """);

        var build = tool.Wasmc(workspace, "build");

        build.ExitCode.ShouldBe(1, build.ToString());
        var output = build.Out + build.Error;
        output.ShouldContain("calc/src/calc.js:3:16: SyntaxError: Unexpected token ';'");
        output.ShouldNotContain("/workspace/");
        File.Exists(Path.Combine(workspace, "target", "wasmc", "debug", "calc", "calc.wasm")).ShouldBeFalse();
    }

    [JsDockerFact]
    public void An_error_thrown_while_the_module_initializes_is_reported_at_its_file_and_line()
    {
        var workspace = tool.NewWorkFolder();
        tool.Wasmc(workspace, "new", "js", "calc").ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(workspace, "calc", "src", "calc.js"), """
            const settings = {};
            const precision = settings.rounding.digits;
            export const calculator = {
              add: (a, b) => a + b,
              subtract: (a, b) => a - b,
              multiply: (a, b) => a * b,
            };

            """);

        var build = tool.Wasmc(workspace, "build");

        build.ExitCode.ShouldBe(1, build.ToString());
        var output = build.Out + build.Error;
        InitializationError().IsMatch(output).ShouldBeTrue(output);
        output.ShouldNotContain("/workspace/");
        output.ShouldNotContain("file:///opt/");
    }

    [JsDockerFact]
    public void The_examples_workspace_builds_js_rust_and_go_with_two_bundles_and_every_test_passes()
    {
        var workspace = tool.NewWorkFolder();
        FixtureFiles.CopyFolder(Path.Combine(tool.RepoRoot, "examples"), workspace);

        var build = tool.Wasmc(workspace, "build", "--json");
        build.ExitCode.ShouldBe(0, build.ToString());
        foreach (var (name, bundle) in new[]
        {
            ("calculator", "trixie-2026.11.2"), ("data-types", "sid-2026.11.2"), ("temperature", "trixie-2026.11.2"), ("number-theory", "sid-2026.11.2"),
        })
        {
            var outcome = ComponentOutcome(build.Out, name);
            outcome.GetProperty("status").GetString().ShouldBe("built");
            outcome.GetProperty("bundle").GetString().ShouldBe(bundle);
            ReadHeader(outcome.GetProperty("artifacts")[0].GetProperty("path").GetString()!).ShouldBe(ComponentHeader);
        }

        var test = tool.Wasmc(workspace, "test");
        test.ExitCode.ShouldBe(0, test.ToString());
        test.Out.ShouldContain("PASS division by zero is an error value");
        test.Out.ShouldContain("PASS division by zero is an error result, the others still succeed");
        test.Out.ShouldContain("PASS minus forty is the same on both scales");
        test.Out.ShouldContain("PASS lcm near the top of u64 does not overflow");
        test.Out.ShouldContain("0 failed");
        test.Out.ShouldNotContain("FAIL ", Case.Sensitive); // "0 failed" is fine; a "FAIL <case>" line is not
    }

    private static JsonElement ComponentOutcome(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var component in document.RootElement.GetProperty("components").EnumerateArray())
        {
            if (component.GetProperty("component").GetString() == name)
            {
                return component.Clone();
            }
        }

        throw new ShouldAssertException($"build --json lists no component '{name}':\n{json}");
    }

    private static byte[] ReadHeader(string path)
    {
        File.Exists(path).ShouldBeTrue($"the artifact {path} does not exist");
        using var stream = File.OpenRead(path);
        var header = new byte[ComponentHeader.Length];
        stream.ReadExactly(header);
        return header;
    }

    [GeneratedRegex(@"(?m)^.*calc/src/calc\.js:2:\d+: TypeError: .*rounding")]
    private static partial Regex InitializationError();
}
