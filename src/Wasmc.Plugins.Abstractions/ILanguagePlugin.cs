namespace Wasmc.Plugins.Abstractions;

/// <summary>
/// A language plugin: it recognises component folders of its language, scaffolds new
/// components, and describes how to build one as a <see cref="BuildPlan"/>. A plugin never
/// starts processes or talks to Docker; the host's runner executes the plan it returns.
/// </summary>
public interface ILanguagePlugin
{
    /// <summary>The language id used in <c>wasmc.toml</c> and on the command line (<c>rust</c>, <c>js</c>, ...).</summary>
    string LanguageId { get; }

    /// <summary>A human-readable name for listings (<c>Rust</c>, <c>JavaScript</c>).</summary>
    string DisplayName { get; }

    /// <summary>The toolchains (image names inside a bundle) this plugin's plans use, e.g. <c>rust</c>, <c>node</c>.</summary>
    IReadOnlyList<string> Toolchains { get; }

    /// <summary>Whether <paramref name="folder"/> looks like a component of this language (e.g. it holds a <c>Cargo.toml</c>).</summary>
    bool Recognizes(ComponentFolder folder);

    /// <summary>The templates <c>wasmc new</c> offers for this language; the first is the default.</summary>
    IReadOnlyList<ComponentTemplate> Templates { get; }

    /// <summary>Produces the files of a new component. Paths in the result are relative to the component folder.</summary>
    ScaffoldResult Scaffold(ScaffoldRequest request);

    /// <summary>Describes, as data, every step that builds <paramref name="request"/>'s component.</summary>
    BuildPlan PlanBuild(BuildRequest request);
}
