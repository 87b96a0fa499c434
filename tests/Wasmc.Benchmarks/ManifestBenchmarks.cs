using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Benchmarks;

/// <summary>
/// <c>ManifestLoader.Load</c> of a realistic <c>wasmc.toml</c> (about 4 KB: a workspace table, three bundle
/// instances, two profiles, 24 components with options, comments): read, parse, validate, check folders on disk.
/// </summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private static readonly ManifestContext Context = new(
        ["rust", "c", "cpp", "go", "js"],
        [new KnownBundle("trixie-2026.11.2", [WasiLevel.Preview2]), new KnownBundle("sid-2026.11.2", [WasiLevel.Preview2, WasiLevel.Preview3])]);

    private string _root = "";
    private string _manifestPath = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "wasmc-bench-manifest", Guid.NewGuid().ToString("N")[..12]);
        _manifestPath = Path.Combine(_root, "wasmc.toml");
        var text = GenerateManifest(24);
        for (var i = 0; i < 24; i++)
        {
            Directory.CreateDirectory(Path.Combine(_root, "components", $"part{i}", "wit"));
        }

        File.WriteAllText(_manifestPath, text);
        if (!ManifestLoader.Load(_manifestPath, Context).Succeeded)
        {
            throw new InvalidOperationException(string.Join('\n', ManifestLoader.Load(_manifestPath, Context).Diagnostics));
        }

        Console.WriteLine($"// wasmc.toml: {Encoding.UTF8.GetByteCount(text):N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public WorkspaceManifest? LoadManifest() => ManifestLoader.Load(_manifestPath, Context).Manifest;

    internal static string GenerateManifest(int components)
    {
        var text = new StringBuilder("""
            # The workspace of the calculator family (docs/manifest.md describes every key)
            [workspace]
            default-bundle = "p2"          # components that name no bundle use this one
            default-profile = "debug"
            output = "target/wasmc"

            [bundles.p2]
            bundle = "trixie-2026.11.2"
            [bundles.p3]
            bundle = "sid-2026.11.2"
            [bundles.edge]
            bundle = "sid-2026.11.2"

            [profiles.release]
            strip = true
            [profiles.release.flags]
            rust = ["-C", "opt-level=3"]
            cpp = ["-O3"]

            [profiles.bench]
            inherits = "release"
            debug-info = true


            """);
        string[] languages = ["rust", "c", "cpp", "go", "js"];
        for (var i = 0; i < components; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                # component {i}: part of the calculator family
                [[components]]
                name = "part{i}"
                language = "{languages[i % languages.Length]}"
                path = "components/part{i}"
                wit = "wit"
                world = "part{i}"
                bundle = "{(i % 3 == 0 ? "p3" : "p2")}"
                profiles = ["debug", "release"]
                [components.options]
                source = "src/part{i}.js"     # the entry point
                level = {i}
                features = ["a", "b c"]


                """);
        }

        return text.ToString();
    }
}
