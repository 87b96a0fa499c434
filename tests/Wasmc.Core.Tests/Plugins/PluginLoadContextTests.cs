using Wasmc.Core.Plugins.Internal;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Plugins;

public sealed class PluginLoadContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmc-alc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_contract_and_tomlyn_resolve_to_the_hosts_copies_even_when_the_plugin_ships_its_own()
    {
        // A plugin folder that carries its own copies, as a package's dependency graph would.
        var shared = new[] { typeof(ILanguagePlugin).Assembly, typeof(Tomlyn.Parsing.SyntaxParser).Assembly };
        var copies = shared.ToDictionary(a => a.GetName().Name!, a => Copy(a.Location));
        var context = new PluginLoadContext("test", Path.Combine(_folder, "Plugin.dll"), copies, [_folder]);

        foreach (var assembly in shared)
        {
            PluginLoadContext.IsShared(assembly.GetName().Name!).ShouldBeTrue();
            context.LoadFromAssemblyName(assembly.GetName()).ShouldBeSameAs(assembly);
        }
    }

    private string Copy(string path)
    {
        var target = Path.Combine(_folder, Path.GetFileName(path));
        File.Copy(path, target);
        return target;
    }
}
