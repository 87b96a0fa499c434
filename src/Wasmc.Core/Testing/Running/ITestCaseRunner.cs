using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing.Checking;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Running;

/// <summary>
/// Runs checked cases against one built component in a runtime (Wasmtime in process, or jco in Node) and reports
/// what each call did; comparing with the expectations is <see cref="CaseEvaluator"/>'s job.
/// </summary>
internal interface ITestCaseRunner
{
    /// <summary><c>wasmtime</c> or <c>jco</c>: the value of <c>--runner</c> and of a component's <c>runner</c> key.</summary>
    string Name { get; }

    /// <summary>Whether the runner runs steps in the bundle's toolchain images (<see cref="TestTarget.ToolchainRunner"/>).</summary>
    bool NeedsToolchain { get; }

    /// <summary>A problem when this runner cannot run <paramref name="testCase"/> (reported before anything runs), or null.</summary>
    string? Check(CheckedCase testCase);

    /// <summary>Runs the cases; returns one outcome per case id. Cases without an outcome count as errors.</summary>
    Task<RunnerResult> RunAsync(TestTarget target, IReadOnlyList<CheckedCase> cases, CancellationToken cancellationToken);
}

/// <summary>What a runner did: an outcome per case id, and a note for the report (e.g. <c>cached</c>).</summary>
internal sealed record RunnerResult(IReadOnlyDictionary<int, CaseOutcome> Outcomes, string? Detail = null);

/// <summary>Where and with what a component's cases run.</summary>
/// <param name="Component">Component name.</param>
/// <param name="Bundle">The component's bundle (images, tool versions, runner).</param>
/// <param name="Runner">The toolchain runner session (Docker or host); null for runners that need none.</param>
/// <param name="Folders">Host folders: workspace (read-only), a test output folder and the test scratch folder.</param>
/// <param name="Paths">The same folders inside the container.</param>
/// <param name="ComponentPath">The component (<c>.wasm</c>) as a container path.</param>
/// <param name="ComponentHostPath">The component on the host (for cache keys).</param>
/// <param name="Limits">Limits of each step.</param>
/// <param name="CompiledCacheFolder">Where compiled components are kept (beside the build outputs), or null.</param>
internal sealed record TestTarget(
    string Component,
    Bundle Bundle,
    IToolchainRunner? Runner,
    HostFolders Folders,
    ContainerPaths Paths,
    string ComponentPath,
    string ComponentHostPath,
    RunLimits Limits,
    string? CompiledCacheFolder = null)
{
    /// <summary>The toolchain runner, for runners with <see cref="ITestCaseRunner.NeedsToolchain"/>.</summary>
    public IToolchainRunner ToolchainRunner => Runner ?? throw new InvalidOperationException("this runner has no toolchain runner");

    /// <summary>Maps a container path below <see cref="ContainerPaths.Scratch"/> to the host.</summary>
    public string ScratchHostPath(string relative) => Path.Combine(Folders.Scratch, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A container path below the scratch folder.</summary>
    public string ScratchPath(string relative) => $"{Paths.Scratch.TrimEnd('/')}/{relative}";

    public StepRunRequest Request(PlanStep step) =>
        new(step, Bundle.GetToolchain(step.Toolchain).ImageReference, Bundle.Name, Component, Folders, Paths) { Limits = Limits };
}

/// <summary>How a case's call ended.</summary>
internal enum OutcomeKind
{
    /// <summary>The export returned (a top-level <c>err</c> included): <see cref="CaseOutcome.Value"/>.</summary>
    Returned,

    /// <summary>The component trapped: <see cref="CaseOutcome.Message"/>.</summary>
    Trapped,

    /// <summary>A command component ran to its end: exit code, stdout, stderr.</summary>
    Exited,

    /// <summary>An HTTP component answered a request: <see cref="CaseOutcome.Status"/>, headers and body.</summary>
    Responded,

    /// <summary>The runner could not make the call (harness error, lowering error, killed): <see cref="CaseOutcome.Message"/>.</summary>
    Errored,
}

/// <summary>What one case did.</summary>
internal sealed record CaseOutcome(OutcomeKind Kind)
{
    public WaveValue? Value { get; init; }

    public string? Message { get; init; }

    public int ExitCode { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public TimeSpan Duration { get; init; }

    /// <summary>The response's status code (<see cref="OutcomeKind.Responded"/>).</summary>
    public int Status { get; init; }

    /// <summary>The response's headers, names in lower case, repeated headers joined with <c>", "</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The response body, decoded as UTF-8.</summary>
    public string Body { get; init; } = "";

    /// <summary>What the component printed during the call, when known.</summary>
    public string? Output { get; init; }

    public static CaseOutcome Returned(WaveValue? value, TimeSpan duration) => new(OutcomeKind.Returned) { Value = value, Duration = duration };

    public static CaseOutcome Trapped(string message, TimeSpan duration) => new(OutcomeKind.Trapped) { Message = message, Duration = duration };

    public static CaseOutcome Error(string message) => new(OutcomeKind.Errored) { Message = message };
}
