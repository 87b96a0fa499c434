using System.Text.Json;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(JsPlugin))]

namespace Wasmc.Plugins.Js;

/// <summary>
/// JavaScript components built with <c>componentize-js</c> (SpiderMonkey + Wizer) in the <c>node</c> toolchain,
/// then validated. The <c>componentize-js</c> CLI is used rather than <c>jco componentize</c>, which cannot read
/// paths in jco 1.35 (its WASI shim starts without preopens).
/// </summary>
public sealed class JsPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with Node, componentize-js and jco.</summary>
    public const string Toolchain = "node";

    /// <inheritdoc />
    public string LanguageId => "js";

    /// <inheritdoc />
    public string DisplayName => "JavaScript";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } = [CalculatorTemplate.Descriptor];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.HasFile("package.json") || Globs.HasMatch(folder.Path, "*.js", "*.mjs", "src/*.js", "src/*.mjs");
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request)
    {
        CalculatorTemplate.RequireKnownTemplate(request, Templates);
        var template = new CalculatorTemplate(request);
        var methods = string.Join("\n", CalculatorTemplate.Functions.Select(f => $$"""
              /** {{f.Doc}} */
              {{f.Name}}(a, b) {
                return a {{f.Operator}} b;
              },
            """));
        var source = $"src/{template.Name}.js";
        return template.Result(
            new ScaffoldFile("package.json", $$"""
                {
                  "name": "{{template.Name}}",
                  "version": "0.1.0",
                  "private": true,
                  "type": "module",
                  "main": "{{source}}"
                }

                """),
            new ScaffoldFile(source, $$"""
                // The {{template.Name}} component: implements {{template.Package}}'s {{CalculatorTemplate.InterfaceName}} interface.
                // componentize-js maps each exported interface to an exported object of the same (camelCase) name.
                export const {{CalculatorTemplate.InterfaceName}} = {
                {{methods}}
                };

                """));
    }

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var paths = request.Paths;
        var wit = PlanSupport.WitPath(request);
        var output = PlanSupport.ComponentOutput(request);
        var source = PlanSupport.Join(paths.Component, SourceFile(request));

        // SpiderMonkey comes prebuilt, so profiles only contribute their language flags (e.g. "--disable", "all").
        List<string> componentize = ["componentize-js", "--wit", wit, "--world-name", request.Component.World, "--out", output];
        componentize.AddRange(request.Profile.LanguageFlags);
        componentize.Add(source);

        var steps = new List<PlanStep>
        {
            new("componentize (componentize-js)", Toolchain, componentize, paths.Component)
            {
                Inputs = [PlanSupport.Join(wit, "**"), PlanSupport.Join(paths.Component, "package.json"), PlanSupport.Join(paths.Component, "src/**")],
                Outputs = [output],
            },
        };

        steps.Add(request.Bundle.Toolchains.ContainsKey(PlanSupport.WasmToolsToolchain)
            ? new PlanStep("validate", PlanSupport.WasmToolsToolchain, ["wasm-tools", "validate", output], paths.Component) { Inputs = [output] }
            : new PlanStep("validate (jco wit)", Toolchain, ["jco", "wit", output], paths.Component) { Inputs = [output] });

        return new BuildPlan(steps, [PlanSupport.ComponentArtifact(request)]);
    }

    /// <summary>The entry module: the <c>source</c> option, else package.json's <c>main</c>, else <c>src/NAME.js</c>.</summary>
    private static string SourceFile(BuildRequest request)
    {
        var option = PlanSupport.StringOption(request.Component, "source");
        if (option is not null)
        {
            return option;
        }

        var packageJson = request.Folder is null ? null : Path.Combine(request.Folder.Path, "package.json");
        if (packageJson is not null && File.Exists(packageJson))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("main", out var entry) && entry.ValueKind == JsonValueKind.String)
                {
                    var main = entry.GetString()!;
                    return main.StartsWith("./", StringComparison.Ordinal) ? main[2..] : main;
                }
            }
            catch (JsonException e)
            {
                throw new WasmcPluginException($"{packageJson}: invalid JSON: {e.Message}", e);
            }
        }

        return $"src/{request.Component.Name}.js";
    }
}
