using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Shared;
using Wasmc.Wit;

namespace Wasmc.Plugins.Go.Bindings;

/// <summary>
/// The generated bindings as part of a plan. The packages belong to the user's own module (<c>MODULE/gen/...</c>), so
/// go.mod needs no <c>require</c> or <c>replace</c> and vendoring is untouched; the sources are read-only, so the files
/// go to scratch and <c>go build -overlay</c> places them in the module's folder for the compiler only.
/// </summary>
internal sealed record GoBindings(IReadOnlyList<PlanFile> Files, PlanFile Overlay)
{
    /// <summary>The <c>go build</c> flag that adds the generated files.</summary>
    public string Flag => "-overlay=" + Overlay.ContainerPath;

    /// <summary>The module path declared by the component's go.mod (<c>module calc</c>).</summary>
    /// <exception cref="WasmcPluginException">go.mod is missing or declares no module.</exception>
    public static string ModulePath(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var goMod = Path.Combine(folder.Path, "go.mod");
        if (!File.Exists(goMod))
        {
            throw new WasmcPluginException($"{goMod}: not found; a Go component needs a go.mod (`module NAME`)");
        }

        var lines = File.ReadAllLines(goMod);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Regex.Match(lines[i], @"^\s*module\s+""?([^\s""/]+(?:/[^\s""]+)*)""?\s*(?://.*)?$");
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        throw new WasmcPluginException($"{goMod}:1:1: no `module` line; the generated bindings are packages of this module");
    }

    /// <summary>
    /// Builds are offline (no module proxy, an empty module cache), so every module go.mod requires must be vendored:
    /// a requirement without <c>vendor/modules.txt</c>, or missing from it, is reported at its go.mod line.
    /// </summary>
    /// <exception cref="WasmcPluginException">A required module is not vendored.</exception>
    public static void CheckVendored(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var goMod = Path.Combine(folder.Path, "go.mod");
        if (!File.Exists(goMod))
        {
            return;
        }

        var modulesTxt = Path.Combine(folder.Path, "vendor", "modules.txt");
        var vendored = File.Exists(modulesTxt)
            ? File.ReadAllLines(modulesTxt).Where(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => l[2..].Split(' ')[0]).ToHashSet(StringComparer.Ordinal)
            : null;
        var lines = File.ReadAllLines(goMod);
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split("//")[0].Trim();
            string? module = null;
            if (inBlock)
            {
                if (line == ")")
                {
                    inBlock = false;
                    continue;
                }

                module = line.Length > 0 ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] : null;
            }
            else if (line.StartsWith("require", StringComparison.Ordinal))
            {
                var rest = line["require".Length..].Trim();
                if (rest == "(")
                {
                    inBlock = true;
                    continue;
                }

                module = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            }

            if (module is null || vendored?.Contains(module) == true)
            {
                continue;
            }

            var column = lines[i].IndexOf(module, StringComparison.Ordinal) + 1;
            throw new WasmcPluginException(vendored is null
                ? $"{goMod}:{i + 1}:{column}: module {module} is required but the component has no vendor/ folder: Go builds are offline (no module proxy); run `go mod vendor` and keep vendor/ next to go.mod"
                : $"{goMod}:{i + 1}:{column}: module {module} is required but not in vendor/modules.txt: Go builds are offline (no module proxy); run `go mod vendor` again");
        }
    }

    /// <summary>
    /// Generates the packages for <paramref name="world"/>, and the file of package main holding the WASI adapter's
    /// memory (<see cref="AdapterMemory"/>), and the overlay that adds them to the build.
    /// </summary>
    public static GoBindings Plan(BuildRequest request, BindingsWorld world)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(world);
        var module = ModulePath(request.Folder!);
        // The adapter's memory is a global of package main (the component's folder, which go build builds), so it is
        // linked into every component whatever the user's code imports.
        IReadOnlyList<GoFile> generated =
            [.. GoBindingsGenerator.Generate(world, module), new(AdapterMemory.GoFileName, AdapterMemory.GoSource)];
        var folder = PlanSupport.Join(request.Paths.Scratch, "wasmc/go-bindings");
        var files = generated.Select(f => new PlanFile(PlanSupport.Join(folder, f.RelativePath), f.Content)).ToList();
        var replace = generated.Zip(files).ToDictionary(
            pair => PlanSupport.Join(request.Paths.Component, pair.First.RelativePath),
            pair => pair.Second.ContainerPath,
            StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["Replace"] = new SortedDictionary<string, string>(replace, StringComparer.Ordinal) }, OverlayJson);
        return new GoBindings(files, new PlanFile(PlanSupport.Join(folder, "overlay.json"), json + "\n"));
    }

    private static readonly JsonSerializerOptions OverlayJson = new() { WriteIndented = true };
}
