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
        var sid = Catalog.Get("sid-2026.11.2");
        var statuses = Statuses(sid, ImageState.Present, ImageState.Stale, ImageState.Missing, ImageState.Present, ImageState.Present);

        var text = BundleViews.FormatList(Catalog.Bundles, b => b.Name == sid.Name ? statuses : null, Catalog.Retired);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAME");
        lines[0].ShouldEndWith("IMAGES");
        lines[1].ShouldStartWith("sid-2026.11.2");
        lines[1].ShouldContain("preview2");
        lines[1].ShouldContain("clang 22.1.8, rustc 1.97.1, go 1.26.10, node 24.22.2, jco 1.35.0, wasm-tools 1.239.0");
        lines[1].ShouldEndWith("3 present, 1 stale, 1 missing");
        lines[2].ShouldEndWith("unknown");
        lines[3].ShouldBe("retired: sid-2026.11, use sid-2026.11.2");
        lines[4].ShouldBe("retired: trixie-2026.11, use trixie-2026.11.2");
        lines[5].ShouldBe("retired: sid-2026.11.1, use sid-2026.11.2");
    }

    [Fact]
    public void Without_image_states_the_list_has_no_images_column()
    {
        var text = BundleViews.FormatList(Catalog.Bundles);

        text.Split('\n')[0].ShouldEndWith("KEY VERSIONS");
        text.ShouldNotContain("unknown");
    }

    [Fact]
    public void Show_lists_every_tool_and_image()
    {
        var trixie = Catalog.Get("trixie-2026.11.2");

        var text = BundleViews.FormatShow(trixie);

        foreach (var (tool, version) in trixie.Tools)
        {
            text.ShouldContain($"{tool}");
            text.ShouldContain(version);
        }

        text.ShouldContain($"Toolchain rust: {trixie.GetToolchain("rust").ImageReference} (image state unknown: Docker not reachable)");
        text.ShouldContain("npm:        @bytecodealliance/jco@1.35.0");
        text.ShouldContain("commands:   wasm-tools");
        text.ShouldContain("file:       wasi-adapter-reactor = /opt/wasmc/adapters/wasi_snapshot_preview1.reactor.wasm");
        text.ShouldContain("dockerfile: toolchains/wasm-tools.Dockerfile (on wasmc/debian:sid)");
    }

    [Fact]
    public void Show_says_which_pins_the_images_resolved_to_a_newer_revision()
    {
        var trixie = Catalog.Get("trixie-2026.11.2");
        var statuses = Statuses(trixie, ImageState.Present, ImageState.Present, ImageState.Present, ImageState.Present);
        statuses[0] = statuses[0] with { Packages = [new ResolvedPackage("nodejs", "20.19.2+dfsg-1+deb13u2", "20.19.2+dfsg-1+deb13u3"), new ResolvedPackage("npm", "9.2.0~ds1-3", "9.2.0~ds1-3")] };

        var text = BundleViews.FormatShow(trixie, statuses);
        var json = BundleViews.ToJson(trixie, statuses);

        text.ShouldContain("  resolved:   nodejs 20.19.2+dfsg-1+deb13u3 for pin 20.19.2+dfsg-1+deb13u2\n");
        text.ShouldNotContain("resolved:   npm");
        json["toolchains"]![0]!["installed"]!["nodejs"]!.GetValue<string>().ShouldBe("20.19.2+dfsg-1+deb13u3");
        json["toolchains"]![1]!["installed"].ShouldBeNull();
    }

    [Fact]
    public void The_json_form_carries_versions_images_and_states()
    {
        var sid = Catalog.Get("sid-2026.11.2");

        var json = BundleViews.ToJson(sid, Statuses(sid, ImageState.Present, ImageState.Present, ImageState.Present, ImageState.Missing, ImageState.Present));

        json["name"]!.GetValue<string>().ShouldBe("sid-2026.11.2");
        json["tools"]!["go"]!.GetValue<string>().ShouldBe("1.26.10");
        json["images"]!.GetValue<string>().ShouldBe("4 present, 1 missing");
        json["toolchains"]![3]!["state"]!.GetValue<string>().ShouldBe("missing");
        json["toolchains"]![3]!["image"]!.GetValue<string>().ShouldBe(sid.GetToolchain("go").ImageReference);
    }
}
