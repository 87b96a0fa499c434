using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Running;

/// <summary>
/// Runs plan steps exactly as plugins planned them: in a hardened toolchain container
/// (<see cref="DockerToolchainRunner"/>) or directly on the host (<see cref="HostToolchainRunner"/>).
/// One instance is one build session; disposing it removes everything the session started.
/// </summary>
public interface IToolchainRunner : IAsyncDisposable
{
    /// <summary><c>docker</c> or <c>host</c>, for messages.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs one step and returns its exit code and output. A non-zero exit code is a result, not an exception.
    /// </summary>
    /// <exception cref="ToolchainImageMissingException">The toolchain image is not present locally.</exception>
    /// <exception cref="StepTimeLimitExceededException">The step ran longer than <see cref="RunLimits.TimeLimit"/>; it was killed.</exception>
    /// <exception cref="ToolchainRunException">The step could not be run (Docker unreachable, tool missing on the host, ...).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the step's process or container was killed.</exception>
    Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default);
}

/// <summary>Host folders bound to <see cref="ContainerPaths"/>: workspace read-only, output and scratch writable.</summary>
/// <param name="Workspace">Host workspace root (bound to <see cref="ContainerPaths.Workspace"/>).</param>
/// <param name="Output">Host output folder of the component (bound to <see cref="ContainerPaths.Output"/>); created when missing.</param>
/// <param name="Scratch">Host scratch folder of the component (bound to <see cref="ContainerPaths.Scratch"/>); created when missing.</param>
public sealed record HostFolders(string Workspace, string Output, string Scratch);

/// <summary>Resource limits of a step's container (memory and CPUs) and of the step itself (time).</summary>
/// <param name="MemoryBytes">Memory limit (no swap beyond it); 0 = unlimited.</param>
/// <param name="Cpus">CPU limit, e.g. <c>1.5</c>; 0 = unlimited.</param>
/// <param name="TimeLimit">Wall time a single step may take before it is killed.</param>
/// <param name="MaxProcesses">Process limit inside the container; 0 = unlimited.</param>
public sealed record RunLimits(long MemoryBytes, double Cpus, TimeSpan TimeLimit, long MaxProcesses = 4096)
{
    /// <summary>4 GiB, all CPUs, 30 minutes per step, 4096 processes.</summary>
    public static RunLimits Default { get; } = new(4L * 1024 * 1024 * 1024, 0, TimeSpan.FromMinutes(30));
}

/// <summary>Everything needed to run one step of one component's plan.</summary>
/// <param name="Step">The step, as the plugin planned it.</param>
/// <param name="Image">Image reference of the step's toolchain in the bundle.</param>
/// <param name="BundleName">Bundle name; names the cache volumes (<c>wasmc-cache-&lt;bundle&gt;-&lt;cache&gt;</c>).</param>
/// <param name="ComponentName">Component name; prefixes every output line.</param>
/// <param name="Folders">Host folders.</param>
/// <param name="Paths">Where those folders appear inside the container.</param>
public sealed record StepRunRequest(
    PlanStep Step,
    string Image,
    string BundleName,
    string ComponentName,
    HostFolders Folders,
    ContainerPaths Paths)
{
    public RunLimits Limits { get; init; } = RunLimits.Default;

    /// <summary>
    /// Run in a container of its own, started for this step and removed after it, rather than a warm one that earlier
    /// steps used (they could have left files in its /tmp). The host's validation of a component runs this way.
    /// </summary>
    public bool FreshContainer { get; init; }
}

/// <summary>The outcome of a step that ran to its end.</summary>
/// <param name="ExitCode">The tool's exit code.</param>
/// <param name="Output">Everything it printed (stdout and stderr interleaved, container paths mapped to host paths).</param>
/// <param name="Duration">Wall time of the step, without container start-up.</param>
public sealed record StepResult(int ExitCode, IReadOnlyList<StepOutputLine> Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The output as text, one line per line, without prefixes.</summary>
    public string OutputText => string.Join(Environment.NewLine, Output.Select(line => line.Text));
}

/// <summary>A line a tool printed.</summary>
/// <param name="Component">The component whose step printed it.</param>
/// <param name="IsError">Printed on stderr.</param>
/// <param name="Text">The line, with container paths mapped to host paths.</param>
public sealed record StepOutputLine(string Component, bool IsError, string Text)
{
    /// <summary><c>[component] text</c>, as shown on the console.</summary>
    public override string ToString() => $"[{Component}] {Text}";
}

/// <summary>Receives output lines live, as the tool prints them. Called from one thread at a time per step.</summary>
public interface IStepOutputSink
{
    void OnLine(StepOutputLine line);
}

/// <summary>A step could not be run (as opposed to: it ran and failed).</summary>
public class ToolchainRunException : Exception
{
    public ToolchainRunException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>The toolchain image of a bundle is not present locally.</summary>
public sealed class ToolchainImageMissingException : ToolchainRunException
{
    public ToolchainImageMissingException(string image, string bundleName, string toolchain)
        : base(
            $"The image {image} of toolchain '{toolchain}' in bundle '{bundleName}' is not present locally. " +
            $"Build it with `dotnet wasmc bundle build {bundleName}`, or load or pull it from a machine that has it (`dotnet wasmc bundle load FILE`, `dotnet wasmc bundle pull {bundleName} --registry HOST/PREFIX`).")
    {
        Image = image;
        BundleName = bundleName;
        Toolchain = toolchain;
    }

    public string Image { get; }

    public string BundleName { get; }

    public string Toolchain { get; }
}

/// <summary>A step ran longer than its time limit and was killed.</summary>
public sealed class StepTimeLimitExceededException : ToolchainRunException
{
    public StepTimeLimitExceededException(string component, string step, TimeSpan limit, IReadOnlyList<StepOutputLine> output)
        : base($"[{component}] step \"{step}\" exceeded its time limit of {limit.TotalSeconds:0.###} s and was killed. " +
               "Raise the limit if the step is just slow.")
    {
        TimeLimit = limit;
        Output = output;
    }

    public TimeSpan TimeLimit { get; }

    /// <summary>What the step printed before it was killed.</summary>
    public IReadOnlyList<StepOutputLine> Output { get; }
}
