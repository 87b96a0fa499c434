using Wasmc.Core.Testing.Checking;
using Wasmc.Wit;
using Wasmc.Wit.Wave;
using Wasmtime.Components;

namespace Wasmc.Core.Components;

/// <summary>
/// What <c>dotnet wasmc run</c> does with a loaded component: run it as a command (<c>wasi:cli/run</c>) with
/// the terminal's streams, or call one export with WAVE arguments (<c>--invoke</c>, like
/// <c>wasmtime run --invoke</c>). Neither has a time limit; Ctrl-C interrupts the guest.
/// </summary>
public static class ComponentCommands
{
    /// <summary>
    /// Runs <paramref name="component"/>'s <c>wasi:cli/run</c> export; returns its exit code (<c>exit(n)</c>;
    /// <c>run</c> returning <c>err</c> is 1).
    /// </summary>
    /// <param name="component">The compiled component.</param>
    /// <param name="runExport">The export name (<c>wasi:cli/run@0.2.12</c>), or null to look for any <c>wasi:cli/run@0.2.*</c>.</param>
    /// <param name="wasi">Arguments, environment, directories; the streams are the process's own.</param>
    /// <param name="cancellation">Interrupts the guest.</param>
    /// <exception cref="ComponentRunException">The component is not a command, or it trapped.</exception>
    public static int Run(LoadedComponent component, string? runExport, WasiSetup wasi, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(wasi);
        using var sandbox = Sandbox(component, wasi with { InheritStdio = true }, cancellation);
        var (export, run) = runExport is not null
            ? (runExport, sandbox.Function(runExport, "run"))
            : RunExportCandidates().Select(name => (name, sandbox.Function(name, "run"))).FirstOrDefault(f => f.Item2 is not null);
        if (run is null)
        {
            throw new ComponentRunException(
                $"{component.Path} is not a command: it does not export {export ?? "wasi:cli/run@0.2.x"}; call a library's exports with --invoke 'f(...)'");
        }

        var result = sandbox.Call(run, [], null);
        if (result.Status == CallStatus.Trapped)
        {
            throw new ComponentRunException($"the component trapped: {result.Message}");
        }

        return result.ExitCode ?? (result.Value is { Kind: ComponentValueKind.Result, IsOk: false } ? 1 : 0);
    }

    /// <summary>
    /// Calls the export named by <paramref name="callText"/> (WAVE, e.g. <c>add(1.0, 2.0)</c>) with arguments typed by
    /// <paramref name="world"/>'s WIT; returns the result as WAVE, or null for a function without one.
    /// </summary>
    /// <exception cref="ComponentRunException">Unknown or ambiguous function, arguments that do not fit, a trap, or a signature Wasmtime cannot pass.</exception>
    public static string? Invoke(LoadedComponent component, Resolve resolve, WitWorld world, string callText, WasiSetup wasi, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(callText);
        var target = FindExport(resolve, world, callText);
        var function = target.Function;
        if (ComponentValues.Unsupported(function) is { } unsupported)
        {
            throw new ComponentRunException($"'{target.QualifiedName}' uses {unsupported}, which Wasmtime's .NET API cannot pass");
        }

        WaveCall call;
        try
        {
            call = WaveParser.ParseCall(callText, function.Params);
        }
        catch (WaveException e)
        {
            throw new ComponentRunException($"--invoke '{callText}': {e.Message} (the signature is {Signature(function)})");
        }

        using var sandbox = Sandbox(component, wasi, cancellation);
        var export = sandbox.Function(target.ExportKey, function.ItemName)
            ?? throw new ComponentRunException($"the component has no export '{target.QualifiedName}' (is it built from this WIT?)");
        var arguments = call.Arguments.Select((value, i) => ComponentValues.ToComponent(value, function.Params[i].Type)).ToList();
        var result = sandbox.Call(export, arguments, null);
        if (result.Status == CallStatus.Trapped)
        {
            throw new ComponentRunException($"the call trapped: {result.Message}");
        }

        return function.Result is null || result.Value is null ? null : WavePrinter.Print(ComponentValues.FromComponent(result.Value, function.Result));
    }

    /// <summary>The function <paramref name="callText"/> names among the world's exports (as test cases name them).</summary>
    private static ExportedFunction FindExport(Resolve resolve, WitWorld world, string callText)
    {
        string name;
        try
        {
            name = WaveParser.ParseCallName(callText);
        }
        catch (WaveException e)
        {
            throw new ComponentRunException($"--invoke '{callText}': {e.Message}");
        }

        var exports = TestCaseChecker.Exports(resolve, world);
        var matches = exports.Where(e => TestCaseChecker.Names(e, name)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ComponentRunException(
                $"unknown function '{name}': the world '{world.Name}' exports {(exports.Count == 0 ? "no functions" : string.Join(", ", exports.Select(e => e.QualifiedName)))}"),
            _ => throw new ComponentRunException(
                $"'{name}' is ambiguous: it names {string.Join(" and ", matches.Select(m => m.QualifiedName))}; write the qualified name"),
        };
    }

    private static ComponentSandbox Sandbox(LoadedComponent component, WasiSetup wasi, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(component);
        try
        {
            return ComponentSandbox.Create(component, wasi, null, cancellation);
        }
        catch (Exception e) when (e is ComponentLoadException or ComponentTrapException)
        {
            throw new ComponentRunException(e.Message, e);
        }
    }

    /// <summary>The <c>wasi:cli/run</c> export names a WASI 0.2 command may carry, newest first.</summary>
    private static IEnumerable<string> RunExportCandidates() =>
        Enumerable.Range(0, 30).Reverse().Select(patch => $"wasi:cli/run@0.2.{patch}");

    private static string Signature(Function function) =>
        $"{function.ItemName}({string.Join(", ", function.Params.Select(p => $"{p.Name}: {TestCaseChecker.TypeText(p.Type)}"))})"
        + (function.Result is null ? "" : $" -> {TestCaseChecker.TypeText(function.Result)}");
}

/// <summary><c>run</c> cannot run the component: not a command, unknown function, a trap, an import that cannot be linked.</summary>
public sealed class ComponentRunException : Exception
{
    public ComponentRunException(string message, Exception? innerException = null) : base(message, innerException) { }
}
