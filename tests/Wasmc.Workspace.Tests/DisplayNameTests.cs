using Wasmc.Workspace.Internal;

namespace Wasmc.Workspace.Tests;

public class DisplayNameTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "ws");

    [Fact]
    public void Run_from_the_workspace_root_messages_say_wasmc_toml() =>
        ManifestDocument.DisplayName(Path.Combine(Root, "wasmc.toml"), Root).ShouldBe("wasmc.toml");

    [Fact]
    public void Run_from_above_the_workspace_the_path_is_relative() =>
        ManifestDocument.DisplayName(Path.Combine(Root, "app", "wasmc.toml"), Root).ShouldBe(Path.Combine("app", "wasmc.toml"));

    [Fact]
    public void Run_from_inside_a_component_folder_the_path_is_absolute()
    {
        var manifest = Path.Combine(Root, "wasmc.toml");

        ManifestDocument.DisplayName(manifest, Path.Combine(Root, "components", "calc")).ShouldBe(manifest);
    }
}
