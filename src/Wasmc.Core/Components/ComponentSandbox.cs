using System.Diagnostics;
using System.Text;
using Wasmtime;
using Wasmtime.Components;

namespace Wasmc.Core.Components;

/// <summary>A directory the guest sees: <paramref name="HostPath"/> at <paramref name="GuestPath"/>.</summary>
public sealed record Preopen(string HostPath, string GuestPath, bool Writable);

/// <summary>
/// What a guest sees of the host through WASI. Nothing is inherited unless asked: no environment, no
/// arguments, no directories, and output captured (for tests) or the terminal's streams (for <c>run</c>).
/// </summary>
public sealed record WasiSetup
{
    /// <summary>argv, program name first.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<Preopen> Directories { get; init; } = [];

    /// <summary>A file whose contents are the guest's stdin; null for an empty stdin (unless <see cref="InheritStdio"/>).</summary>
    public string? StdinFile { get; init; }

    /// <summary>Use this process's stdin, stdout and stderr instead of capturing (the <c>run</c> verb).</summary>
    public bool InheritStdio { get; init; }
}

/// <summary>How a call or a run ended.</summary>
public enum CallStatus
{
    /// <summary>The function returned; for a command, <c>run</c> returned or the guest called <c>exit</c>.</summary>
    Returned,

    /// <summary>The guest trapped (a time-out and exhausted fuel are traps too): see <see cref="CallResult.Message"/>.</summary>
    Trapped,
}

/// <summary>What one call did. A trap's <paramref name="Message"/> is the trap line, then its wasm backtrace (innermost first).</summary>
public sealed record CallResult(CallStatus Status, ComponentValue? Value, string? Message, int? ExitCode, TimeSpan Duration);

/// <summary>
/// One store with one instance of a component, its WASI context and its captured output. A trap makes
/// the store unusable (Wasmtime: "cannot enter component instance"), so callers make a new sandbox after
/// <see cref="IsPoisoned"/>. The WASI configuration is always set before anything runs: without it the
/// first WASI call aborts the whole process.
/// </summary>
public sealed class ComponentSandbox : IDisposable
{
    /// <summary>Epoch ticks that stand for "no time limit" (years at <see cref="ComponentRuntime.EpochTick"/>).</summary>
    private const ulong Unlimited = 1UL << 40;

    private const ulong CancellationCheckTicks = 10;

    private readonly Store _store;
    private readonly ComponentInstance _instance;
    private readonly Dictionary<(string?, string), ComponentFunction?> _functions = [];

    private readonly StringBuilder? _capturedOut;
    private readonly StringBuilder? _capturedErr;

    private ComponentSandbox(Store store, ComponentInstance instance, StringBuilder? stdout, StringBuilder? stderr)
    {
        _store = store;
        _instance = instance;
        _capturedOut = stdout;
        _capturedErr = stderr;
    }

    /// <summary>A trap happened: the instance cannot be entered again.</summary>
    public bool IsPoisoned { get; private set; }

    /// <summary>The limits the store was made with (the memory limit cannot change later).</summary>
    public ExecutionLimits? Limits { get; private init; }

    /// <summary>Creates a store with <paramref name="wasi"/> and <paramref name="limits"/>, and instantiates the component in it.</summary>
    /// <exception cref="ComponentLoadException">An import cannot be linked.</exception>
    /// <exception cref="ComponentTrapException">Instantiation trapped (or ran out of time).</exception>
    /// <param name="component">The compiled component.</param>
    /// <param name="wasi">What the guest sees.</param>
    /// <param name="limits">Limits, or null for none (the <c>run</c> verb).</param>
    /// <param name="cancellation">Without limits: interrupts the guest (a trap) when cancelled, e.g. by Ctrl-C.</param>
    public static ComponentSandbox Create(LoadedComponent component, WasiSetup wasi, ExecutionLimits? limits, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(wasi);
        var store = new Store(component.Engine);
        StringBuilder? stdout = null;
        StringBuilder? stderr = null;
        try
        {
            var configuration = new WasiConfiguration()
                .WithArgs((IEnumerable<string>)wasi.Args)
                .WithEnvironmentVariables(wasi.Environment.Select(e => (e.Key, e.Value)));
            foreach (var directory in wasi.Directories)
            {
                configuration.WithPreopenedDirectory(directory.HostPath, directory.GuestPath, directory.Writable);
            }

            if (wasi.InheritStdio)
            {
                configuration.WithInheritedStandardInput().WithInheritedStandardOutput().WithInheritedStandardError();
            }
            else
            {
                stdout = new StringBuilder();
                stderr = new StringBuilder();
                var (capturedOut, capturedErr) = (stdout, stderr);
                configuration
                    .WithStandardOutputCallback(data => Append(capturedOut, data))
                    .WithStandardErrorCallback(data => Append(capturedErr, data));
                if (wasi.StdinFile is { } stdin)
                {
                    configuration.WithStandardInput(stdin);
                }
            }

            store.SetWasiConfiguration(configuration);
            if (limits is not null)
            {
                store.SetLimits(memorySize: limits.MemoryBytes);
            }

            // The deadline must be set before instantiation: the guest's start code runs under it.
            store.SetEpochDeadline(Ticks(limits));
            if (limits is null && cancellation.CanBeCanceled)
            {
                // No limit, but Ctrl-C must still stop a guest: look at the token every few ticks.
                store.SetEpochDeadline(CancellationCheckTicks);
                store.SetEpochDeadlineCallback(_ => cancellation.IsCancellationRequested
                    ? throw new OperationCanceledException(cancellation)
                    : CancellationCheckTicks);
            }

            if (limits?.Fuel is { } fuel)
            {
                store.Fuel = fuel;
            }

            ComponentInstance instance;
            try
            {
                instance = component.Instantiate(store);
            }
            catch (WasmtimeException e) when (LoadedComponent.MissingImport(e.Message) is null)
            {
                // Nothing of the guest can be called to find out more, so say where it trapped and what it printed
                // (the WASI adapter names its failed assertion on stderr).
                throw new ComponentTrapException(
                    $"instantiation failed: {TrapMessage(e, limits)}{BacktraceText(e)}{GuestOutputText(stdout, stderr)}", e);
            }

            return new ComponentSandbox(store, instance, stdout, stderr) { Limits = limits };
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The export <paramref name="name"/> of interface <paramref name="exportKey"/> (null: a world-level function), or null.</summary>
    public ComponentFunction? Function(string? exportKey, string name)
    {
        if (!_functions.TryGetValue((exportKey, name), out var function))
        {
            function = exportKey is null ? _instance.GetFunction(name) : _instance.GetFunction(exportKey, name);
            _functions[(exportKey, name)] = function;
        }

        return function;
    }

    /// <summary>Calls <paramref name="function"/> under <paramref name="limits"/> (time and fuel; the memory limit is the store's).</summary>
    public CallResult Call(ComponentFunction function, IReadOnlyList<ComponentValue> arguments, ExecutionLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(function);
        ObjectDisposedException.ThrowIf(IsPoisoned, "a trapped component instance");
        _store.SetEpochDeadline(limits is null ? CancellationCheckTicks : Ticks(limits));
        if (limits?.Fuel is { } fuel)
        {
            _store.Fuel = fuel;
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var value = function.Call(arguments);
            return new CallResult(CallStatus.Returned, value, null, null, stopwatch.Elapsed);
        }
        catch (WasmtimeException e) when (e.ExitCode is { } code)
        {
            // wasi:cli/exit: the guest ended itself; the instance is gone like after a trap.
            IsPoisoned = true;
            return new CallResult(CallStatus.Returned, null, null, code, stopwatch.Elapsed);
        }
        catch (WasmtimeException e) when (e.InnerException is OperationCanceledException cancelled)
        {
            IsPoisoned = true;
            throw new OperationCanceledException("the component was interrupted", e, cancelled.CancellationToken);
        }
        catch (WasmtimeException e)
        {
            IsPoisoned = true;
            return new CallResult(CallStatus.Trapped, null, TrapMessage(e, limits) + BacktraceText(e), null, stopwatch.Elapsed);
        }
    }

    /// <summary>Takes what the guest wrote to stdout and stderr since the last call (captured sandboxes only).</summary>
    public (string Stdout, string Stderr) TakeOutput()
    {
        if (_capturedOut is null || _capturedErr is null)
        {
            return ("", "");
        }

        lock (_capturedOut)
        {
            lock (_capturedErr)
            {
                if (_capturedOut.Length == 0 && _capturedErr.Length == 0)
                {
                    return ("", "");
                }

                var result = (_capturedOut.ToString(), _capturedErr.ToString());
                _capturedOut.Clear();
                _capturedErr.Clear();
                return result;
            }
        }
    }

    /// <summary>
    /// The trap as a user should read it: Wasmtime's last "Caused by" line (<c>wasm trap: ...</c>), with the
    /// limit named when a time-out or exhausted fuel caused it.
    /// </summary>
    internal static string TrapMessage(WasmtimeException e, ExecutionLimits? limits)
    {
        var lines = e.Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var trap = lines.LastOrDefault(l => l.StartsWith("wasm trap:", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => !l.StartsWith("at ", StringComparison.Ordinal) && !char.IsAsciiDigit(l[0]))
            ?? e.Message.Trim();
        if (trap.Contains("interrupt", StringComparison.Ordinal) && limits is not null)
        {
            return $"time limit of {Seconds(limits.Time)} exceeded ({trap})";
        }

        if (trap.Contains("all fuel consumed", StringComparison.Ordinal) && limits?.Fuel is { } fuel)
        {
            return $"fuel limit of {fuel} exhausted ({trap})";
        }

        return trap;
    }

    /// <summary>The trap's wasm frames, innermost first (<c>module!function</c>), as lines after the trap line; empty without frames.</summary>
    internal static string BacktraceText(WasmtimeException e)
    {
        var frames = e.Frames ?? [];
        if (frames.Count == 0)
        {
            return "";
        }

        var lines = frames.Take(MaxBacktraceFrames).Select((frame, i) => $"\n  {i}: {FrameName(frame)}");
        var more = frames.Count > MaxBacktraceFrames ? $"\n  ... {frames.Count - MaxBacktraceFrames} more" : "";
        return "\nwasm backtrace:" + string.Concat(lines) + more;
    }

    private const int MaxBacktraceFrames = 16;

    private static string FrameName(TrapFrame frame)
    {
        var function = string.IsNullOrEmpty(frame.FunctionName)
            ? $"<function at 0x{frame.ModuleOffset.ToString("x", System.Globalization.CultureInfo.InvariantCulture)}>"
            : frame.FunctionName;
        return string.IsNullOrEmpty(frame.ModuleName) ? function : $"{frame.ModuleName}!{function}";
    }

    private static string GuestOutputText(StringBuilder? stdout, StringBuilder? stderr)
    {
        var output = $"{stdout}{stderr}".Trim();
        return output.Length == 0 ? "" : "\nthe component wrote: " + output.Replace("\n", "\n  ", StringComparison.Ordinal);
    }

    private static string Seconds(TimeSpan time) =>
        time.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private static ulong Ticks(ExecutionLimits? limits) =>
        limits is null ? Unlimited : (ulong)Math.Max(1, Math.Ceiling(limits.Time / ComponentRuntime.EpochTick));

    private static void Append(StringBuilder builder, ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data);
        lock (builder)
        {
            builder.Append(text);
        }
    }

    public void Dispose() => _store.Dispose();
}

/// <summary>A component trapped while it was being instantiated.</summary>
public sealed class ComponentTrapException : Exception
{
    public ComponentTrapException(string message, Exception? innerException = null) : base(message, innerException) { }
}
