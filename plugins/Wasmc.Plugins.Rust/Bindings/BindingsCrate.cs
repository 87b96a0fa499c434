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
    /// <remarks>
    /// With <paramref name="forBinary"/> the crate links into a binary (<c>fn main</c>), which calls no <c>export!</c>, the
    /// macro that exports <c>cabi_realloc</c> for a library: the crate then exports it itself, as the host needs it to hand
    /// strings and lists returned by imports to the module.
    /// </remarks>
    public static BindingsCrate Plan(BuildRequest request, BindingsWorld world, string target, string optLevel, IReadOnlyList<string> rustcFlags, string toolchain, bool forBinary = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(world);
        var crate = RustNames.BindingsCrate(request.Component.Name);
        var source = RustBindingsGenerator.Generate(world, crate) + (forBinary ? BinaryReallocExport : "");
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

    private const string BinaryReallocExport = """

        /// The allocator the host calls to return strings and lists from imports (a binary calls no `export!`).
        #[unsafe(no_mangle)]
        unsafe extern "C" fn cabi_realloc(old: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8 {
            unsafe { crate::_rt::cabi_realloc(old, old_len, align, new_len) }
        }

        """;

    private static string Hash(string source, IEnumerable<string> flags) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + string.Join("\n", flags))))[..16];
}
