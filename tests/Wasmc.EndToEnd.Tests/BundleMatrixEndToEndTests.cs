using System.Text.Json;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// The bundle contract, with the installed tool: for every bundle <c>bundle list</c> offers, every language it lists
/// and every WASI level it claims, <c>new</c> + <c>build</c> + <c>test</c> of the scaffold pass and the artifact is a
/// validated component. The matrix comes from the tool itself, so a bundle cannot claim what this test never tried.
/// One workspace per bundle and level keeps the toolchain containers warm between languages.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class BundleMatrixEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private static readonly byte[] ComponentHeader = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    [JsDockerFact]
    public void Every_language_of_every_bundle_at_every_wasi_level_scaffolds_builds_validates_and_passes_its_tests()
    {
        var list = tool.Wasmc(tool.NewWorkFolder(), "bundle", "list", "--json");
        list.ExitCode.ShouldBe(0, list.ToString());
        using var document = JsonDocument.Parse(list.Out);
        var bundles = document.RootElement.GetProperty("bundles").EnumerateArray().ToList();
        bundles.ShouldNotBeEmpty();

        var failures = new List<string>();
        var combinations = 0;
        foreach (var bundle in bundles)
        {
            var name = bundle.GetProperty("name").GetString()!;
            var languages = bundle.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!).ToList();
            foreach (var wasi in bundle.GetProperty("wasi").EnumerateArray().Select(w => w.GetString()!))
            {
                combinations += languages.Count;
                failures.AddRange(BuildAndTest(name, wasi, languages));
            }
        }

        output.WriteLine($"{combinations} combinations of bundle, language and WASI level tried");
        combinations.ShouldBeGreaterThanOrEqualTo(9);
        failures.ShouldBeEmpty();
    }

    private List<string> BuildAndTest(string bundle, string wasi, IReadOnlyList<string> languages)
    {
        var failures = new List<string>();
        var workspace = tool.NewWorkFolder();
        foreach (var language in languages)
        {
            var created = tool.Wasmc(workspace, "new", language, Component(language), "--bundle", bundle, "--wasi", wasi);
            if (created.ExitCode != 0)
            {
                failures.Add($"{bundle}/{wasi}/{language}: new failed: {created}");
            }
        }

        var build = tool.Wasmc(workspace, "build", "--json");
        output.WriteLine($"{bundle} {wasi}: build exit {build.ExitCode}");
        if (build.ExitCode != 0)
        {
            failures.Add($"{bundle}/{wasi}: build failed: {build}");
            return failures;
        }

        using var outcome = JsonDocument.Parse(build.Out);
        foreach (var component in outcome.RootElement.GetProperty("components").EnumerateArray())
        {
            var name = component.GetProperty("component").GetString();
            var path = component.GetProperty("artifacts")[0].GetProperty("path").GetString()!;
            if (component.GetProperty("status").GetString() != "built" || !StartsLikeAComponent(path))
            {
                failures.Add($"{bundle}/{wasi}/{name}: not a built component: {component}");
            }
        }

        var test = tool.Wasmc(workspace, "test");
        output.WriteLine($"{bundle} {wasi}: test exit {test.ExitCode}\n{test.Out}");
        foreach (var language in languages)
        {
            // The scaffold's test file has three cases; each component's summary line must say they all passed.
            if (!test.Out.Contains($"{Component(language)} (", StringComparison.Ordinal) || test.ExitCode != 0)
            {
                failures.Add($"{bundle}/{wasi}/{language}: test failed: {test}");
            }
        }

        if (!test.Out.Contains($"{languages.Count * 3} passed, 0 failed ({languages.Count * 3} cases, {languages.Count} components)", StringComparison.Ordinal))
        {
            failures.Add($"{bundle}/{wasi}: not every case passed: {test.Out}");
        }

        return failures;
    }

    private static string Component(string language) => $"calc-{language}";

    private static bool StartsLikeAComponent(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        var header = new byte[ComponentHeader.Length];
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.AsSpan().SequenceEqual(ComponentHeader);
    }
}
