using Wasmc.Core.Plugins.Internal;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Plugins;

public sealed class PluginLoadContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmc-alc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_contract_tomlyn_and_the_bindings_core_resolve_to_the_hosts_copies_even_when_the_plugin_ships_its_own()
    {
        // A plugin folder that carries its own copies, as a package's dependency graph would.
        var shared = new[]
        {
            typeof(ILanguagePlugin).Assembly, typeof(Tomlyn.Parsing.SyntaxParser).Assembly,
            typeof(Wasmc.Bindings.BindingsWorld).Assembly, typeof(Wasmc.Wit.WitLoader).Assembly,
        };
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

    [Fact]
    public void Other_assemblies_the_plugin_ships_are_its_own()
    {
        // Microsoft.Extensions.DependencyInjection is a host dependency a plugin must never see through the host: it resolves from the plugin's folder.
        var hostOnly = typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection).Assembly;
        PluginLoadContext.IsShared(hostOnly.GetName().Name!).ShouldBeFalse();
        var copy = Copy(hostOnly.Location);
        var context = new PluginLoadContext("test", Path.Combine(_folder, "Plugin.dll"), new Dictionary<string, string>(), [_folder]);

        var loaded = context.LoadFromAssemblyName(hostOnly.GetName());

        loaded.ShouldNotBeSameAs(hostOnly);
        loaded.Location.ShouldBe(copy);
    }
}
