using System.Runtime.Loader;
using Wasmc.Core.Plugins;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Plugins;

/// <summary>Third-party plugins from a NuGet package and from a folder, each in its own load context.</summary>
[Collection(PluginFeedCollection.Name)]
public class NuGetPluginTests(PluginFeedFixture feed)
{
    private static readonly PluginReference SamplePackage =
        PluginReference.FromPackage(PluginFeedFixture.SamplePackageId, PluginFeedFixture.SampleVersion, "wasmc.toml:7:1");

    /// <summary>Options for a workspace whose nuget.config allows no source at all: only <paramref name="extraSources"/> are used.</summary>
    private PluginCatalogOptions Options(string cache, IReadOnlyList<PluginReference> references, params string[] extraSources)
    {
        var workspace = feed.NewFolder("workspace");
        File.WriteAllText(Path.Combine(workspace, "nuget.config"), PluginFeedFixture.NuGetConfig());
        return new PluginCatalogOptions
        {
            BuiltInAssemblies = BuiltInPlugins.Assemblies(out _),
            References = references,
            NuGetConfigRoot = workspace,
            ExtraSources = extraSources,
            GlobalPackagesFolder = Path.Combine(cache, "packages"),
            CacheDirectory = cache,
        };
    }

    [Fact]
    public async Task A_plugin_package_is_restored_from_the_feed_and_loaded_in_its_own_context()
    {
        var cache = feed.NewFolder("cache");

        var catalog = await PluginCatalog.LoadAsync(Options(cache, [SamplePackage], feed.Feed));

        catalog.Warnings.ShouldBeEmpty();
        var listing = catalog.Listings.Single(l => l.LanguageId == "zig");
        listing.ShouldBe(listing with
        {
            DisplayName = "Zig (sample)",
            Version = "1.2.3",
            Source = "nuget:Wasmc.Samples.ZigPlugin@1.2.3",
        });
        listing.Toolchains.ShouldBe(["zig"]);
        catalog.Listings.Select(l => l.LanguageId).ShouldBe(["rust", "c", "cpp", "go", "js", "zig"]);

        var plugin = catalog.Find("zig")!;
        var pluginAssembly = plugin.GetType().Assembly;
        pluginAssembly.Location.ShouldStartWith(Path.Combine(cache, "packages"));
        var context = AssemblyLoadContext.GetLoadContext(pluginAssembly)!;
        context.ShouldNotBe(AssemblyLoadContext.Default);
        context.Name.ShouldBe("nuget:Wasmc.Samples.ZigPlugin@1.2.3");

        // Only the contract is shared: the plugin sees the host's Abstractions assembly, not a copy from the package.
        var contractSeenByPlugin = pluginAssembly.GetReferencedAssemblies().Single(a => a.Name == "Wasmc.Plugins.Abstractions");
        context.LoadFromAssemblyName(contractSeenByPlugin).ShouldBeSameAs(typeof(ILanguagePlugin).Assembly);

        var plan = plugin.PlanBuild(new BuildRequest(
            new ComponentSpec("hello", "zig", "hello", "wit", "hello", new Dictionary<string, object>()),
            new BundleSpec("test", WasiLevel.Preview2, new Dictionary<string, string>(), new Dictionary<string, string> { ["zig"] = "zig:1" }),
            new ProfileSpec("release", true, false, true, []),
            new ContainerPaths("/ws", "/ws/hello", "/out/hello", "/scratch/hello")));
        plan.Steps.Single().Argv.ShouldBe(["zig", "build-lib", "-target", "wasm32-wasi", "-OReleaseSmall", "-femit-bin=/out/hello/hello.wasm", "src/main.zig"]);
        plan.Artifacts.Single().ContainerPath.ShouldBe("/out/hello/hello.wasm");

        File.Exists(Path.Combine(cache, "nuget", "wasmc.samples.zigplugin", "1.2.3", "resolution.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_resolved_package_is_cached_and_needs_no_source_the_next_time()
    {
        var cache = feed.NewFolder("cache");
        (await PluginCatalog.LoadAsync(Options(cache, [SamplePackage], feed.Feed))).Warnings.ShouldBeEmpty();

        var again = await PluginCatalog.LoadAsync(Options(cache, [SamplePackage]));

        again.Warnings.ShouldBeEmpty();
        again.Find("zig").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_missing_package_is_a_warning_and_the_other_plugins_still_load()
    {
        var cache = feed.NewFolder("cache");
        var missing = PluginReference.FromPackage("Wasmc.Samples.DoesNotExist", "9.9.9", "wasmc.toml:12:1");

        var catalog = await PluginCatalog.LoadAsync(Options(cache, [missing, SamplePackage], feed.Feed));

        var warning = catalog.Warnings.Single();
        warning.Source.ShouldBe("nuget:Wasmc.Samples.DoesNotExist@9.9.9");
        warning.DeclaredIn.ShouldBe("wasmc.toml:12:1");
        warning.Message.ShouldContain("restore failed");
        warning.Message.ShouldContain("Wasmc.Samples.DoesNotExist");
        catalog.Listings.Select(l => l.LanguageId).ShouldBe(["rust", "c", "cpp", "go", "js", "zig"]);
    }

    [Fact]
    public async Task A_folder_of_built_assemblies_is_a_plugin_source_too()
    {
        var reference = PluginReference.FromFolder(feed.SampleBuildFolder, "config.toml:1:1");

        var catalog = await PluginCatalog.LoadAsync(Options(feed.NewFolder("cache"), [reference]));

        catalog.Warnings.ShouldBeEmpty();
        var listing = catalog.Listings.Single(l => l.LanguageId == "zig");
        listing.Source.ShouldBe("folder:" + feed.SampleBuildFolder);
        listing.Version.ShouldBe("1.2.3");
        AssemblyLoadContext.GetLoadContext(catalog.Find("zig")!.GetType().Assembly).ShouldNotBe(AssemblyLoadContext.Default);
    }

    [Fact]
    public async Task The_same_language_from_a_second_source_is_a_duplicate_warning()
    {
        var folder = PluginReference.FromFolder(feed.SampleBuildFolder, "config.toml:4:1");

        var catalog = await PluginCatalog.LoadAsync(Options(feed.NewFolder("cache"), [SamplePackage, folder], feed.Feed));

        catalog.Listings.Single(l => l.LanguageId == "zig").Source.ShouldBe("nuget:Wasmc.Samples.ZigPlugin@1.2.3");
        var warning = catalog.Warnings.Single();
        warning.DeclaredIn.ShouldBe("config.toml:4:1");
        warning.Message.ShouldContain("language id 'zig' is already provided by nuget:Wasmc.Samples.ZigPlugin@1.2.3");
    }

    [Fact]
    public async Task Folders_without_plugin_assemblies_and_missing_folders_are_warnings()
    {
        var broken = feed.NewFolder("broken");
        await File.WriteAllTextAsync(Path.Combine(broken, "Broken.dll"), "this is not an assembly");
        var missing = Path.Combine(broken, "no-such-folder");

        var catalog = await PluginCatalog.LoadAsync(Options(
            feed.NewFolder("cache"),
            [PluginReference.FromFolder(broken, "a:1:1"), PluginReference.FromFolder(missing, "b:1:1")]));

        catalog.Warnings.Select(w => w.DeclaredIn).ShouldBe(["a:1:1", "b:1:1"]);
        catalog.Warnings[0].Message.ShouldContain("no assembly declares a plugin");
        catalog.Warnings[1].Message.ShouldContain("does not exist");
        catalog.Listings.Count.ShouldBe(5);
    }
}
