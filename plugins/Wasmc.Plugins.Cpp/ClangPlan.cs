using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp.Bindings;
using Wasmc.Plugins.Shared;

namespace Wasmc.Plugins.Cpp;

/// <summary>
/// What the C and C++ plugins share: every source is compiled for WASI preview1 (<see cref="TargetFor"/>), linked as a
/// reactor with <c>wasm-ld</c>, then embedded and componentized with the preview1 adapter. Sources come from globs.
/// </summary>
/// <param name="DefaultSources">Source globs used when the component sets no <c>sources</c> option.</param>
/// <param name="ScaffoldExtension">The extension of the scaffolded source file (<c>c</c> or <c>cpp</c>).</param>
internal sealed record ClangPlan(IReadOnlyList<string> DefaultSources, string ScaffoldExtension)
{
    public const string Toolchain = "clang";

    /// <summary>
    /// The target triple for WASI preview1 with clang <paramref name="clangMajor"/>: clang 20 renamed
    /// <c>wasm32-wasi</c> to <c>wasm32-wasip1</c> and warns on every compile given the old name, while Debian's clang-19
    /// has its builtins only under the old name (it cannot link <c>wasm32-wasip1</c>).
    /// </summary>
    public static string TargetFor(int clangMajor) => clangMajor >= 20 ? "wasm32-wasip1" : "wasm32-wasi";

    private static readonly string[] CppExtensions = [".cc", ".cpp", ".cxx"];

    public static bool HasCppSources(ComponentFolder folder) =>
        Globs.HasMatch(folder.Path, "*.cc", "*.cpp", "*.cxx", "src/*.cc", "src/*.cpp", "src/*.cxx");

    public ScaffoldResult Scaffold(ScaffoldRequest request, IReadOnlyList<ComponentTemplate> templates)
    {
        CalculatorTemplate.RequireKnownTemplate(request, templates);
        if (request.TemplateId == CommandTemplate.TemplateId)
        {
            return ScaffoldCommand(new CommandTemplate(request));
        }

        var template = new CalculatorTemplate(request);
        var file = ComponentNames.Snake(template.Name);
        var header = Identifiers.Snake(template.World);
        var prefix = $"exports_local_{Identifiers.Snake(template.Name)}_{Identifiers.Snake(CalculatorTemplate.InterfaceName)}_";
        var functions = string.Join("\n", CalculatorTemplate.Functions.Select(f => $$"""

            // {{f.Doc}}
            double {{prefix}}{{f.Name}}(double a, double b) {
                return a {{f.Operator}} b;
            }
            """));
        var body = $$"""
            // The {{template.Name}} component: implements {{template.Package}}'s {{CalculatorTemplate.InterfaceName}} interface.
            //
            // wasmc generates {{header}}.h and {{header}}.c from the WIT in wit/ for every build (in the build's scratch
            // folder, which is on the include path): implement the exports_* functions {{header}}.h declares.
            #include "{{header}}.h"
            {{functions}}

            """;
        return template.Result(new ScaffoldFile($"src/{file}.{ScaffoldExtension}", body));
    }

    private ScaffoldResult ScaffoldCommand(CommandTemplate template)
    {
        var header = Identifiers.Snake(template.World);
        var (include, print) = ScaffoldExtension == "cpp"
            ? ("<iostream>", $"std::cout << \"{template.Greeting}\" << std::endl;")
            : ("<stdio.h>", $"printf(\"{template.Greeting}\\n\");");
        var body = $$"""
            // The {{template.Name}} command: `wasmc run` and [[run]] tests call its {{CommandTemplate.RunInterface}} export.
            //
            // wasmc generates {{header}}.h and {{header}}.c from the WIT in wit/ for every build (in the build's scratch
            // folder, which is on the include path); exports_wasi_cli_run_run is the program's main.
            #include "{{header}}.h"

            #include {{include}}

            // Returning true is ok (exit code 0); false is err (exit code 1).
            bool exports_wasi_cli_run_run(void) {
                {{print}}
                return true;
            }

            """;
        return template.Result(new ScaffoldFile($"src/{ComponentNames.Snake(template.Name)}.{ScaffoldExtension}", body));
    }

    public BuildPlan PlanBuild(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var component = request.Component;
        var paths = request.Paths;
        var profile = request.Profile;
        var major = request.Bundle.RequireMajorVersion("clang");
        var sources = Sources(request);
        var anyCpp = sources.Any(IsCpp);

        List<string> commonFlags = [$"--target={TargetFor(major)}", profile.Optimize ? "-O2" : "-O0"];
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
        var dependencyFiles = new List<string>();
        var bindings = BindingsFiles.Plan(request);
        if (bindings is not null)
        {
            compileFlags.Insert(0, "-I" + bindings.Folder);
            var output = PlanSupport.Join(paths.Scratch, $"obj/bindings/{bindings.BaseName}.c.o");
            var dependencies = PlanSupport.Join(paths.Scratch, $"obj/bindings/{bindings.BaseName}.c.d");
            objects.Add(output);
            dependencyFiles.Add(dependencies);
            steps.Add(new PlanStep("compile bindings", Toolchain, [Compiler(false, major), .. commonFlags, .. ForC(profile.LanguageFlags), "-MD", "-MF", dependencies, "-c", bindings.Source.ContainerPath, "-o", output], paths.Component)
            {
                Inputs = [bindings.Source.ContainerPath, bindings.Header.ContainerPath],
                Outputs = [output, dependencies],
            });
        }
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

            argv.AddRange(IsCpp(source) ? compileFlags : ForC(compileFlags));
            // -MD -MF: clang lists every header it read, so a header outside the component keys the cache too.
            var dependencies = PlanSupport.Join(paths.Scratch, $"obj/{source}.d");
            dependencyFiles.Add(dependencies);
            argv.AddRange(["-MD", "-MF", dependencies, "-c", input, "-o", output]);
            steps.Add(new PlanStep($"compile {source}", Toolchain, argv, paths.Component)
            {
                Inputs = [input, PlanSupport.Join(paths.Component, "**/*.h"), PlanSupport.Join(paths.Component, "**/*.hpp"), .. bindings?.Headers ?? []],
                Outputs = [output, dependencies],
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
        var embedWit = EmbedWits.For(request);
        steps.AddRange(PlanSupport.EmbedAndNew(request, coreModule, Toolchain, embedWit));

        return new BuildPlan(steps, [PlanSupport.ComponentArtifact(request)])
        {
            DependencyFiles = dependencyFiles,
            SupportFiles = [.. bindings?.Files ?? [], .. embedWit.Staged is null ? [] : new[] { embedWit.Staged }],
        };
    }

    /// <summary>
    /// The flags without a C++ language standard (<c>-std=c++20</c>, <c>-std=gnu++17</c>): a <c>cpp</c> component's flags
    /// reach its C files too (the generated bindings are C), and clang rejects a C++ standard for C.
    /// </summary>
    private static IEnumerable<string> ForC(IEnumerable<string> flags) =>
        flags.Where(flag => !flag.StartsWith("-std=c++", StringComparison.Ordinal) && !flag.StartsWith("-std=gnu++", StringComparison.Ordinal));

    private static string Compiler(bool cpp, int major) => cpp ? $"clang++-{major}" : $"clang-{major}";

    private static bool IsCpp(string source) => CppExtensions.Any(extension => source.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The component's sources, relative to its folder. Globs are expanded on the host when the folder is known;
    /// without it (plan tests) the <c>sources</c> option is taken literally, or the scaffolded file is assumed.
    /// </summary>
    private IReadOnlyList<string> Sources(BuildRequest request)
    {
        var patterns = PlanSupport.StringListOption(request.Component, "sources");
        if (request.Folder is null)
        {
            return patterns.Count > 0 ? patterns : [$"src/{ComponentNames.Snake(request.Component.Name)}.{ScaffoldExtension}"];
        }

        var effective = patterns.Count > 0 ? patterns : DefaultSources;
        var sources = Globs.Expand(request.Folder.Path, effective);
        return sources.Count > 0
            ? sources
            : throw new WasmcPluginException(
                $"component '{request.Component.Name}': no sources match {string.Join(", ", effective)} in {request.Folder.Path}");
    }
}
