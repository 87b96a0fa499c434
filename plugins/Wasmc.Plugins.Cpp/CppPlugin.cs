using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(CppPlugin))]

namespace Wasmc.Plugins.Cpp;

/// <summary>
/// C and C++ components built with Debian's clang and wasi-libc: every source is compiled for
/// <c>wasm32-wasi</c> (clang-19 cannot find its builtins for <c>wasm32-wasip1</c>), linked as a reactor with
/// <c>wasm-ld</c>, then embedded and componentized with the preview1 adapter. Sources come from globs.
/// </summary>
public sealed class CppPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with clang, lld and wasi-libc.</summary>
    public const string Toolchain = "clang";

    /// <summary>The clang target triple.</summary>
    public const string Target = "wasm32-wasi";

    /// <summary>Source globs used when the component sets no <c>sources</c> option.</summary>
    public static IReadOnlyList<string> DefaultSources { get; } = ["src/**/*.c", "src/**/*.cc", "src/**/*.cpp", "src/**/*.cxx"];

    private static readonly string[] CppExtensions = [".cc", ".cpp", ".cxx"];

    /// <inheritdoc />
    public string LanguageId => "cpp";

    /// <inheritdoc />
    public string DisplayName => "C/C++";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } =
    [
        CalculatorTemplate.Descriptor,
        new("library-cpp", "The same library component written in C++"),
    ];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.HasFile("CMakeLists.txt") ||
            Globs.HasMatch(folder.Path, "*.c", "*.cc", "*.cpp", "*.cxx", "src/*.c", "src/*.cc", "src/*.cpp", "src/*.cxx");
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request)
    {
        CalculatorTemplate.RequireKnownTemplate(request, Templates);
        var template = new CalculatorTemplate(request);
        var cpp = request.TemplateId == "library-cpp";
        var file = ComponentNames.Snake(template.Name);
        var functions = string.Join("\n", CalculatorTemplate.Functions.Select(f => $$"""

            // {{f.Doc}}
            __attribute__((export_name("{{template.ExportName(f.Name)}}")))
            double {{f.Name}}(double a, double b) {
                return a {{f.Operator}} b;
            }
            """));
        var body = $$"""
            // The {{template.Name}} component: implements {{template.Package}}'s {{CalculatorTemplate.InterfaceName}} interface.
            //
            // Each function is exported under its canonical ABI name. wasmc will generate these bindings
            // from the WIT (roadmap); until then scalar functions are written by hand like this.
            {{(cpp ? "\nextern \"C\" {" : string.Empty)}}{{functions}}
            {{(cpp ? "\n}  // extern \"C\"\n" : string.Empty)}}
            """;
        return template.Result(new ScaffoldFile($"src/{file}.{(cpp ? "cpp" : "c")}", body));
    }

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var component = request.Component;
        var paths = request.Paths;
        var profile = request.Profile;
        var major = request.Bundle.RequireMajorVersion("clang");
        var sources = Sources(request);
        var anyCpp = sources.Any(IsCpp);

        List<string> commonFlags = [$"--target={Target}", profile.Optimize ? "-O2" : "-O0"];
        if (profile.DebugInfo)
        {
            commonFlags.Add("-g");
        }

        var compileFlags = new List<string>();
        compileFlags.AddRange(PlanSupport.StringListOption(component, "include").Select(folder => "-I" + PlanSupport.Join(paths.Component, folder)));
        compileFlags.AddRange(PlanSupport.StringListOption(component, "defines").Select(define => "-D" + define));
        compileFlags.AddRange(PlanSupport.StringListOption(component, "cflags"));
        compileFlags.AddRange(profile.LanguageFlags);

        var steps = new List<PlanStep>();
        var objects = new List<string>();
        foreach (var source in sources)
        {
            var input = PlanSupport.Join(paths.Component, source);
            var output = PlanSupport.Join(paths.Scratch, $"obj/{source}.o");
            objects.Add(output);
            List<string> argv = [Compiler(IsCpp(source), major), .. commonFlags];
            if (IsCpp(source))
            {
                argv.Add("-fno-exceptions"); // wasi-libc++ is built without exception support
            }

            argv.AddRange(compileFlags);
            argv.AddRange(["-c", input, "-o", output]);
            steps.Add(new PlanStep($"compile {source}", Toolchain, argv, paths.Component)
            {
                Inputs = [input, PlanSupport.Join(paths.Component, "**/*.h"), PlanSupport.Join(paths.Component, "**/*.hpp")],
                Outputs = [output],
            });
        }

        var coreModule = PlanSupport.Join(paths.Scratch, "core.wasm");
        List<string> link = [Compiler(anyCpp, major), .. commonFlags, "-mexec-model=reactor", "-fuse-ld=lld"];
        if (profile.Strip)
        {
            link.Add("-Wl,--strip-all");
        }

        link.AddRange(PlanSupport.StringListOption(component, "ldflags"));
        link.AddRange(objects);
        link.AddRange(["-o", coreModule]);
        steps.Add(new PlanStep("link", Toolchain, link, paths.Component) { Inputs = objects, Outputs = [coreModule] });
        steps.AddRange(PlanSupport.EmbedAndNew(request, coreModule, Toolchain));

        return new BuildPlan(steps, [PlanSupport.ComponentArtifact(request)]);
    }

    private static string Compiler(bool cpp, int major) => cpp ? $"clang++-{major}" : $"clang-{major}";

    private static bool IsCpp(string source) => CppExtensions.Any(extension => source.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The component's sources, relative to its folder. Globs are expanded on the host when the folder is known;
    /// without it (plan tests) the <c>sources</c> option is taken literally, or the scaffolded file is assumed.
    /// </summary>
    private static IReadOnlyList<string> Sources(BuildRequest request)
    {
        var patterns = PlanSupport.StringListOption(request.Component, "sources");
        if (request.Folder is null)
        {
            return patterns.Count > 0 ? patterns : [$"src/{ComponentNames.Snake(request.Component.Name)}.c"];
        }

        var effective = patterns.Count > 0 ? patterns : DefaultSources;
        var sources = Globs.Expand(request.Folder.Path, effective);
        return sources.Count > 0
            ? sources
            : throw new WasmcPluginException(
                $"component '{request.Component.Name}': no C/C++ sources match {string.Join(", ", effective)} in {request.Folder.Path}");
    }
}
