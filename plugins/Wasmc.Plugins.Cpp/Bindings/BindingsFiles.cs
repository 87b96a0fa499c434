using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Shared;
using Wasmc.Wit;

namespace Wasmc.Plugins.Cpp.Bindings;

/// <summary>
/// The generated bindings as part of a plan: <c>&lt;world&gt;.h</c>, <c>&lt;world&gt;.hpp</c> and <c>&lt;world&gt;.c</c>
/// are support files in scratch's <c>bindings</c> folder, which goes on the include path; the <c>.c</c> is compiled
/// and linked with the component's sources.
/// </summary>
internal sealed record BindingsFiles(string BaseName, string Folder, PlanFile Header, PlanFile CppHeader, PlanFile Source)
{
    /// <summary>Where the files live below the build's scratch folder.</summary>
    public const string FolderName = "bindings";

    public IReadOnlyList<PlanFile> Files => [Header, CppHeader, Source];

    public IReadOnlyList<string> Headers => [Header.ContainerPath, CppHeader.ContainerPath];

    /// <summary>
    /// Generates the bindings of the component's world; null when the plan is made without the component's files
    /// (plan tests) or the component has no WIT yet.
    /// </summary>
    /// <exception cref="WasmcPluginException">The WIT is invalid, has no such world, or uses what the bindings cannot express yet.</exception>
    public static BindingsFiles? Plan(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var world = ComponentWorld.Load(request);
        if (world is null)
        {
            return null;
        }

        return For(request.Paths.Scratch, CBindingsGenerator.Generate(world));
    }

    /// <summary>The support files of <paramref name="bindings"/> below <paramref name="scratch"/>.</summary>
    public static BindingsFiles For(string scratch, CBindings bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var folder = PlanSupport.Join(scratch, FolderName);
        return new BindingsFiles(
            bindings.BaseName,
            folder,
            new PlanFile(PlanSupport.Join(folder, bindings.BaseName + ".h"), bindings.Header),
            new PlanFile(PlanSupport.Join(folder, bindings.BaseName + ".hpp"), bindings.CppHeader),
            new PlanFile(PlanSupport.Join(folder, bindings.BaseName + ".c"), bindings.Source));
    }
}
