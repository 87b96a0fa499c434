using System.Reflection;
using System.Runtime.Loader;
using Wasmc.Core.Plugins;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Plugins;

public class BuiltInPluginTests
{
    private static IReadOnlyList<Assembly> BuiltIns()
    {
        var assemblies = BuiltInPlugins.Assemblies(out var warnings);
        warnings.ShouldBeEmpty();
        return assemblies;
    }

    [Fact]
    public async Task Built_in_plugins_are_found_by_their_assembly_attribute_and_listed_as_built_in()
    {
        var catalog = await PluginCatalog.LoadAsync(new PluginCatalogOptions { BuiltInAssemblies = BuiltIns() });

        catalog.Warnings.ShouldBeEmpty();
        catalog.Listings.Select(l => l.LanguageId).ShouldBe(["rust", "c", "cpp", "go", "js"]);
        catalog.Listings.ShouldAllBe(l => l.Source == "built-in" && l.Version == "0.1.0" && l.Templates.Contains("library"));
        catalog.Listings.Single(l => l.LanguageId == "js").DisplayName.ShouldBe("JavaScript");
        catalog.Find("go")!.GetType().Assembly.GetName().Name.ShouldBe("Wasmc.Plugins.Go");
        AssemblyLoadContext.GetLoadContext(catalog.Find("rust")!.GetType().Assembly).ShouldBe(AssemblyLoadContext.Default);
        catalog.Find("zig").ShouldBeNull();
    }

    [Fact]
    public async Task Broken_declarations_become_warnings_and_the_other_plugins_still_load()
    {
        var options = new PluginCatalogOptions { BuiltInAssemblies = [.. BuiltIns(), typeof(BuiltInPluginTests).Assembly] };

        var catalog = await PluginCatalog.LoadAsync(options);

        catalog.Listings.Select(l => l.LanguageId).ShouldBe(["rust", "c", "cpp", "go", "js", "test-lang"]);
        catalog.Find("rust")!.GetType().Name.ShouldBe("RustPlugin");
        var messages = catalog.Warnings.Select(w => w.Message).ToList();
        messages.Count.ShouldBe(4);
        messages.ShouldContain(m => m.Contains(nameof(NotAPlugin), StringComparison.Ordinal) && m.Contains("does not implement ILanguagePlugin", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains(nameof(ThrowingPlugin), StringComparison.Ordinal) && m.Contains("no toolchain configured", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("language id 'rust' is already provided by built-in", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("invalid language id 'Not An Id'", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_language_ids_keep_the_first_plugin()
    {
        var catalog = PluginCatalog.FromPlugins([(new TestPlugin("one"), "first"), (new TestPlugin("one"), "second"), (new TestPlugin("two"), "second")]);

        catalog.Listings.Select(l => (l.LanguageId, l.Source)).ShouldBe([("one", "first"), ("two", "second")]);
        catalog.Warnings.Single().ShouldBe(new PluginWarning("second", "second", catalog.Warnings.Single().Message));
        catalog.Warnings.Single().Message.ShouldContain("already provided by first");
    }

    [Fact]
    public void Recognizing_returns_the_plugins_that_claim_a_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wasmc-recognize-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "two.marker"), "");
            var catalog = PluginCatalog.FromPlugins([(new TestPlugin("one"), "a"), (new TestPlugin("two"), "b")]);

            catalog.Recognizing(new ComponentFolder(folder)).Select(p => p.LanguageId).ShouldBe(["two"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void User_configuration_lists_package_and_folder_plugins_and_warns_about_malformed_entries()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wasmc-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var config = Path.Combine(folder, "config.toml");
            File.WriteAllText(config, """
                [[plugins]]
                package = "Acme.Wasmc.Zig"
                version = "1.0.0"

                [[plugins]]
                path = "plugins/local"

                [[plugins]]
                package = "Acme.NoVersion"
                """);

            var references = UserPluginConfiguration.Read(config, out var warnings);

            references.Count.ShouldBe(2);
            references[0].ShouldBe(PluginReference.FromPackage("Acme.Wasmc.Zig", "1.0.0", $"{config}:1:1"));
            references[0].Source.ShouldBe("nuget:Acme.Wasmc.Zig@1.0.0");
            references[1].Path.ShouldBe(Path.Combine(folder, "plugins", "local"));
            references[1].Source.ShouldBe("folder:" + Path.Combine(folder, "plugins", "local"));
            warnings.Single().DeclaredIn.ShouldBe($"{config}:8:1");
            warnings.Single().Message.ShouldContain("'package' and 'version'");

            UserPluginConfiguration.Read(Path.Combine(folder, "missing.toml"), out var none).ShouldBeEmpty();
            none.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
