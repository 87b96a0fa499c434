using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// Profiles really change the build: the probe component (<c>tests/fixtures/LANGUAGE/profiles</c>, copied unmodified)
/// is built in debug, release and a custom profile (inheriting release) with custom flags, with the installed tool, in
/// every bundle that lists the language. The three components differ; debug keeps debug info and the stripped profiles
/// do not; and the custom flags reach the compiler: the probe's export <c>build-kind</c> answers what the compiler saw,
/// which <c>test --profile</c> calls (its test file expects "custom", so debug and release fail with their own kind).
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ProfilesEndToEndTests(InstalledTool tool, ITestOutputHelper output)
{
    private const string Passed = "PASS the custom profile's flags reached the compiler";

    [JsDockerFact]
    public void Rust_debug_release_and_a_custom_profile_with_cfg_and_fat_lto_flags_build_different_components_in_every_bundle_that_lists_rust() =>
        ProveProfiles(
            "rust",
            debugSections: [".debug_info", "name"],
            debugFlags: null,
            releaseFlags: null,
            customFlags: """["--cfg", "wasmc_custom_profile", "-C", "opt-level=3", "-C", "lto=fat", "-C", "codegen-units=1"]""");

    [JsDockerFact]
    public void C_debug_release_and_a_custom_profile_with_a_define_build_different_components_in_every_bundle_that_lists_c() =>
        ProveProfiles("c", [".debug_info", "name"], null, null, """["-DWASMC_CUSTOM_PROFILE=1", "-O3"]""");

    [JsDockerFact]
    public void Cpp_debug_release_and_a_custom_profile_with_a_define_build_different_components_in_every_bundle_that_lists_cpp() =>
        ProveProfiles("cpp", [".debug_info", "name"], null, null, """["-DWASMC_CUSTOM_PROFILE=1", "-O3", "-std=c++20"]""");

    /// <summary>
    /// Go on wasm has no DWARF: its debug info is the name section, which the stripping profiles drop. Go cannot see the
    /// optimisation level at compile time, so every profile names its kind with -X; release's -X must not undo its strip.
    /// </summary>
    [JsDockerFact]
    public void Go_debug_release_and_a_custom_profile_with_ldflags_build_different_components_in_every_bundle_that_lists_go() =>
        ProveProfiles(
            "go",
            debugSections: ["name"],
            debugFlags: """["-ldflags=-X main.buildKind=debug"]""",
            releaseFlags: """["-ldflags=-X main.buildKind=release"]""",
            customFlags: """["-ldflags=-X main.buildKind=custom"]""",
            linkerOutput: "go.wasm");

    /// <param name="linkerOutput">
    /// A module in the build's scratch folder whose stripping is checked too: Go's linker output, as wasm-merge drops the
    /// name section on its own and would hide a strip that the profile's -ldflags undid.
    /// </param>
    private void ProveProfiles(string language, string[] debugSections, string? debugFlags, string? releaseFlags, string customFlags, string? linkerOutput = null)
    {
        var bundles = tool.BundlesListing(language);
        bundles.ShouldNotBeEmpty();
        foreach (var bundle in bundles)
        {
            var workspace = Workspace(bundle, language, debugFlags, releaseFlags, customFlags);
            var artifacts = new Dictionary<string, byte[]>();
            foreach (var profile in new[] { "debug", "release", "custom" })
            {
                var build = tool.Wasmc(workspace, "build", "--profile", profile);
                build.ExitCode.ShouldBe(0, $"{language} {profile} in {bundle}: {build}");
                artifacts[profile] = File.ReadAllBytes(Path.Combine(workspace, "target", "wasmc", profile, "profiles", "profiles.wasm"));

                var test = tool.Wasmc(workspace, "test", "--profile", profile);
                output.WriteLine($"{language} {profile} in {bundle}:\n{test.Out}");
                if (profile == "custom")
                {
                    test.ExitCode.ShouldBe(0, $"{language} {profile} in {bundle}: {test}");
                    test.Out.ShouldContain(Passed);
                }
                else
                {
                    test.ExitCode.ShouldBe(1, $"{language} {profile} in {bundle}: the probe must report its own build: {test}");
                    test.Out.ShouldContain($"actual:   \"{profile}\"");
                }
            }

            artifacts.Values.Select(bytes => Convert.ToHexString(SHA256.HashData(bytes))).Distinct().Count()
                .ShouldBe(3, $"{language} in {bundle}: the three profiles must build three different components");

            var debug = WasmSections.OfFirstCoreModule(artifacts["debug"]);
            output.WriteLine($"{language} debug sections in {bundle}: {string.Join(", ", debug)}");
            foreach (var section in debugSections)
            {
                debug.ShouldContain(section, $"{language} debug in {bundle} keeps debug info");
            }

            if (linkerOutput is not null)
            {
                WasmSections.OfCoreModule(File.ReadAllBytes(ScratchFile(workspace, "debug", linkerOutput))).ShouldContain("name");
            }

            foreach (var stripped in new[] { "release", "custom" })
            {
                var sections = WasmSections.OfFirstCoreModule(artifacts[stripped]);
                sections.ShouldNotContain(s => s == "name" || s.StartsWith(".debug", StringComparison.Ordinal),
                    $"{language} {stripped} in {bundle} strips debug info, but has {string.Join(", ", sections)}");
                if (linkerOutput is not null)
                {
                    var linked = WasmSections.OfCoreModule(File.ReadAllBytes(ScratchFile(workspace, stripped, linkerOutput)));
                    linked.ShouldNotContain("name", $"{language} {stripped} in {bundle}: the linker did not strip ({string.Join(", ", linked)})");
                }
            }
        }
    }

    private static string ScratchFile(string workspace, string profile, string file) =>
        Path.Combine(workspace, "target", "wasmc", ".scratch", profile, "profiles", file);

    /// <summary>A workspace with the probe on <paramref name="bundle"/> and the profiles' flags for <paramref name="language"/>.</summary>
    private string Workspace(string bundle, string language, string? debugFlags, string? releaseFlags, string customFlags)
    {
        var workspace = tool.NewWorkFolder();
        FixtureFiles.CopyComponent(tool.RepoRoot, language, "profiles", Path.Combine(workspace, "profiles"));
        var manifest = $"""
            [workspace]
            default-bundle = "b"

            [bundles.b]
            bundle = "{bundle}"

            [[components]]
            name = "profiles"
            language = "{language}"
            path = "profiles"
            world = "profiles"

            [profiles.custom]
            inherits = "release"

            [profiles.custom.flags]
            {language} = {customFlags}

            """;
        if (debugFlags is not null)
        {
            manifest += $"\n[profiles.debug.flags]\n{language} = {debugFlags}\n";
        }

        if (releaseFlags is not null)
        {
            manifest += $"\n[profiles.release.flags]\n{language} = {releaseFlags}\n";
        }

        File.WriteAllText(Path.Combine(workspace, "wasmc.toml"), manifest);
        return workspace;
    }
}
