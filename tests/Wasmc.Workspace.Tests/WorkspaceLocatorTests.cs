namespace Wasmc.Workspace.Tests;

public sealed class WorkspaceLocatorTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Finds_the_manifest_in_the_start_folder()
    {
        File.WriteAllText(_workspace.ManifestPath, "");

        WorkspaceLocator.Find(_workspace.Root).ShouldBe(_workspace.ManifestPath);
    }

    [Fact]
    public void Walks_up_to_the_nearest_manifest()
    {
        File.WriteAllText(_workspace.ManifestPath, "");
        _workspace.Folder("components/calc/src");

        WorkspaceLocator.Find(Path.Combine(_workspace.Root, "components", "calc", "src")).ShouldBe(_workspace.ManifestPath);
    }

    [Fact]
    public void A_nested_workspace_wins_over_an_outer_one()
    {
        File.WriteAllText(_workspace.ManifestPath, "");
        _workspace.Folder("inner/deep");
        var inner = Path.Combine(_workspace.Root, "inner", "wasmc.toml");
        File.WriteAllText(inner, "");

        WorkspaceLocator.Find(Path.Combine(_workspace.Root, "inner", "deep")).ShouldBe(inner);
    }

    [Fact]
    public void Without_a_manifest_the_error_says_how_to_create_one()
    {
        _workspace.Folder("empty");
        var start = Path.Combine(_workspace.Root, "empty");
        // The temp folder's parents must not hold a wasmc.toml, or this test proves nothing.
        WorkspaceLocator.TryFind(start).ShouldBeNull();

        var error = Should.Throw<WorkspaceNotFoundException>(() => WorkspaceLocator.Find(start));

        error.Message.ShouldBe($"no wasmc.toml found in {start} or any parent; run `dotnet wasmc new <language> <name>` to create one");
        error.StartDirectory.ShouldBe(start);
    }
}
