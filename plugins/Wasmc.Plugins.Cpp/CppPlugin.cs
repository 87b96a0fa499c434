using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(CPlugin))]
[assembly: WasmcPlugin(typeof(CppPlugin))]

namespace Wasmc.Plugins.Cpp;

/// <summary>
/// C components (language id <c>c</c>) built with Debian's clang and wasi-libc; see <see cref="ClangPlan"/> for the steps.
/// </summary>
public sealed class CPlugin : ILanguagePlugin
{
    private static readonly ClangPlan Plan = new(DefaultSources: ["src/**/*.c"], ScaffoldExtension: "c");

    /// <inheritdoc />
    public string LanguageId => "c";

    /// <inheritdoc />
    public string DisplayName => "C";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [ClangPlan.Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } = [CalculatorTemplate.Descriptor, CommandTemplate.Descriptor];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Globs.HasMatch(folder.Path, "*.c", "src/*.c") && !ClangPlan.HasCppSources(folder);
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request) => Plan.Scaffold(request, Templates);

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request) => Plan.PlanBuild(request);
}

/// <summary>
/// C++ components (language id <c>cpp</c>; C sources may be mixed in) built with Debian's clang, libc++ and wasi-libc;
/// see <see cref="ClangPlan"/> for the steps.
/// </summary>
public sealed class CppPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with clang, lld and wasi-libc.</summary>
    public const string Toolchain = ClangPlan.Toolchain;

    /// <summary>Source globs used when the component sets no <c>sources</c> option.</summary>
    public static IReadOnlyList<string> DefaultSources { get; } = ["src/**/*.c", "src/**/*.cc", "src/**/*.cpp", "src/**/*.cxx"];

    private static readonly ClangPlan Plan = new(DefaultSources, ScaffoldExtension: "cpp");

    /// <inheritdoc />
    public string LanguageId => "cpp";

    /// <inheritdoc />
    public string DisplayName => "C++";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } = [new(CalculatorTemplate.TemplateId, "A library component exporting a small 'calculator' interface in C++, with tests"), CommandTemplate.Descriptor];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.HasFile("CMakeLists.txt") || ClangPlan.HasCppSources(folder);
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request) => Plan.Scaffold(request, Templates);

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request) => Plan.PlanBuild(request);
}
