using System.Diagnostics;
using Wasmc.Containers.Running;
using Wasmc.Core.Components;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Files;
using Wasmc.Wit.Wave;
using Wasmtime.Components;

namespace Wasmc.Core.Testing.Running;

/// <summary>
/// The default runner: Wasmtime in this process (<see cref="ComponentRuntime"/>). The component is compiled
/// once (or read from the compiled-component cache), and cases run one after another in one instance;
/// after a trap, a time-out or a limit the next case gets a fresh instance. Each <c>[[run]]</c> gets its own
/// instance with its arguments, environment, stdin and directories.
/// </summary>
internal sealed class WasmtimeTestRunner(ComponentRuntimes runtimes) : ITestCaseRunner
{
    public const string RunnerName = "wasmtime";

    public string Name => RunnerName;

    public bool NeedsToolchain => false;

    public string? Check(CheckedCase testCase) => null;

    /// <summary>Why Wasmtime's .NET API cannot run <paramref name="testCase"/> (the jco runner then does), or null.</summary>
    public static string? CannotRun(CheckedCase testCase) => testCase switch
    {
        CheckedCall call => ComponentValues.Unsupported(call.Target.Function),
        CheckedRequest => RequestReason,
        _ => null,
    };

    /// <summary>Why a <c>[[request]]</c> goes to jco: serving one takes resources (requests, responses, streams).</summary>
    public const string RequestReason = "wasi:http/incoming-handler, whose requests and responses are resources";

    /// <summary>The limits of a case: its own, its file's, else <see cref="ExecutionLimits.Default"/>.</summary>
    public static ExecutionLimits LimitsOf(CheckedCase testCase) => new(
        testCase.Limits.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : ExecutionLimits.Default.Time,
        testCase.Limits.MemoryLimitMib is { } mib ? mib * 1024 * 1024 : ExecutionLimits.Default.MemoryBytes,
        testCase.Limits.Fuel is { } fuel ? (ulong)fuel : null);

    public Task<RunnerResult> RunAsync(TestTarget target, IReadOnlyList<CheckedCase> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cases);

        // Guest code blocks its thread; keep it off the caller's.
        return Task.Run(() => Run(target, cases, cancellationToken), cancellationToken);
    }

    private RunnerResult Run(TestTarget target, IReadOnlyList<CheckedCase> cases, CancellationToken cancellationToken)
    {
        var runtime = runtimes.Get(fuel: cases.Any(c => c.Limits.Fuel is not null));
        var stopwatch = Stopwatch.StartNew();
        LoadedComponent component;
        try
        {
            component = runtime.Load(target.ComponentHostPath, target.CompiledCacheFolder, target.Component);
        }
        catch (ComponentLoadException e)
        {
            throw new TestEnvironmentException($"[{target.Component}] {e.Message}", e);
        }

        var detail = component.Source == CompileSource.Cached
            ? "cached"
            : $"compiled in {stopwatch.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s";
        var outcomes = new Dictionary<int, CaseOutcome>();
        using (component)
        {
            ComponentSandbox? sandbox = null;
            try
            {
                foreach (var testCase in cases)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    outcomes[testCase.Id] = testCase switch
                    {
                        CheckedCall call => RunCall(component, call, ref sandbox),
                        CheckedRun run => RunCommand(target, component, run),
                        _ => CaseOutcome.Error("unknown kind of case"),
                    };
                }
            }
            finally
            {
                sandbox?.Dispose();
            }
        }

        return new RunnerResult(outcomes, detail);
    }

    private static CaseOutcome RunCall(LoadedComponent component, CheckedCall call, ref ComponentSandbox? sandbox)
    {
        var limits = LimitsOf(call);
        if (sandbox is not null && (sandbox.IsPoisoned || sandbox.Limits?.MemoryBytes != limits.MemoryBytes))
        {
            sandbox.Dispose();
            sandbox = null;
        }

        try
        {
            sandbox ??= ComponentSandbox.Create(component, new WasiSetup(), limits);
        }
        catch (Exception e) when (e is ComponentLoadException or ComponentTrapException)
        {
            return CaseOutcome.Error(e.Message);
        }

        var function = call.Target.Function;
        var export = sandbox.Function(call.Target.ExportKey, function.ItemName);
        if (export is null)
        {
            return CaseOutcome.Error($"the component has no export '{call.Target.QualifiedName}' (is it built from this WIT?)");
        }

        ComponentValue[] arguments;
        try
        {
            arguments = [.. call.Arguments.Select((value, i) => ComponentValues.ToComponent(value, function.Params[i].Type))];
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or OverflowException)
        {
            return CaseOutcome.Error($"cannot pass the arguments: {e.Message}");
        }

        var result = sandbox.Call(export, arguments, limits);
        var (stdout, stderr) = sandbox.TakeOutput();
        var output = stdout.Length + stderr.Length == 0 ? null : stdout + stderr;
        if (result.Status == CallStatus.Trapped)
        {
            return CaseOutcome.Trapped(result.Message ?? "trap", result.Duration) with { Output = output };
        }

        if (result.ExitCode is { } code)
        {
            return CaseOutcome.Error($"the component called exit({code}) during the call") with { Output = output };
        }

        try
        {
            var value = function.Result is null || result.Value is null ? null : ComponentValues.FromComponent(result.Value, function.Result);
            return CaseOutcome.Returned(value, result.Duration) with { Output = output };
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return CaseOutcome.Error($"cannot read the result: {e.Message}");
        }
    }

    private static CaseOutcome RunCommand(TestTarget target, LoadedComponent component, CheckedRun run)
    {
        var limits = LimitsOf(run);
        var folder = Path.Combine(target.Folders.Scratch, "runs", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var workspace = target.Folders.Workspace;
        WorkspacePaths.CreateFolder(workspace, folder);
        var stdin = Path.Combine(folder, "stdin");
        WorkspacePaths.WriteText(workspace, stdin, run.Spec.Stdin);
        // A folder given to the guest is a real folder of the workspace: a link to a host folder is refused.
        var directories = run.Directories.Select(d => new Preopen(WorkspacePaths.Check(workspace, d.HostPath), d.GuestPath, Writable: false)).ToList();
        if (run.Spec.Scratch is { } guestScratch)
        {
            var scratch = WorkspacePaths.CreateFolder(workspace, Path.Combine(folder, "scratch"));
            directories.Add(new Preopen(scratch, guestScratch, Writable: true));
        }

        var wasi = new WasiSetup
        {
            Args = [target.Component, .. run.Spec.Args],
            Environment = [.. run.Spec.Env.OrderBy(e => e.Key, StringComparer.Ordinal)],
            Directories = directories,
            StdinFile = stdin,
        };
        ComponentSandbox sandbox;
        try
        {
            sandbox = ComponentSandbox.Create(component, wasi, limits);
        }
        catch (Exception e) when (e is ComponentLoadException or ComponentTrapException)
        {
            return CaseOutcome.Error(e.Message);
        }

        using (sandbox)
        {
            var entry = sandbox.Function(run.RunExport, "run");
            if (entry is null)
            {
                return CaseOutcome.Error($"the component has no export '{run.RunExport}.run'");
            }

            var result = sandbox.Call(entry, [], limits);
            var (stdout, stderr) = sandbox.TakeOutput();
            var exitCode = result.ExitCode ?? result.Status switch
            {
                CallStatus.Trapped => 1,
                _ => result.Value is { Kind: ComponentValueKind.Result, IsOk: false } ? 1 : 0,
            };
            return new CaseOutcome(result.Status == CallStatus.Trapped ? OutcomeKind.Trapped : OutcomeKind.Exited)
            {
                ExitCode = exitCode,
                Stdout = stdout,
                Stderr = stderr,
                Message = result.Message,
                Duration = result.Duration,
            };
        }
    }
}

/// <summary>
/// The Wasmtime engines of a test run, made on first use: one without fuel and, when a case sets
/// <c>fuel</c>, one with fuel metering (it compiles different code, so it has its own cache entries).
/// </summary>
internal sealed class ComponentRuntimes : IDisposable
{
    private readonly Lock _lock = new();
    private ComponentRuntime? _plain;
    private ComponentRuntime? _fuel;

    public ComponentRuntime Get(bool fuel)
    {
        lock (_lock)
        {
            return fuel ? _fuel ??= new ComponentRuntime(fuel: true) : _plain ??= new ComponentRuntime();
        }
    }

    public void Dispose()
    {
        _plain?.Dispose();
        _fuel?.Dispose();
    }
}
