using Wasmc.Containers.Bundles;

namespace Wasmc.Workspace.Tests;

/// <summary>The complete example in docs/manifest.md must stay a valid manifest, against the bundles that really ship.</summary>
public sealed class DocumentationExampleTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void The_complete_example_in_the_docs_is_valid()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "manifest.md"));
        var start = docs.IndexOf("```toml\n", StringComparison.Ordinal) + "```toml\n".Length;
        var example = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];
        _workspace.Component("components/calculator").Component("components/http-proxy").Folder("tools/my-plugin");

        var catalog = BundleCatalog.Load(Path.Combine(RepositoryRoot(), "containers"));
        var context = new ManifestContext(
            ["rust", "c", "cpp", "go", "js"],
            catalog.Bundles.Select(b => new KnownBundle(b.Name, b.Wasi) { Languages = b.Languages }).ToList())
        {
            Retired = catalog.Retired.Select(r => new RetiredBundleInfo(r.Name, r.Successor, r.Reason)).ToList(),
        };

        var manifest = _workspace.LoadValid(example, context);

        manifest.Components.Select(c => (c.Name, c.BundleInstance)).ShouldBe([("calculator", "stable"), ("http-proxy", "newest")]);
        manifest.GetProfile("bench").ShouldSatisfyAllConditions(
            p => p.Optimize.ShouldBeTrue(),
            p => p.DebugInfo.ShouldBeTrue(),
            p => p.FlagsFor("cpp").ShouldBe(["-O3"]));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no WasmCli.sln above {AppContext.BaseDirectory}");
    }
}
