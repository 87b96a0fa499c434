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

    /// <summary>
    /// Generates the crate for the component's world and plans its compilation; null when the plan is made without the
    /// component's files (plan tests), as then there is no WIT to read.
    /// </summary>
    /// <exception cref="WasmcPluginException">The WIT is invalid, or uses something the bindings cannot express yet.</exception>
    public static BindingsCrate? Plan(BuildRequest request, string target, string optLevel, string toolchain)
    {
        if (request.Folder is null)
        {
            return null;
        }

        var wit = Path.Combine(request.Folder.Path, request.Component.WitPath);
        if (!Directory.Exists(wit) && !File.Exists(wit))
        {
            return null;
        }

        BindingsWorld world;
        try
        {
            world = BindingsWorld.Load(wit, request.Component.World);
        }
        catch (WitException e)
        {
            throw new WasmcPluginException(e.Message, e);
        }

        var crate = RustNames.BindingsCrate(request.Component.Name);
        var source = RustBindingsGenerator.Generate(world, crate);
        // The rlib must be built like the crate that links it: same target, the profile's optimisation and flags.
        List<string> flags = ["--edition", "2021", "--crate-type", "rlib", "--crate-name", crate, "--target", target, "-C", $"opt-level={optLevel}",
            "-C", $"debuginfo={(request.Profile.DebugInfo ? 2 : 0)}", "-C", "codegen-units=1", "--cap-lints", "allow", .. request.Profile.LanguageFlags];
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
