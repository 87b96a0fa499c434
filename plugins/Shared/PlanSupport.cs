using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Shared;

/// <summary>What the built-in plans have in common: container paths, component tools, adapters, options.</summary>
internal static class PlanSupport
{
    /// <summary>The toolchain that holds <c>wasm-tools</c> when a bundle has a dedicated one.</summary>
    public const string WasmToolsToolchain = "wasm-tools";

    /// <summary>Default location of the WASI preview1 adapters inside toolchain images, when the bundle names none.</summary>
    public const string DefaultAdapterFolder = "/opt/wasmc/adapters";

    /// <summary>Joins container path segments with <c>/</c>, whatever the host OS.</summary>
    public static string Join(string root, string relative) =>
        relative.Length == 0 || relative == "." ? root.TrimEnd('/') : root.TrimEnd('/') + "/" + relative.TrimStart('/');

    public static string WitPath(BuildRequest request) => Join(request.Paths.Component, request.Component.WitPath);

    public static string ComponentOutput(BuildRequest request) => Join(request.Paths.Output, request.Component.Name + ".wasm");

    /// <summary>The bundle's <c>wasm-tools</c> toolchain if it has one, else the language's own image (which then must carry wasm-tools).</summary>
    public static string ComponentToolsToolchain(BundleSpec bundle, string languageToolchain) =>
        bundle.Toolchains.ContainsKey(WasmToolsToolchain) ? WasmToolsToolchain : languageToolchain;

    /// <summary>The WASI preview1 adapter (<c>reactor</c> for libraries, <c>command</c> for programs) inside the images.</summary>
    public static string AdapterPath(BundleSpec bundle, string kind) =>
        bundle.Paths.TryGetValue($"wasi-adapter-{kind}", out var path) && !string.IsNullOrWhiteSpace(path)
            ? path
            : $"{DefaultAdapterFolder}/wasi_snapshot_preview1.{kind}.wasm";

    /// <summary>
    /// The two steps that turn a core module into a component: embed the world's WIT as a custom section,
    /// then <c>component new</c> with the preview1 adapter (Debian's wasi-libc and rustc still import a few
    /// <c>wasi_snapshot_preview1</c> functions even for wasip2, so the adapter is always offered).
    /// </summary>
    public static IReadOnlyList<PlanStep> EmbedAndNew(BuildRequest request, string coreModule, string languageToolchain, string adapterKind = "reactor") =>
        EmbedAndNew(request, coreModule, languageToolchain, new EmbedWit(WitPath(request), null), adapterKind);

    /// <summary>As above, embedding <paramref name="embedWit"/> (see <c>EmbedWits.For</c>); its staged file, if any, is the caller's support file.</summary>
    public static IReadOnlyList<PlanStep> EmbedAndNew(BuildRequest request, string coreModule, string languageToolchain, EmbedWit embedWit, string adapterKind = "reactor")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(embedWit);
        var toolchain = ComponentToolsToolchain(request.Bundle, languageToolchain);
        var wit = embedWit.Path;
        var embedded = Join(request.Paths.Scratch, "embedded.wasm");
        var output = ComponentOutput(request);
        return
        [
            new PlanStep(
                "embed WIT",
                toolchain,
                ["wasm-tools", "component", "embed", wit, "--world", request.Component.World, coreModule, "-o", embedded],
                request.Paths.Component)
            {
                Inputs = embedWit.Staged is null ? [coreModule, Join(wit, "**")] : [coreModule, wit],
                Outputs = [embedded],
            },
            new PlanStep(
                "componentize",
                toolchain,
                ["wasm-tools", "component", "new", embedded, "--adapt", $"wasi_snapshot_preview1={AdapterPath(request.Bundle, adapterKind)}", "-o", output],
                request.Paths.Component)
            {
                Inputs = [embedded],
                Outputs = [output],
            },
        ];
    }

    public static PlanArtifact ComponentArtifact(BuildRequest request) => new("component", ComponentOutput(request));

    /// <summary>A string option from <c>wasmc.toml</c>, or <see langword="null"/>.</summary>
    public static string? StringOption(ComponentSpec component, string key) =>
        component.Options.TryGetValue(key, out var value) ? value switch
        {
            string text => text,
            _ => throw new WasmcPluginException($"component '{component.Name}': option '{key}' must be a string"),
        } : null;

    /// <summary>A list-of-strings option from <c>wasmc.toml</c> (a single string counts as a list of one), or an empty list.</summary>
    public static IReadOnlyList<string> StringListOption(ComponentSpec component, string key)
    {
        if (!component.Options.TryGetValue(key, out var value))
        {
            return [];
        }

        return value switch
        {
            string text => [text],
            IEnumerable<string> texts => [.. texts],
            IEnumerable<object> items when items.All(i => i is string) => [.. items.Cast<string>()],
            _ => throw new WasmcPluginException($"component '{component.Name}': option '{key}' must be a list of strings"),
        };
    }
}
