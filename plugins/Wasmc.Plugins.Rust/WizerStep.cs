using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust.Cargo;
using Wasmc.Plugins.Shared;

namespace Wasmc.Plugins.Rust;

/// <summary>
/// Wizer pre-initialisation of the core module (<c>[package.metadata.wasmc.wizer]</c> in Cargo.toml): between cargo and
/// <c>component embed</c>, Wizer runs the init function once and writes a module whose memory and globals start as the
/// init function left them; the init export is removed, so nothing runs it again. Wizer comes with the bundle's
/// <c>node</c> image (npm <c>@bytecodealliance/wizer</c>); a bundle whose tools do not list <c>wizer</c> cannot offer it.
/// </summary>
internal static class WizerStep
{
    /// <summary>The toolchain image that carries Wizer.</summary>
    public const string Toolchain = "node";

    /// <summary>The tool name a bundle lists when its <see cref="Toolchain"/> image carries Wizer.</summary>
    public const string Tool = "wizer";

    /// <summary>The wrapper script's location below the scratch folder.</summary>
    public const string ScriptPath = "wizer/wizer.mjs";

    private static readonly Lazy<string> Script = new(ReadScript);

    /// <summary>The Wizer step and its script for this build, or null when the crate asks for no pre-initialisation in this profile.</summary>
    /// <exception cref="WasmcPluginException">The bundle has no Wizer (located at the setting in Cargo.toml).</exception>
    public static (PlanStep Step, PlanFile Script, string Output)? Plan(BuildRequest request, CargoManifest? manifest, string coreModule)
    {
        if (manifest?.Wasmc?.Wizer is not { } wizer)
        {
            return null;
        }

        // Checked in every profile: a setting no build of this bundle can honour is a mistake even where it does not apply.
        var bundle = request.Bundle;
        if (!bundle.ToolVersions.ContainsKey(Tool) || !bundle.Toolchains.ContainsKey(Toolchain))
        {
            throw ManifestFields.Error(wizer.Position,
                $"'{WasmcMetadata.Section}.wizer' needs Wizer, and bundle '{bundle.Name}' does not carry it (its tools: {string.Join(", ", bundle.ToolVersions.Keys.Order(StringComparer.Ordinal))}); " +
                $"build this component with a bundle whose tools list 'wizer' (`dotnet wasmc bundle list`), or remove the setting");
        }

        if (!wizer.AppliesTo(request.Profile.Name))
        {
            return null;
        }

        var paths = request.Paths;
        var script = PlanSupport.Join(paths.Scratch, ScriptPath);
        var output = PlanSupport.Join(paths.Scratch, $"wizer/{Path.GetFileName(coreModule)}");
        var step = new PlanStep(
            $"pre-initialise ({Tool}, {wizer.Init})",
            Toolchain,
            ["node", script, wizer.Init, coreModule, output, PlanSupport.Join(request.Component.RelativePath, "Cargo.toml")],
            paths.Component)
        {
            Inputs = [coreModule, script],
            Outputs = [output],
        };
        return (step, new PlanFile(script, Script.Value), output);
    }

    private static string ReadScript()
    {
        const string resource = "Wasmc.Plugins.Rust.wizer.mjs";
        using var stream = typeof(WizerStep).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the Rust plugin is missing its embedded resource {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
