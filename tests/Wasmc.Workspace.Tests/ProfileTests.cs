namespace Wasmc.Workspace.Tests;

public sealed class ProfileTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Debug_and_release_exist_without_being_declared()
    {
        var manifest = _workspace.LoadValid("");

        manifest.Profiles.Select(p => p.Name).ShouldBe(["debug", "release"]);
        var debug = manifest.ResolveProfile("debug", "rust");
        (debug.Name, debug.Optimize, debug.DebugInfo, debug.Strip).ShouldBe(("debug", false, true, false));
        debug.LanguageFlags.ShouldBeEmpty();
        var release = manifest.ResolveProfile("release", "rust");
        (release.Name, release.Optimize, release.DebugInfo, release.Strip).ShouldBe(("release", true, false, true));
    }

    [Fact]
    public void Built_in_profiles_can_be_adjusted_key_by_key()
    {
        var manifest = _workspace.LoadValid("""
            [profiles.debug]
            optimize = true
            [profiles.debug.flags]
            go = ["-gcflags=all=-N"]
            """);

        var debug = manifest.ResolveProfile("debug", "go");
        (debug.Optimize, debug.DebugInfo, debug.Strip).ShouldBe((true, true, false));
        debug.LanguageFlags.ShouldBe(["-gcflags=all=-N"]);
        manifest.ResolveProfile("debug", "rust").LanguageFlags.ShouldBeEmpty();
    }

    [Fact]
    public void A_child_replaces_its_parents_flags_per_language_and_can_clear_them()
    {
        var manifest = _workspace.LoadValid("""
            [profiles.release.flags]
            rust = ["-C", "opt-level=3"]
            cpp = ["-O3"]
            [profiles.small]
            inherits = "release"
            [profiles.small.flags]
            rust = ["-C", "opt-level=z"]
            cpp = []
            """);

        manifest.ResolveProfile("small", "rust").LanguageFlags.ShouldBe(["-C", "opt-level=z"]);
        manifest.ResolveProfile("small", "cpp").LanguageFlags.ShouldBeEmpty();
        manifest.ResolveProfile("release", "cpp").LanguageFlags.ShouldBe(["-O3"]);
    }

    [Fact]
    public void Long_chains_resolve_in_any_declaration_order()
    {
        var manifest = _workspace.LoadValid("""
            [profiles.c]
            inherits = "b"
            strip = false
            [profiles.b]
            inherits = "a"
            debug-info = true
            [profiles.a]
            inherits = "release"
            """);

        var c = manifest.GetProfile("c");
        (c.Optimize, c.DebugInfo, c.Strip, c.Inherits).ShouldBe((true, true, false, "b"));
        manifest.Profiles.Select(p => p.Name).ShouldBe(["debug", "release", "c", "b", "a"]);
    }

    [Fact]
    public void Asking_for_an_unknown_profile_names_the_existing_ones()
    {
        var manifest = _workspace.LoadValid("");

        var error = Should.Throw<ArgumentException>(() => manifest.ResolveProfile("fast", "rust"));

        error.Message.ShouldStartWith("unknown profile 'fast'; profiles: debug, release");
        manifest.HasProfile("fast").ShouldBeFalse();
        manifest.HasProfile("release").ShouldBeTrue();
    }
}
