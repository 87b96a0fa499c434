using System.Text.Json;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(JsPlugin))]

namespace Wasmc.Plugins.Js;

/// <summary>
/// JavaScript components built with <c>componentize-js</c> (StarlingMonkey + Wizer) in the <c>node</c> toolchain.
/// The <c>componentize-js</c> CLI is used rather than <c>jco componentize</c>, which cannot read paths in jco 1.35
/// (its WASI shim starts without preopens). Both steps run through a small glue script (a support file) that
/// reports JavaScript errors as <c>file:line:col: message</c>; see docs/languages/js.md.
/// The host validates the component afterwards (<c>wasm-tools validate</c>, or <c>jco wit</c> where a bundle has no
/// wasm-tools), so the plan does not validate it a second time.
/// </summary>
public sealed class JsPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with Node, componentize-js and jco.</summary>
    public const string Toolchain = "node";

    /// <summary>The glue script's location below the scratch folder.</summary>
    public const string ScriptPath = "wasmc-js/componentize.mjs";

    /// <summary>Where the glue writes the entry module's static import graph (a make-style dependency file), below scratch.</summary>
    public const string DependencyFilePath = "wasmc-js/imports.d";

    /// <summary>The WASI features componentize-js can leave out (<c>disable</c> option, its <c>--disable</c>).</summary>
    public static IReadOnlyList<string> Features { get; } = ["stdio", "random", "clocks", "http", "fetch-event"];

    private static readonly Lazy<string> GlueScript = new(ReadGlueScript);

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
        var entry = SourceFile(request);
        var source = PlanSupport.Join(paths.Component, entry);
        var sourceFolder = PlanSupport.Join(paths.Component, FolderOf(entry));
        var script = PlanSupport.Join(paths.Scratch, ScriptPath);

        // The working directory is the workspace root: componentize-js maps the working directory into the
        // engine and reports locations relative to it, so they read as workspace paths (components/calc/src/calc.js:2:1).
        List<string> check = ["node", script, "check", source];
        check.AddRange(OtherModules(request, entry).Select(module => PlanSupport.Join(paths.Component, module)));

        // StarlingMonkey comes prebuilt and AOT (weval) needs a download, so profiles contribute only their
        // language flags (e.g. "--use-debug-build").
        // The glue follows the entry's static imports (../../shared/ops.js included) into a dependency file: the modules
        // componentize-js will load, which key the build cache on top of the component's own files.
        var dependencyFile = PlanSupport.Join(paths.Scratch, DependencyFilePath);
        List<string> componentize = ["node", script, "componentize", "--deps", dependencyFile, source, "--", "componentize-js", "--wit", wit, "--world-name", request.Component.World];
        var disabled = DisabledFeatures(request.Component);
        if (disabled.Count > 0)
        {
            componentize.Add("--disable");
            componentize.AddRange(disabled);
        }

        componentize.AddRange(request.Profile.LanguageFlags);
        componentize.AddRange(["--out", output, source]);

        string[] sources = [PlanSupport.Join(sourceFolder, "**"), source, PlanSupport.Join(paths.Component, "package.json")];
        return new BuildPlan(
            [
                new PlanStep("check syntax (node --check)", Toolchain, check, paths.Workspace)
                {
                    Inputs = [.. sources.Distinct(StringComparer.Ordinal)],
                },
                new PlanStep("componentize (componentize-js)", Toolchain, componentize, paths.Workspace)
                {
                    Inputs = [.. sources.Append(PlanSupport.Join(wit, "**")).Distinct(StringComparer.Ordinal)],
                    Outputs = [output, dependencyFile],
                },
            ],
            [PlanSupport.ComponentArtifact(request)])
        {
            SupportFiles = [new PlanFile(script, GlueScript.Value)],
            DependencyFiles = [dependencyFile],
        };
    }

    /// <summary>The entry module: the <c>source</c> option, else package.json's <c>main</c>, else <c>src/NAME.js</c>.</summary>
    private static string SourceFile(BuildRequest request)
    {
        var option = PlanSupport.StringOption(request.Component, "source");
        if (option is not null)
        {
            return RelativeSource(request.Component, option, "option 'source'");
        }

        var packageJson = request.Folder is null ? null : Path.Combine(request.Folder.Path, "package.json");
        if (packageJson is not null && File.Exists(packageJson))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("main", out var main) && main.ValueKind == JsonValueKind.String)
                {
                    return RelativeSource(request.Component, main.GetString()!, "package.json's \"main\"");
                }
            }
            catch (JsonException e)
            {
                throw new WasmcPluginException($"{packageJson}: invalid JSON: {e.Message}", e);
            }
        }

        return $"src/{request.Component.Name}.js";
    }

    private static string RelativeSource(ComponentSpec component, string path, string origin)
    {
        var relative = path.Replace('\\', '/');
        relative = relative.StartsWith("./", StringComparison.Ordinal) ? relative[2..] : relative;
        if (relative.Length == 0 || relative.StartsWith('/') || Path.IsPathRooted(relative))
        {
            throw new WasmcPluginException(
                $"component '{component.Name}': {origin} must be a path relative to the component folder, found '{path}'");
        }

        return relative;
    }

    private static string FolderOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "" : relativePath[..slash];
    }

    /// <summary>
    /// The other JavaScript modules next to and below the entry module (on disk, when planning with files), so that a
    /// syntax error in an imported module is reported with its position too. <c>node_modules</c> is left alone.
    /// </summary>
    private static IEnumerable<string> OtherModules(BuildRequest request, string entry)
    {
        if (request.Folder is null)
        {
            return [];
        }

        var folder = FolderOf(entry);
        var prefix = folder.Length == 0 ? "" : folder + "/";
        return Globs.Expand(request.Folder.Path, [prefix + "**/*.js", prefix + "**/*.mjs"])
            .Where(module => module != entry && !("/" + module).Contains("/node_modules/", StringComparison.Ordinal));
    }

    private static List<string> DisabledFeatures(ComponentSpec component)
    {
        var disabled = PlanSupport.StringListOption(component, "disable").Distinct(StringComparer.Ordinal).ToList();
        var unknown = disabled.Where(feature => !Features.Contains(feature)).ToList();
        if (unknown.Count > 0)
        {
            throw new WasmcPluginException(
                $"component '{component.Name}': option 'disable' names unknown feature{(unknown.Count == 1 ? "" : "s")} " +
                $"{string.Join(", ", unknown.Select(f => $"'{f}'"))}; componentize-js can disable {string.Join(", ", Features)}");
        }

        return disabled;
    }

    private static string ReadGlueScript()
    {
        const string resource = "Wasmc.Plugins.Js.componentize.mjs";
        using var stream = typeof(JsPlugin).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the JavaScript plugin is missing its embedded resource {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
