using Wasmc.Containers.Bundles;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// Every component is validated before it is reported as built, in one place: here. The build adds a
/// validation step (run by the same runner, in one of the bundle's toolchain images) unless the plugin's
/// plan already ends with one, and checks the component-model header in-process first.
/// </summary>
internal static class ComponentValidation
{
    /// <summary><c>\0asm</c>, then version 0x0d and layer 1: a component (a core module has layer 0).</summary>
    private static readonly byte[] ComponentHeader = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    /// <summary>Null when <paramref name="path"/> starts like a component; otherwise what it is instead.</summary>
    public static string? CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[8];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read >= 8 && header.SequenceEqual(ComponentHeader))
        {
            return null;
        }

        if (read >= 8 && header[..4].SequenceEqual(ComponentHeader.AsSpan(0, 4)))
        {
            return header[6] == 0 && header[7] == 0
                ? "is a core WebAssembly module, not a component (it was never componentized)"
                : $"is WebAssembly with an unknown version/layer ({Convert.ToHexString(header[4..])})";
        }

        return read == 0 ? "is empty" : "is not WebAssembly (no \\0asm header)";
    }

    /// <summary>
    /// Whether the plan's last step already validates <paramref name="componentPath"/> (a <c>wasm-tools validate</c>,
    /// or a step the plugin describes as "validate ..." that reads the component); then the build does not validate twice.
    /// </summary>
    public static bool PlanValidates(BuildPlan plan, string componentPath)
    {
        if (plan.Steps.Count == 0)
        {
            return false;
        }

        var last = plan.Steps[^1];
        var readsComponent = last.Argv.Contains(componentPath) || last.Inputs.Contains(componentPath);
        var validates = last.Description.StartsWith("validate", StringComparison.OrdinalIgnoreCase)
            || (last.Argv.Count >= 2 && last.Argv[0] == "wasm-tools" && last.Argv[1] == "validate");
        return readsComponent && validates;
    }

    /// <summary>
    /// The validation step: <c>wasm-tools validate --features all</c> where a toolchain image has wasm-tools, else
    /// <c>jco wit</c> (jco has no validate command; decoding a component's WIT runs wasmparser's full validator).
    /// Toolchains the plan already uses come first, so the step execs into a container that is already warm.
    /// Null when no toolchain of the bundle has either tool.
    /// </summary>
    public static PlanStep? StepFor(BuildPlan plan, Bundle bundle, string componentPath, string workingDirectory)
    {
        var used = plan.Steps.Select(step => step.Toolchain).Reverse().Distinct(StringComparer.Ordinal).ToList();
        var candidates = bundle.Toolchains
            .OrderBy(toolchain => used.IndexOf(toolchain.Name) is var index and >= 0 ? index : int.MaxValue)
            .ToList();

        if (candidates.FirstOrDefault(toolchain => toolchain.Tools.Contains("wasm-tools")) is { } wasmTools)
        {
            return new PlanStep("validate (wasm-tools)", wasmTools.Name, ["wasm-tools", "validate", "--features", "all", componentPath], workingDirectory)
            {
                Inputs = [componentPath],
            };
        }

        if (candidates.FirstOrDefault(toolchain => toolchain.Tools.Contains("jco")) is { } jco)
        {
            return new PlanStep("validate (jco wit)", jco.Name, ["jco", "wit", componentPath], workingDirectory)
            {
                Inputs = [componentPath],
            };
        }

        return null;
    }
}
