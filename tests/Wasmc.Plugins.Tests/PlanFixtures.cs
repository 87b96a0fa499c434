using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Tests;

/// <summary>Build requests as the host would make them, without any files on disk unless a test adds a folder.</summary>
internal static class PlanFixtures
{
    public static readonly ContainerPaths Paths = new("/workspace", "/workspace/components/calc", "/out/calc", "/scratch/calc");

    public static ProfileSpec Release { get; } = new("release", Optimize: true, DebugInfo: false, Strip: true, []);

    public static ProfileSpec Debug { get; } = new("debug", Optimize: false, DebugInfo: true, Strip: false, []);

    public static BundleSpec Bundle(string clang = "19.1.7", string lld = "19.1.7", IReadOnlyDictionary<string, string>? toolchains = null) =>
        new(
            "wasi-p2-trixie",
            WasiLevel.Preview2,
            new Dictionary<string, string>
            {
                ["clang"] = clang,
                ["lld"] = lld,
                ["rustc"] = "1.85.1",
                ["go"] = "1.26.10",
                ["node"] = "20.19.2",
            },
            toolchains ?? new Dictionary<string, string>
            {
                ["rust"] = "wasmc/rust:1",
                ["clang"] = "wasmc/clang:1",
                ["go"] = "wasmc/go:1",
                ["node"] = "wasmc/node:1",
            })
        {
            Paths = new Dictionary<string, string> { ["wasi-adapter-reactor"] = "/usr/share/wasi-adapters/reactor.wasm" },
        };

    public static BuildRequest Request(string language, ProfileSpec profile, BundleSpec? bundle = null, IReadOnlyDictionary<string, object>? options = null, string world = "calc") =>
        new(
            new ComponentSpec("calc", language, "components/calc", "wit", world, options ?? new Dictionary<string, object>()),
            bundle ?? Bundle(),
            profile,
            Paths);

    public static PlanStep Step(this BuildPlan plan, string descriptionStart) =>
        plan.Steps.Single(step => step.Description.StartsWith(descriptionStart, StringComparison.Ordinal));
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wasmc-plugins-" + Guid.NewGuid().ToString("N"));

    public ComponentFolder Folder => new(Path);

    public void Write(string relativePath, string contents)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, contents);
    }

    public void Write(ScaffoldResult result)
    {
        foreach (var file in result.Files)
        {
            Write(file.RelativePath, file.Contents);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
