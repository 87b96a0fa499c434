namespace Wasmc.EndToEnd.Tests;

/// <summary>The packed and installed tool, driven through 'dotnet wasmc' as a user would.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class InstalledToolTests(InstalledTool tool)
{
    [Fact]
    public void Version_prints_the_packed_version()
    {
        var result = tool.Wasmc(tool.NewWorkFolder(), "--version");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.Trim().ShouldStartWith(tool.Version);
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public void Help_lists_every_verb()
    {
        var result = tool.Wasmc(tool.NewWorkFolder(), "--help");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldContain("Usage: dotnet wasmc [options] [command]");
        foreach (var verb in new[] { "new", "build", "test", "run", "bundle", "plugins", "wit", "doctor" })
        {
            result.Out.ShouldContain($"\n  {verb} ");
        }
    }

    /// <summary>The native libwasmtime travels in the tool package (runtimes/&lt;rid&gt;/native) and loads after install.</summary>
    [Fact]
    public void Run_invokes_an_export_in_wasmtime_from_the_installed_package()
    {
        var folder = tool.NewWorkFolder();
        File.WriteAllText(Path.Combine(folder, "adder.wasm"), """
            (component
              (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
              (core instance $i (instantiate $m))
              (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
              (export "add" (func $add)))
            """);
        File.WriteAllText(Path.Combine(folder, "adder.wit"), "package test:adder;\n\nworld adder {\n    export add: func(a: s32, b: s32) -> s32;\n}\n");

        var result = tool.Wasmc(folder, "run", "adder.wasm", "--wit", "adder.wit", "--invoke", "add(40, 2)");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldBe("42\n");
    }

    [Fact]
    public void Unknown_verb_exits_with_2()
    {
        var result = tool.Wasmc(tool.NewWorkFolder(), "biuld");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("Did you mean");
    }

    [Fact]
    public void Plugins_list_shows_the_built_in_plugins()
    {
        var result = tool.Wasmc(tool.NewWorkFolder(), "plugins", "list");

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (var language in new[] { "rust", "cpp", "go", "js" })
        {
            result.Out.ShouldContain($"  {language} ");
        }

        result.Out.ShouldContain("built-in");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public void Bundle_list_finds_the_bundles_shipped_in_the_package()
    {
        var result = tool.Wasmc(tool.NewWorkFolder(), "bundle", "list", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (var file in Directory.GetFiles(Path.Combine(tool.RepoRoot, "containers", "bundles"), "*.toml"))
        {
            result.Out.ShouldContain($"\"name\": \"{Path.GetFileNameWithoutExtension(file)}\"");
        }
    }

    [Fact]
    public void New_js_calc_writes_the_component_and_the_manifest()
    {
        var folder = tool.NewWorkFolder();

        var result = tool.Wasmc(folder, "new", "js", "calc");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldContain("Created js component 'calc'");
        var component = Path.Combine(folder, "calc");
        File.Exists(Path.Combine(component, "package.json")).ShouldBeTrue();
        Directory.GetFiles(Path.Combine(component, "wit"), "*.wit").ShouldNotBeEmpty();
        Directory.GetFiles(component, "*.js", SearchOption.AllDirectories).ShouldNotBeEmpty();

        var manifest = File.ReadAllText(Path.Combine(folder, "wasmc.toml"));
        manifest.ShouldContain("[[components]]");
        manifest.ShouldContain("name = \"calc\"");
        manifest.ShouldContain("language = \"js\"");
        manifest.ShouldContain("path = \"calc\"");

        var again = tool.Wasmc(folder, "new", "js", "calc");
        again.ExitCode.ShouldBe(2, again.ToString());
        File.ReadAllText(Path.Combine(folder, "wasmc.toml")).ShouldBe(manifest);
    }
}
