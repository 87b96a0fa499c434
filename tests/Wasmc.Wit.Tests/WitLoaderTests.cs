namespace Wasmc.Wit.Tests;

public sealed class WitLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wasmc-wit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("dep.wasm")]
    [InlineData("dep.wat")]
    public void Binary_package_in_deps_is_a_clear_error(string fileName)
    {
        File.WriteAllText(Path.Combine(_root, "world.wit"), "package a:b;\nworld w {}\n");
        Directory.CreateDirectory(Path.Combine(_root, "deps"));
        var binary = Path.Combine(_root, "deps", fileName);
        File.WriteAllBytes(binary, [0x00, 0x61, 0x73, 0x6d]);

        var error = Should.Throw<WitException>(() => WitLoader.Load(_root));

        error.Message.ShouldBe($"binary WIT packages in deps/ are not supported yet: {binary}; vendor the .wit sources instead");
    }

    [Fact]
    public void Binary_package_as_the_input_is_a_clear_error()
    {
        var binary = Path.Combine(_root, "package.wasm");
        File.WriteAllBytes(binary, [0x00, 0x61, 0x73, 0x6d]);

        Should.Throw<WitException>(() => WitLoader.Load(binary)).Message.ShouldStartWith("binary WIT packages are not supported yet");
    }

    [Fact]
    public void Other_files_in_deps_are_ignored()
    {
        File.WriteAllText(Path.Combine(_root, "world.wit"), "package a:b;\nworld w { import c:d/i; }\n");
        Directory.CreateDirectory(Path.Combine(_root, "deps"));
        File.WriteAllText(Path.Combine(_root, "deps", "README.md"), "not WIT");
        File.WriteAllText(Path.Combine(_root, "deps", "c.wit"), "package c:d;\ninterface i {}\n");

        WitLoader.Load(_root).Resolve.Packages.Count.ShouldBe(2);
    }

    [Fact]
    public void The_same_sources_resolve_once_and_an_edit_of_the_same_size_and_time_is_seen()
    {
        var file = Path.Combine(_root, "world.wit");
        File.WriteAllText(file, "package a:b;\nworld w { export f: func(); }\n");
        var written = File.GetLastWriteTimeUtc(file);

        var first = WitLoader.Load(_root);
        WitLoader.Load(_root).ShouldBeSameAs(first);

        // Same length, same timestamp: only the text tells the two apart.
        File.WriteAllText(file, "package a:b;\nworld w { export g: func(); }\n");
        File.SetLastWriteTimeUtc(file, written);
        var edited = WitLoader.Load(_root);

        edited.ShouldNotBeSameAs(first);
        edited.Resolve.Worlds.Single().Exports.Single().Key.ShouldBe(new WorldKey.Name("g"));
    }

    [Fact]
    public void A_world_that_uses_shipped_wasi_gets_only_the_packages_it_needs()
    {
        File.WriteAllText(Path.Combine(_root, "world.wit"), "package a:b;\nworld w { import wasi:random/random@0.2.12; }\n");

        var names = WitLoader.Load(_root).Resolve.Packages.Select(p => p.Name.ToString()).ToList();

        names.ShouldBe(["wasi:random@0.2.12", "a:b"]);
        ShippedWit.PackageNames.ShouldContain("wasi:cli@0.2.12");
    }
}
