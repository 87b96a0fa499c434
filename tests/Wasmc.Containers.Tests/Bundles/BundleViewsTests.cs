using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;

namespace Wasmc.Containers.Tests.Bundles;

public sealed class BundleViewsTests
{
    private static readonly BundleCatalog Catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

    private static List<ToolchainImageStatus> Statuses(Bundle bundle, params ImageState[] states) =>
        bundle.Toolchains.Select((t, i) => new ToolchainImageStatus(bundle.Name, t.Name, t.ImageReference, states[i], null, "why")).ToList();

    [Fact]
    public void The_list_shows_wasi_languages_runner_key_versions_and_image_state()
    {
        var sid = Catalog.Get("sid-2026.11");
        var statuses = Statuses(sid, ImageState.Present, ImageState.Stale, ImageState.Missing, ImageState.Present);

        var text = BundleViews.FormatList(Catalog.Bundles, b => b.Name == sid.Name ? statuses : null);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAME");
        lines[1].ShouldStartWith("sid-2026.11");
        lines[1].ShouldContain("preview2, preview3");
        lines[1].ShouldContain("clang 22.1.8, rustc 1.97.1, go 1.26.10, node 24.22.2, jco 1.35.0, wasm-tools 1.239.0");
        lines[1].ShouldEndWith("2 present, 1 stale, 1 missing");
        lines[2].ShouldEndWith("unknown");
    }

    [Fact]
    public void Show_lists_every_tool_and_image()
    {
        var trixie = Catalog.Get("trixie-2026.11");

        var text = BundleViews.FormatShow(trixie);

        foreach (var (tool, version) in trixie.Tools)
        {
            text.ShouldContain($"{tool}");
            text.ShouldContain(version);
        }

        text.ShouldContain($"Toolchain rust: {trixie.GetToolchain("rust").ImageReference} (unknown)");
        text.ShouldContain("npm:        @bytecodealliance/jco@1.35.0");
    }

    [Fact]
    public void The_json_form_carries_versions_images_and_states()
    {
        var sid = Catalog.Get("sid-2026.11");

        var json = BundleViews.ToJson(sid, Statuses(sid, ImageState.Present, ImageState.Present, ImageState.Present, ImageState.Missing));

        json["name"]!.GetValue<string>().ShouldBe("sid-2026.11");
        json["tools"]!["go"]!.GetValue<string>().ShouldBe("1.26.10");
        json["images"]!.GetValue<string>().ShouldBe("3 present, 1 missing");
        json["toolchains"]![3]!["state"]!.GetValue<string>().ShouldBe("missing");
        json["toolchains"]![3]!["image"]!.GetValue<string>().ShouldBe(sid.GetToolchain("go").ImageReference);
    }
}
