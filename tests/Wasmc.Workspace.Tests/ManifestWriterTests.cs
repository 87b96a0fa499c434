using System.Text;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Workspace.Tests;

public sealed class ManifestWriterTests : IDisposable
{
    private const string Existing = """
        # Our components. Keep this comment!
        [workspace]
        default-bundle   =   "p2"   # aligned on purpose

        [bundles.p2]
        bundle = 'trixie-2026.11'

        [[components]]
        name = "calculator"
        language = "js"
        path = "components/calculator"
        world = "calculator"
        [components.options]
        source = "src/calculator.js"   # the entry point

        """;

    private readonly TestWorkspace _workspace = new();

    public ManifestWriterTests() => _workspace.Component("components/calculator").Component("components/greeter");

    public void Dispose() => _workspace.Dispose();

    private static NewComponent Greeter => new("greeter", "rust", "components/greeter", "greeter");

    [Fact]
    public void Creates_a_workspace_that_loads_back()
    {
        var workspace = new NewWorkspace([new NewBundleInstance("p2", "trixie-2026.11"), new NewBundleInstance("p3", "sid-2026.11")])
        {
            DefaultBundle = "p2",
            DefaultProfile = "release",
            Components = [Greeter with { Wasi = WasiLevel.Preview3, Profiles = ["release"] }],
        };

        var result = ManifestWriter.CreateWorkspace(_workspace.Root, workspace);

        result.Succeeded.ShouldBeTrue();
        result.ManifestPath.ShouldBe(_workspace.ManifestPath);
        var manifest = ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull();
        manifest.DefaultBundle.ShouldBe("p2");
        manifest.DefaultProfile.ShouldBe("release");
        manifest.Bundles.Select(b => (b.Name, b.Bundle)).ShouldBe([("p2", "trixie-2026.11"), ("p3", "sid-2026.11")]);
        var greeter = manifest.Components.ShouldHaveSingleItem();
        (greeter.Name, greeter.Language, greeter.Path, greeter.WitPath, greeter.World).ShouldBe(("greeter", "rust", "components/greeter", "wit", "greeter"));
        greeter.Wasi.ShouldBe(WasiLevel.Preview3);
        greeter.BundleInstance.ShouldBe("p3");
        greeter.Profiles.ShouldBe(["release"]);
    }

    [Fact]
    public void Refuses_to_create_a_workspace_with_dangling_bundle_references()
    {
        var workspace = new NewWorkspace([new NewBundleInstance("p2", "trixie-2026.11")])
        {
            DefaultBundle = "p3",
            Components = [Greeter with { Bundle = "p9" }],
        };

        var result = ManifestWriter.CreateWorkspace(_workspace.Root, workspace);

        result.Diagnostics.Select(d => d.Code).ShouldBe(["WM007", "WM007"]);
        File.Exists(_workspace.ManifestPath).ShouldBeFalse();
    }

    [Fact]
    public void Refuses_to_create_over_an_existing_manifest()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.CreateWorkspace(_workspace.Root, new NewWorkspace([]));

        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("WM022");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(Existing);
    }

    [Fact]
    public void Appends_a_component_keeping_the_text_before_it_byte_for_byte()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Bundle = "p2" });

        result.Succeeded.ShouldBeTrue();
        var text = File.ReadAllText(_workspace.ManifestPath);
        text.ShouldBe(Existing + """

            [[components]]
            name = "greeter"
            language = "rust"
            path = "components/greeter"
            wit = "wit"
            world = "greeter"
            bundle = "p2"

            """);
        var manifest = ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull();
        manifest.Components.Select(c => c.Name).ShouldBe(["calculator", "greeter"]);
        manifest.FindComponent("calculator")!.Options["source"].ShouldBe("src/calculator.js");
    }

    [Fact]
    public void Appends_to_a_file_without_a_final_newline()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing.TrimEnd('\n'));

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter).Succeeded.ShouldBeTrue();

        var text = File.ReadAllText(_workspace.ManifestPath);
        text.ShouldStartWith(Existing.TrimEnd('\n') + "\n\n[[components]]\nname = \"greeter\"");
        ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull().Components.Count.ShouldBe(2);
    }

    [Fact]
    public void Keeps_crlf_line_endings_and_a_byte_order_mark()
    {
        var crlf = Existing.Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllBytes(_workspace.ManifestPath, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(crlf)]);

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter).Succeeded.ShouldBeTrue();

        var bytes = File.ReadAllBytes(_workspace.ManifestPath);
        bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()).ShouldBeTrue();
        var text = Encoding.UTF8.GetString(bytes[3..]);
        text.ShouldStartWith(crlf + "\r\n[[components]]\r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
        ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull().Components.Count.ShouldBe(2);
    }

    [Fact]
    public void Adds_the_bundle_instance_a_new_component_needs()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.AddComponent(
            _workspace.ManifestPath,
            Greeter with { Bundle = "p3" },
            new NewBundleInstance("p3", "sid-2026.11"));

        result.Succeeded.ShouldBeTrue();
        var manifest = ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull();
        manifest.Bundles.Select(b => b.Name).ShouldBe(["p2", "p3"]);
        manifest.PublishedBundleFor(manifest.FindComponent("greeter")!).ShouldBe("sid-2026.11");
    }

    [Fact]
    public void A_new_bundle_instance_joins_the_others_and_comments_stay_with_their_tables()
    {
        var existing = Existing.Replace("\n[[components]]", "# the calculator is our oldest component\n[[components]]", StringComparison.Ordinal);
        File.WriteAllText(_workspace.ManifestPath, existing);

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Bundle = "p3" }, new NewBundleInstance("p3", "sid-2026.11"))
            .Succeeded.ShouldBeTrue();

        File.ReadAllText(_workspace.ManifestPath).ShouldBe(existing.Replace(
            "bundle = 'trixie-2026.11'\n",
            "bundle = 'trixie-2026.11'\n[bundles.p3]\nbundle = \"sid-2026.11\"\n",
            StringComparison.Ordinal) + """

            [[components]]
            name = "greeter"
            language = "rust"
            path = "components/greeter"
            wit = "wit"
            world = "greeter"
            bundle = "p3"

            """);
    }

    [Fact]
    public void Refuses_a_manifest_that_is_not_utf8()
    {
        byte[] bytes = [.. "# caf"u8, 0xE9, .. "\n[workspace]\n"u8];
        File.WriteAllBytes(_workspace.ManifestPath, bytes);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter);

        result.Diagnostics.ShouldHaveSingleItem().ShouldBe("WM001", 1, 6, "invalid UTF-8 byte 0xE9 (TOML files must be UTF-8)");
        File.ReadAllBytes(_workspace.ManifestPath).ShouldBe(bytes);
    }

    [Fact]
    public void Does_not_repeat_a_bundle_instance_that_already_exists()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter, new NewBundleInstance("p2", "trixie-2026.11")).Succeeded.ShouldBeTrue();

        File.ReadAllText(_workspace.ManifestPath).Split("[bundles.p2]").Length.ShouldBe(2);
    }

    [Fact]
    public void Refuses_a_bundle_instance_that_exists_for_another_bundle()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter, new NewBundleInstance("p2", "sid-2026.11"));

        result.Diagnostics.ShouldHaveSingleItem().ShouldBe("WM018", 5, 1, "bundle instance 'p2' already exists for bundle 'trixie-2026.11', not 'sid-2026.11'");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(Existing);
    }

    [Fact]
    public void Refuses_a_duplicate_name_and_leaves_the_file_alone()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Name = "calculator" });

        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.ShouldHaveSingleItem().ShouldBe("WM005", 9, 8, "a component named 'calculator' already exists; choose another name");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(Existing);
    }

    [Fact]
    public void Refuses_an_unknown_bundle_instance()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Bundle = "p3" });

        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("WM007");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(Existing);
    }

    [Fact]
    public void Refuses_a_malformed_manifest()
    {
        const string broken = "[workspace\n";
        File.WriteAllText(_workspace.ManifestPath, broken);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter);

        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("WM001");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(broken);
    }

    [Fact]
    public void Refuses_components_written_as_an_inline_array()
    {
        const string inline = "components = [{ name = \"calculator\" }]\n";
        File.WriteAllText(_workspace.ManifestPath, inline);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter);

        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("WM002");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(inline);
    }

    [Fact]
    public void Refuses_an_append_that_would_not_read_back()
    {
        // 'bundles' is an inline table: a [bundles.p3] header after it would redefine it.
        const string inline = "bundles = { p2 = { bundle = \"trixie-2026.11\" } }\n";
        File.WriteAllText(_workspace.ManifestPath, inline);

        var result = ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Bundle = "p3" }, new NewBundleInstance("p3", "sid-2026.11"));

        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("WM001");
        diagnostic.Message.ShouldStartWith("cannot append component 'greeter' to ");
        File.ReadAllText(_workspace.ManifestPath).ShouldBe(inline);
    }

    [Fact]
    public void Refuses_a_name_that_is_not_kebab_case()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Name = "My Greeter" })
            .Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("WM018");
    }

    [Fact]
    public void Options_round_trip_with_escapes()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);
        var options = new Dictionary<string, object>
        {
            ["source"] = "src/\"quoted\"\\path\tü.js",
            ["level"] = 3,
            ["ratio"] = 1.0,
            ["minify"] = false,
            ["features"] = new[] { "a", "b c" },
            ["odd key"] = "x",
        };

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter with { Options = options }).Succeeded.ShouldBeTrue();

        var read = ManifestLoader.Load(_workspace.ManifestPath, TestWorkspace.Context).Manifest.ShouldNotBeNull()
            .FindComponent("greeter")!.Options;
        read["source"].ShouldBe("src/\"quoted\"\\path\tü.js");
        read["level"].ShouldBe(3L);
        read["ratio"].ShouldBe(1.0);
        read["minify"].ShouldBe(false);
        read["features"].ShouldBeAssignableTo<IReadOnlyList<string>>()!.ShouldBe(["a", "b c"]);
        read["odd key"].ShouldBe("x");
    }

    [Fact]
    public void Leaves_no_temporary_files_behind()
    {
        File.WriteAllText(_workspace.ManifestPath, Existing);

        ManifestWriter.AddComponent(_workspace.ManifestPath, Greeter).Succeeded.ShouldBeTrue();

        Directory.GetFiles(_workspace.Root).Select(Path.GetFileName).ShouldBe(["wasmc.toml"]);
    }
}
