using Wasmc.Containers.Images;

namespace Wasmc.Containers.Tests.Images;

/// <summary>The version policy for Debian pins, fed with <c>apt-cache madison</c> output recorded from the mirror.</summary>
public sealed class DebianPinsTests
{
    // Recorded 2026-11-29 in wasmc/debian:trixie (`apt-get update && apt-cache madison nodejs rustc lld-19 npm`),
    // after trixie's security update replaced nodejs +deb13u2 with +deb13u3.
    private const string TrixieMadison = """
            nodejs | 20.19.2+dfsg-1+deb13u3 | http://deb.debian.org/debian trixie/main amd64 Packages
             rustc | 1.85.1+dfsg1-1+deb13u1 | http://deb.debian.org/debian trixie/main amd64 Packages
            lld-19 | 1:19.1.7-3+b1 | http://deb.debian.org/debian trixie/main amd64 Packages
               npm | 9.2.0~ds1-3 | http://deb.debian.org/debian trixie/main amd64 Packages

        """;

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Available => DebianPins.ParseMadison(TrixieMadison);

    [Fact]
    public void Madison_output_gives_every_binary_version_per_package_and_skips_source_lines()
    {
        var available = DebianPins.ParseMadison("""
               foo | 1.0-2 | http://mirror/debian trixie/main amd64 Packages
               foo | 1.0-1 | http://mirror/debian trixie-security/main amd64 Packages
               foo | 1.0-1 | http://mirror/debian trixie/main Sources
               bar | 2:3.1-1 | http://mirror/debian trixie/main amd64 Packages
            N: Unable to locate package gone
            """);

        available["foo"].ShouldBe(["1.0-2", "1.0-1"]);
        available["bar"].ShouldBe(["2:3.1-1"]);
        available.ContainsKey("gone").ShouldBeFalse();
    }

    [Fact]
    public void An_exact_pin_the_mirror_has_is_installed_as_pinned()
    {
        var (resolved, unavailable) = DebianPins.Resolve(new Dictionary<string, string> { ["rustc"] = "1.85.1+dfsg1-1+deb13u1", ["lld-19"] = "1:19.1.7-3+b1" }, Available);

        unavailable.ShouldBeEmpty();
        resolved.ShouldBe([new ResolvedPackage("rustc", "1.85.1+dfsg1-1+deb13u1", "1.85.1+dfsg1-1+deb13u1"), new ResolvedPackage("lld-19", "1:19.1.7-3+b1", "1:19.1.7-3+b1")]);
        resolved.ShouldAllBe(p => !p.Moved);
    }

    [Fact]
    public void A_pin_whose_security_update_moved_the_debian_revision_gets_the_newer_revision()
    {
        var (resolved, unavailable) = DebianPins.Resolve(new Dictionary<string, string> { ["nodejs"] = "20.19.2+dfsg-1+deb13u2" }, Available);

        unavailable.ShouldBeEmpty();
        var nodejs = resolved.ShouldHaveSingleItem();
        nodejs.Installed.ShouldBe("20.19.2+dfsg-1+deb13u3");
        nodejs.Moved.ShouldBeTrue();
        nodejs.ToString().ShouldBe("nodejs 20.19.2+dfsg-1+deb13u3 for pin 20.19.2+dfsg-1+deb13u2");
    }

    [Theory]
    [InlineData("1:19.1.7-3", "1:19.1.7-3+b1", "binNMU")]
    [InlineData("131-2", "131-3", "new Debian upload")]
    [InlineData("1.0-1+deb13u2", "1.0-1+deb13u10", "numeric, not textual, order")]
    public void Newer_revisions_of_the_same_upstream_version_are_accepted(string pinned, string available, string why)
    {
        DebianPins.ResolveOne(pinned, [available]).ShouldBe(available, why);
    }

    [Fact]
    public void The_newest_acceptable_revision_wins()
    {
        DebianPins.ResolveOne("1.0-1+deb13u2", ["1.0-1+deb13u3", "1.0-1+deb13u5", "1.0-1+deb13u4", "1.1-1"]).ShouldBe("1.0-1+deb13u5");
    }

    [Fact]
    public void A_pin_whose_upstream_version_moved_is_refused_with_what_the_mirror_has()
    {
        var (resolved, unavailable) = DebianPins.Resolve(
            new Dictionary<string, string> { ["nodejs"] = "20.19.2+dfsg-1+deb13u2" },
            DebianPins.ParseMadison("    nodejs | 20.19.3+dfsg-1 | http://deb.debian.org/debian trixie/main amd64 Packages\n"));

        resolved.ShouldBeEmpty();
        var refused = unavailable.ShouldHaveSingleItem();
        refused.Available.ShouldBe(["20.19.3+dfsg-1"]);
        refused.ToString().ShouldBe("nodejs: pinned 20.19.2+dfsg-1+deb13u2; the mirror only has 20.19.3+dfsg-1 (another upstream version)");
    }

    [Theory]
    [InlineData("1.0-3", "1.0-2", "an older revision is not a security or point update")]
    [InlineData("1.0-1", "1:1.0-2", "another epoch is another version line")]
    [InlineData("1.0-1", "1.0.1-1", "another upstream version")]
    [InlineData("1.0~rc1-1", "1.0-1", "a release is another upstream version than its candidate")]
    public void Other_versions_are_refused(string pinned, string available, string why)
    {
        DebianPins.ResolveOne(pinned, [available]).ShouldBeNull(why);
    }

    [Fact]
    public void A_vanished_package_is_refused()
    {
        var (_, unavailable) = DebianPins.Resolve(new Dictionary<string, string> { ["wasm-tools"] = "1.239.0+ds-10" }, Available);

        unavailable.ShouldHaveSingleItem().ToString().ShouldBe("wasm-tools: pinned 1.239.0+ds-10; the mirror has no package of that name any more");
    }

    [Fact]
    public void The_refusal_names_package_pin_and_the_ways_out()
    {
        var error = new PinnedPackagesUnavailableException(
            "trixie-2026.11.2",
            "node",
            "wasmc/debian:trixie",
            [new UnavailablePin("nodejs", "20.19.2+dfsg-1+deb13u2", ["22.1.0+dfsg-1"])]);

        error.Message.ShouldContain("nodejs: pinned 20.19.2+dfsg-1+deb13u2; the mirror only has 22.1.0+dfsg-1");
        error.Message.ShouldContain("dotnet wasmc bundle load FILE");
        error.Message.ShouldContain("dotnet wasmc bundle pull trixie-2026.11.2 --registry");
        error.Message.ShouldContain("newer bundle");
    }

    [Fact]
    public void The_image_label_round_trips_with_the_pins()
    {
        var pins = new Dictionary<string, string> { ["nodejs"] = "20.19.2+dfsg-1+deb13u2", ["npm"] = "9.2.0~ds1-3" };
        var (resolved, _) = DebianPins.Resolve(pins, Available);

        var label = DebianPins.Label(resolved);

        label.ShouldBe("nodejs=20.19.2+dfsg-1+deb13u3 npm=9.2.0~ds1-3");
        DebianPins.FromLabel(label, pins).ShouldBe(resolved);
        DebianPins.FromLabel(null, pins).ShouldBeEmpty();
    }
}

public sealed class DebianVersionTests
{
    [Theory]
    [InlineData("1.0", "1.0-1")]
    [InlineData("1.0~rc1", "1.0")]
    [InlineData("1.0-1", "1.0-1+b1")]
    [InlineData("1.0-1+deb13u2", "1.0-1+deb13u3")]
    [InlineData("1.0-1+deb13u9", "1.0-1+deb13u10")]
    [InlineData("1.9", "1.10")]
    [InlineData("9:1.0", "10:0.1")]
    [InlineData("0.2", "1:0.1")]
    [InlineData("1.0a", "1.0b")]
    [InlineData("1.0a", "1.0+")]
    [InlineData("0.0~git20241209.574b88d-2", "0.0~git20260423.161b319-2")]
    [InlineData("24.22.2+dfsg+~cs24.19.2-1", "24.22.2+dfsg+~cs24.19.2-1.1")]
    public void Versions_order_as_dpkg_orders_them(string lower, string higher)
    {
        var a = DebianVersion.Parse(lower);
        var b = DebianVersion.Parse(higher);

        (a < b).ShouldBeTrue($"{lower} < {higher}");
        (b > a).ShouldBeTrue();
        a.CompareTo(a).ShouldBe(0);
    }

    [Fact]
    public void The_revision_is_what_follows_the_last_dash()
    {
        var version = DebianVersion.Parse("1:24.22.2+dfsg+~cs24.19.2-1+b2");

        version.ShouldBe(new DebianVersion(1, "24.22.2+dfsg+~cs24.19.2", "1+b2"));
        version.ToString().ShouldBe("1:24.22.2+dfsg+~cs24.19.2-1+b2");
        DebianVersion.Parse("131").Revision.ShouldBe("");
    }

    [Theory]
    [InlineData("x1.0")]
    [InlineData("a:1.0")]
    [InlineData("")]
    public void Non_versions_are_rejected(string text)
    {
        Should.Throw<FormatException>(() => DebianVersion.Parse(text));
    }
}
