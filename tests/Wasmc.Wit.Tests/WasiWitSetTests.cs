namespace Wasmc.Wit.Tests;

public sealed class WasiWitSetTests
{
    private static string WasiDirectory => Path.Combine(WitConformance.RepoRoot, "src", "Wasmc.Wit", "Wasi", "0.2.12");

    [Fact]
    public void The_full_wasi_0_2_set_resolves()
    {
        var loaded = WitLoader.Load(WasiDirectory);

        loaded.Package.Name.ToString().ShouldBe("wasi:http@0.2.12");
        loaded.Resolve.Packages.Select(p => p.Name.NameWithoutVersion).ShouldBe(
            ["wasi:io", "wasi:clocks", "wasi:random", "wasi:cli", "wasi:filesystem", "wasi:sockets", "wasi:http"],
            ignoreOrder: true);
        var proxy = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, "proxy");
        proxy.Exports.ShouldContain(e => WitLoader.WorldKeyName(loaded.Resolve, e.Key) == "wasi:http/incoming-handler@0.2.12");
        proxy.Imports.ShouldContain(i => WitLoader.WorldKeyName(loaded.Resolve, i.Key) == "wasi:io/streams@0.2.12");
    }

    [Fact]
    public void Json_of_the_wasi_set_lists_every_package_with_its_source_files()
    {
        var loaded = WitLoader.Load(WasiDirectory);

        loaded.Resolve.Packages.ShouldAllBe(p => p.SourcePaths.Count > 0);
        WitJson.Write(loaded.Resolve).ShouldContain("\"wasi:http@0.2.12\"");
    }
}
