using Wasmc.Containers.Running;

namespace Wasmc.Core.Building;

/// <summary>What to build: which components, in which profile, how many at once.</summary>
public sealed record BuildOptions
{
    /// <summary>Component names to build; empty means every component of the workspace.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>The profile; null means the manifest's <c>default-profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary>How many components are built at once (at least 1).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Rebuild even when the build cache says the outputs are current.</summary>
    public bool Force { get; init; }

    /// <summary>When another build holds the workspace, fail at once (<see cref="WorkspaceBusyException"/>) instead of waiting.</summary>
    public bool NoWait { get; init; }
}

/// <summary>What happened to one component.</summary>
public enum ComponentBuildStatus
{
    /// <summary>Built now and validated; artifacts moved into place.</summary>
    Built,

    /// <summary>The build cache matched; nothing ran.</summary>
    UpToDate,

    /// <summary>A step failed, the plan was invalid, or the component did not validate; previous artifacts are untouched.</summary>
    Failed,

    /// <summary>Not built in the chosen profile (its <c>profiles</c> list excludes it).</summary>
    Skipped,
}

/// <summary>A file a build produced, in its final place.</summary>
/// <param name="Kind"><c>component</c>, <c>core-module</c>, ... as the plugin named it.</param>
/// <param name="Path">Absolute host path.</param>
/// <param name="RelativePath">Path relative to the workspace root, <c>/</c> separators (for messages).</param>
public sealed record BuildArtifact(string Kind, string Path, string RelativePath);

/// <summary>The result of one component's build.</summary>
/// <param name="Component">Component name.</param>
/// <param name="Status">Built, up-to-date, failed or skipped.</param>
/// <param name="Profile">The profile it was built in.</param>
/// <param name="Bundle">The published bundle name, or null when skipped before it was resolved.</param>
/// <param name="Duration">Wall time spent on the component.</param>
/// <param name="Artifacts">Every artifact (the component first) when built or up-to-date; empty otherwise.</param>
/// <param name="CacheKey">The build cache key (sha256 hex), when it was computed.</param>
/// <param name="Message">Why it failed or was skipped.</param>
public sealed record ComponentBuildOutcome(
    string Component,
    ComponentBuildStatus Status,
    string Profile,
    string? Bundle,
    TimeSpan Duration,
    IReadOnlyList<BuildArtifact> Artifacts,
    string? CacheKey,
    string? Message)
{
    /// <summary>What the failing step printed (paths relative to the workspace), for failures.</summary>
    public IReadOnlyList<StepOutputLine> FailureOutput { get; init; } = [];

    /// <summary>
    /// The failure is in the user's input, found before anything ran: the language plugin rejected the component's
    /// files while planning (a located <c>Cargo.toml</c> or WIT error). The <c>build</c> verb exits with 2 for it.
    /// </summary>
    public bool InvalidInput { get; init; }

    /// <summary>The component artifact, when there is one.</summary>
    public BuildArtifact? ComponentArtifact => Artifacts.Count > 0 ? Artifacts[0] : null;
}

/// <summary>A component build is starting.</summary>
/// <param name="Component">Component name.</param>
/// <param name="Language">Language id.</param>
/// <param name="Bundle">Published bundle name.</param>
/// <param name="Profile">Profile name.</param>
public sealed record ComponentBuildStart(string Component, string Language, string Bundle, string Profile);

/// <summary>
/// Live progress of a build. Called from several threads when components build in parallel;
/// implementations serialise their own output.
/// </summary>
public interface IBuildProgress
{
    /// <summary>A component's cache missed (or <c>--force</c>) and its steps are about to run.</summary>
    void Started(ComponentBuildStart start);

    /// <summary>A step of a component is about to run.</summary>
    void StepStarting(string component, string description);

    /// <summary>A line a tool printed, with workspace paths made relative.</summary>
    void Output(StepOutputLine line);

    /// <summary>A component is done, whatever the outcome.</summary>
    void Finished(ComponentBuildOutcome outcome);

    /// <summary>Another build holds the workspace (<see cref="WorkspaceLock"/>); this one waits. <paramref name="processId"/> is 0 when unknown.</summary>
    void WaitingForWorkspace(int processId)
    {
    }
}

/// <summary>The request itself is wrong (unknown component or profile): exit code 2.</summary>
public sealed class BuildInputException : Exception
{
    public BuildInputException(string message) : base(message) { }

    /// <param name="message">What is wrong, in one sentence.</param>
    /// <param name="diagnostics">Located problems, each <c>file:line:col: error: reason</c> (workspace-relative), printed before it.</param>
    public BuildInputException(string message, IReadOnlyList<string> diagnostics) : base(message) => Diagnostics = diagnostics;

    /// <summary>Located problems (<c>calc/wit/calc.wit:6:18: error: ...</c>); empty when the message says it all.</summary>
    public IReadOnlyList<string> Diagnostics { get; } = [];
}

/// <summary>
/// The machine cannot build (Docker unreachable, toolchain image missing): exit code 3. The message
/// says what to do, e.g. <c>dotnet wasmc bundle build &lt;bundle&gt;</c>.
/// </summary>
public sealed class BuildEnvironmentException : Exception
{
    public BuildEnvironmentException(string message, Exception? innerException = null) : base(message, innerException) { }
}
