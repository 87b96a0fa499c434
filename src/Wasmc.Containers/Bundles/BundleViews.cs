using System.Text;
using System.Text.Json.Nodes;
using Wasmc.Containers.Images;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// What <c>bundle list</c> and <c>bundle show</c> print, as text or JSON. Image states are optional:
/// pass null when Docker is unreachable and they read "unknown".
/// </summary>
public static class BundleViews
{
    /// <summary>Tools shown in the list's "key versions" column, in this order, when the bundle has them.</summary>
    public static IReadOnlyList<string> KeyTools { get; } = ["clang", "rustc", "go", "node", "jco", "wasm-tools"];

    /// <summary><c>clang 22.1.8, rustc 1.97.1, ...</c></summary>
    public static string KeyVersions(Bundle bundle) =>
        string.Join(", ", KeyTools.Where(bundle.Tools.ContainsKey).Select(tool => $"{tool} {bundle.Tools[tool]}"));

    /// <summary><c>4 present</c>, <c>2 present, 1 stale, 1 missing</c>, or <c>unknown</c> without statuses.</summary>
    public static string ImagesSummary(IReadOnlyList<ToolchainImageStatus>? statuses) =>
        statuses is null
            ? "unknown"
            : string.Join(", ", new[] { ImageState.Present, ImageState.Stale, ImageState.Missing }
                .Select(state => (state, count: statuses.Count(s => s.State == state)))
                .Where(x => x.count > 0)
                .Select(x => $"{x.count} {StateName(x.state)}"));

    /// <summary>
    /// The <c>bundle list</c> table: name, WASI, languages, runner, key versions, and the images' state when
    /// <paramref name="statuses"/> is given; then one line per retired bundle.
    /// </summary>
    public static string FormatList(
        IReadOnlyList<Bundle> bundles,
        Func<Bundle, IReadOnlyList<ToolchainImageStatus>?>? statuses = null,
        IReadOnlyList<RetiredBundle>? retired = null)
    {
        var rows = new List<string[]> { statuses is null
            ? ["NAME", "WASI", "LANGUAGES", "RUNNER", "KEY VERSIONS"]
            : ["NAME", "WASI", "LANGUAGES", "RUNNER", "KEY VERSIONS", "IMAGES"] };
        rows.AddRange(bundles.Select(b => new[]
        {
            b.Name,
            string.Join(", ", b.Wasi.Select(WasiLevels.Name)),
            string.Join(", ", b.Languages),
            b.Runner,
            KeyVersions(b),
        }.Concat(statuses is null ? [] : [ImagesSummary(statuses(b))]).ToArray()));
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column])))).Append('\n');
        }

        foreach (var bundle in retired ?? [])
        {
            text.Append($"retired: {bundle.Name}, use {bundle.Successor}\n");
        }

        return text.ToString();
    }

    /// <summary>Everything about one bundle, as <c>bundle show</c> prints it.</summary>
    public static string FormatShow(Bundle bundle, IReadOnlyList<ToolchainImageStatus>? statuses = null)
    {
        var text = new StringBuilder();
        text.Append($"{bundle.Name}: {bundle.Description}\n");
        text.Append($"WASI:      {string.Join(", ", bundle.Wasi.Select(WasiLevels.Name))}\n");
        text.Append($"Languages: {string.Join(", ", bundle.Languages)}\n");
        text.Append($"Runner:    {bundle.Runner}\n");
        text.Append($"Base:      {bundle.Base}\n");
        text.Append($"File:      {bundle.FilePath}\n\nTools:\n");
        var toolWidth = bundle.Tools.Keys.Max(k => k.Length);
        foreach (var (tool, version) in bundle.Tools)
        {
            text.Append($"  {tool.PadRight(toolWidth)}  {version}\n");
        }

        foreach (var toolchain in bundle.Toolchains)
        {
            var status = statuses?.FirstOrDefault(s => s.Toolchain == toolchain.Name);
            text.Append($"\nToolchain {toolchain.Name}: {toolchain.ImageReference} ({(status is null ? "image state unknown: Docker not reachable" : $"{StateName(status.State)}: {status.Detail}")})\n");
            text.Append($"  tools:      {string.Join(", ", toolchain.Tools)}\n");
            if (toolchain.Commands.Count > 0)
            {
                text.Append($"  commands:   {string.Join(", ", toolchain.Commands)}\n");
            }

            foreach (var (key, path) in toolchain.Files)
            {
                text.Append($"  file:       {key} = {path}\n");
            }

            text.Append($"  dockerfile: {toolchain.Dockerfile}{(toolchain.Base == bundle.Base ? "" : $" (on {toolchain.Base})")}\n");
            text.Append($"  packages:   {string.Join(" ", toolchain.Packages.Select(p => $"{p.Key}={p.Value}"))}\n");
            foreach (var moved in status?.Packages.Where(p => p.Moved) ?? [])
            {
                text.Append($"  resolved:   {moved}\n");
            }

            if (toolchain.Crates.Count > 0)
            {
                text.Append($"  crates:     {string.Join(" ", toolchain.Crates.Select(c => $"{c.Key} {c.Value}"))}\n");
            }

            if (toolchain.Npm.Count > 0)
            {
                text.Append($"  npm:        {string.Join(" ", toolchain.Npm.Select(p => $"{p.Key}@{p.Value}"))} (lock {toolchain.NpmLock})\n");
            }
        }

        return text.ToString();
    }

    /// <summary>One bundle as JSON (<c>bundle show --json</c>, and each element of <c>bundle list --json</c>).</summary>
    public static JsonObject ToJson(Bundle bundle, IReadOnlyList<ToolchainImageStatus>? statuses = null)
    {
        var tools = new JsonObject();
        foreach (var (tool, version) in bundle.Tools)
        {
            tools[tool] = version;
        }

        var toolchains = new JsonArray();
        foreach (var toolchain in bundle.Toolchains)
        {
            var status = statuses?.FirstOrDefault(s => s.Toolchain == toolchain.Name);
            toolchains.Add(new JsonObject
            {
                ["name"] = toolchain.Name,
                ["image"] = toolchain.ImageReference,
                ["state"] = status is null ? "unknown" : StateName(status.State),
                ["tools"] = new JsonArray(toolchain.Tools.Select(t => (JsonNode?)t).ToArray()),
                ["commands"] = new JsonArray(toolchain.Commands.Select(c => (JsonNode?)c).ToArray()),
                ["files"] = StringTable(toolchain.Files),
                ["base"] = toolchain.Base,
                ["dockerfile"] = toolchain.Dockerfile,
                ["packages"] = StringTable(toolchain.Packages),
                ["installed"] = status is null || status.Packages.Count == 0
                    ? null
                    : StringTable(status.Packages.ToDictionary(p => p.Name, p => p.Installed)),
                ["crates"] = StringTable(toolchain.Crates),
                ["npm"] = StringTable(toolchain.Npm),
                ["digest"] = toolchain.Digest,
            });
        }

        return new JsonObject
        {
            ["name"] = bundle.Name,
            ["description"] = bundle.Description,
            ["wasi"] = new JsonArray(bundle.Wasi.Select(w => (JsonNode?)WasiLevels.Name(w)).ToArray()),
            ["languages"] = new JsonArray(bundle.Languages.Select(l => (JsonNode?)l).ToArray()),
            ["runner"] = bundle.Runner,
            ["base"] = bundle.Base,
            ["images"] = ImagesSummary(statuses),
            ["tools"] = tools,
            ["toolchains"] = toolchains,
        };
    }

    private static JsonObject StringTable(IReadOnlyDictionary<string, string> table)
    {
        var json = new JsonObject();
        foreach (var (key, value) in table)
        {
            json[key] = value;
        }

        return json;
    }

    private static string StateName(ImageState state) => state.ToString().ToLowerInvariant();
}
