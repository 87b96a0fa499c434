using System.Security.Cryptography;
using System.Text;
using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Shared;
using Wasmc.Wit;

namespace Wasmc.Plugins.Rust.Bindings;

/// <summary>
/// The generated bindings crate as part of a plan. Cargo never sees it as a dependency: the source goes to scratch as
/// a support file, <c>rustc</c> compiles it to an rlib for the component's target, and <c>cargo rustc -- --extern</c>
/// hands that rlib to the component's own crate only. So Cargo.toml needs no line for it, Cargo.lock is what cargo
/// makes of the user's dependencies alone, dependencies are not rebuilt when the WIT changes, and errors point at the
/// user's files. The folder is named after a hash of the source and the compiler flags, so a changed WIT changes the
/// <c>--extern</c> argument, which is what makes cargo rebuild the component crate.
/// </summary>
internal sealed record BindingsCrate(string CrateName, PlanFile Source, string Rlib, PlanStep Compile)
{
    /// <summary>Where the crates live below the build's scratch folder.</summary>
    public const string Folder = "bindings";

    /// <summary>The <c>--extern</c> argument for the component's crate.</summary>
    public string Extern => $"{CrateName}={Rlib}";

    /// <summary>Generates the crate for <paramref name="world"/> and plans its compilation with the profile's <paramref name="rustcFlags"/>.</summary>
    /// <exception cref="WasmcPluginException">The world uses something the bindings cannot express yet.</exception>
    public static BindingsCrate Plan(BuildRequest request, BindingsWorld world, string target, string optLevel, IReadOnlyList<string> rustcFlags, string toolchain)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(world);
        var crate = RustNames.BindingsCrate(request.Component.Name);
        var source = RustBindingsGenerator.Generate(world, crate);
        // The rlib must be built like the crate that links it: same target, the profile's optimisation and flags.
        List<string> flags = ["--edition", "2021", "--crate-type", "rlib", "--crate-name", crate, "--target", target, "-C", $"opt-level={optLevel}",
            "-C", $"debuginfo={(request.Profile.DebugInfo ? 2 : 0)}", "-C", "codegen-units=1", "--cap-lints", "allow", .. rustcFlags];
        var folder = PlanSupport.Join(request.Paths.Scratch, $"{Folder}/{Hash(source, flags)}");
        var file = new PlanFile(PlanSupport.Join(folder, "lib.rs"), source);
        var rlib = PlanSupport.Join(folder, $"lib{crate}.rlib");
        var compile = new PlanStep("bindings (rustc)", toolchain, ["rustc", .. flags, file.ContainerPath, "-o", rlib], request.Paths.Component)
        {
            Inputs = [file.ContainerPath],
            Outputs = [rlib],
        };
        return new BindingsCrate(crate, file, rlib, compile);
    }

    private static string Hash(string source, IEnumerable<string> flags) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + string.Join("\n", flags))))[..16];
}
