using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// The <c>command</c> template with the installed tool: for every bundle that <c>bundle list</c> says builds rust, c,
/// cpp or go, <c>new --template command</c> + <c>build</c> + <c>test</c> + <c>run</c> pass: the scaffold's <c>[[run]]</c> calls
/// <c>wasi:cli/run#run</c> and checks the printed greeting and exit code 0. One workspace per bundle keeps its
/// toolchain containers warm between languages.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class CommandTemplateEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private static readonly string[] Languages = ["rust", "c", "cpp", "go"];

    [JsDockerFact]
    public void The_command_template_scaffolds_builds_and_passes_its_run_test_in_every_bundle_of_every_language()
    {
        var bundles = Languages
            .SelectMany(language => tool.BundlesListing(language).Select(bundle => (Bundle: bundle, Language: language)))
            .GroupBy(pair => pair.Bundle, pair => pair.Language)
            .ToList();
        bundles.ShouldNotBeEmpty();
        Languages.ShouldAllBe(language => bundles.Any(bundle => bundle.Contains(language)));

        var failures = new List<string>();
        foreach (var bundle in bundles)
        {
            failures.AddRange(BuildAndTest(bundle.Key, [.. bundle]));
        }

        failures.ShouldBeEmpty();
    }

    private List<string> BuildAndTest(string bundle, IReadOnlyList<string> languages)
    {
        var failures = new List<string>();
        var workspace = tool.NewWorkFolder();
        foreach (var language in languages)
        {
            var created = tool.Wasmc(workspace, "new", language, Component(language), "--template", "command", "--bundle", bundle);
            if (created.ExitCode != 0)
            {
                failures.Add($"{bundle}/{language}: new failed: {created}");
            }
        }

        var build = tool.Wasmc(workspace, "build");
        output.WriteLine($"{bundle}: build exit {build.ExitCode}");
        if (build.ExitCode != 0)
        {
            failures.Add($"{bundle}: build failed: {build}");
            return failures;
        }

        var test = tool.Wasmc(workspace, "test");
        output.WriteLine($"{bundle}: test exit {test.ExitCode}\n{test.Out}");
        if (test.ExitCode != 0 || !test.Out.Contains($"{languages.Count} passed, 0 failed ({languages.Count} cases, {languages.Count} components)", StringComparison.Ordinal))
        {
            failures.Add($"{bundle}: not every command passed its run test: {test}");
        }

        foreach (var language in languages)
        {
            var run = tool.Wasmc(workspace, "run", Component(language));
            if (run.ExitCode != 0 || !run.Out.Contains($"Hello from {Component(language)}!\n", StringComparison.Ordinal))
            {
                failures.Add($"{bundle}/{language}: run did not print the greeting: {run}");
            }
        }

        return failures;
    }

    private static string Component(string language) => $"hello-{language}";
}
