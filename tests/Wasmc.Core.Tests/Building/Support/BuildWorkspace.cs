using Wasmc.Containers.Bundles;
using Wasmc.Core.Building;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Building.Support;

/// <summary>
/// A throw-away workspace of fake components (<c>components/NAME</c> with <c>src/main.txt</c> and <c>wit/</c>),
/// its manifest, and a builder wired to <see cref="FakePlugin"/>, <see cref="FakeBundle"/> and <see cref="FakeToolchains"/>.
/// </summary>
internal sealed class BuildWorkspace : IDisposable
{
    public BuildWorkspace(params string[] components)
    {
        Root = Path.Combine(Path.GetTempPath(), "wasmc-build-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        foreach (var component in components)
        {
            AddComponent(component);
        }
    }

    public string Root { get; }

    public FakePlugin Plugin { get; } = new();

    public FakeToolchains Toolchains { get; } = new();

    public RecordingProgress Progress { get; } = new();

    public Bundle Bundle { get; set; } = FakeBundle.Create();

    public List<string> Components { get; } = [];

    /// <summary>Extra lines per component entry (<c>profiles = ["debug"]</c>).</summary>
    public Dictionary<string, string> ExtraEntryLines { get; } = new(StringComparer.Ordinal);

    public string ComponentFolder(string name) => Path.Combine(Root, "components", name);

    public string OutputFolder(string name, string profile = "debug") => Path.Combine(Root, "target", "wasmc", profile, name);

    public string Artifact(string name, string profile = "debug") => Path.Combine(OutputFolder(name, profile), name + ".wasm");

    public void AddComponent(string name)
    {
        Components.Add(name);
        Write($"components/{name}/src/main.txt", $"source of {name}");
        Write($"components/{name}/wit/world.wit", $"package test:{name};\nworld {name} {{}}\n");
    }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public WorkspaceManifest Manifest()
    {
        var text = new System.Text.StringBuilder("""
            [workspace]
            default-bundle = "main"

            [bundles.main]
            bundle = "test-bundle"

            """);
        foreach (var name in Components)
        {
            text.Append($"""

                [[components]]
                name = "{name}"
                language = "fake"
                path = "components/{name}"
                world = "{name}"
                {ExtraEntryLines.GetValueOrDefault(name, "")}

                """);
        }

        File.WriteAllText(Path.Combine(Root, "wasmc.toml"), text.ToString());
        var result = ManifestLoader.Load(
            Path.Combine(Root, "wasmc.toml"),
            new ManifestContext([FakePlugin.Language], [new KnownBundle(FakeBundle.Name, [WasiLevel.Preview2])]));
        result.Errors.ShouldBeEmpty();
        return result.Manifest.ShouldNotBeNull();
    }

    public WorkspaceBuilder Builder() => new([Plugin], [Bundle], Toolchains, Progress);

    public Task<IReadOnlyList<ComponentBuildOutcome>> BuildAsync(BuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Builder().BuildAsync(Manifest(), options ?? new BuildOptions { Jobs = 1 }, cancellationToken);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
