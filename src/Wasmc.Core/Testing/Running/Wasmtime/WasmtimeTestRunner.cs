using System.Globalization;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing.Checking;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Running.Wasmtime;

/// <summary>
/// The runner for bundles with <c>runner = "wasmtime"</c>: one <c>wasmtime run --invoke '&lt;call&gt;' c.wasm</c>
/// per case in the bundle's toolchain that carries wasmtime; the result is the last line of stdout, in WAVE.
/// Flags follow the bundle's wasmtime version (see <see cref="WasmtimeCommandLine"/>).
/// Not exercised against a real wasmtime here: it is not obtainable on this project's machines
/// (docs/testing.md); its command lines and its parsing of recorded outputs are unit-tested.
/// </summary>
internal sealed class WasmtimeTestRunner : ITestCaseRunner
{
    public const string RunnerName = "wasmtime";

    private readonly WasmtimeCommandLine _commandLine;

    public WasmtimeTestRunner(Bundle bundle, WasiLevel wasi)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        Toolchain = bundle.Toolchains.FirstOrDefault(t => t.Tools.Contains("wasmtime"))
            ?? throw new TestEnvironmentException($"bundle '{bundle.Name}' declares runner \"wasmtime\" but none of its toolchains provides wasmtime");
        if (!bundle.Tools.TryGetValue("wasmtime", out var text) || WasmtimeCommandLine.ParseVersion(text) is not { } version)
        {
            throw new TestEnvironmentException($"bundle '{bundle.Name}' declares runner \"wasmtime\" but no usable wasmtime version in [tools]");
        }

        _commandLine = new WasmtimeCommandLine(version, wasi);
    }

    public string Name => RunnerName;

    public BundleToolchain Toolchain { get; }

    public string? Check(CheckedCase testCase) => _commandLine.Check(testCase);

    public async Task<IReadOnlyDictionary<int, CaseOutcome>> RunAsync(TestTarget target, IReadOnlyList<CheckedCase> cases, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<int, CaseOutcome>();
        foreach (var testCase in cases)
        {
            var argv = testCase switch
            {
                CheckedCall call => _commandLine.ForCall(call.CallText, target.ComponentPath),
                CheckedRun run => _commandLine.ForRun(run.Spec.Args, run.Spec.Env, target.ComponentPath),
                _ => throw new InvalidOperationException("unknown kind of case"),
            };
            var step = new PlanStep($"test {testCase.Name} (wasmtime)", Toolchain.Name, argv, target.Paths.Scratch);
            StepResult result;
            try
            {
                result = await target.Runner.RunAsync(target.Request(step), null, cancellationToken).ConfigureAwait(false);
            }
            catch (StepTimeLimitExceededException e)
            {
                outcomes[testCase.Id] = CaseOutcome.Error(e.Message);
                continue;
            }

            outcomes[testCase.Id] = testCase is CheckedCall checkedCall
                ? WasmtimeOutput.ParseCall(result, checkedCall.Target.Function.Result)
                : WasmtimeOutput.ParseRun(result);
        }

        return outcomes;
    }
}

/// <summary>wasmtime command lines for one case, by wasmtime version.</summary>
/// <param name="Version">The bundle's wasmtime version.</param>
/// <param name="Wasi">The WASI level the component targets.</param>
internal sealed record WasmtimeCommandLine(Version Version, WasiLevel Wasi)
{
    /// <summary><c>--invoke</c> calls component exports from this version on.</summary>
    public static readonly Version InvokeComponents = new(33, 0, 0);

    /// <summary>Qualified names (<c>ns:pkg/iface.f</c>) in <c>--invoke</c> from this version on.</summary>
    public static readonly Version QualifiedNames = new(47, 0, 0);

    /// <summary>WASI P3 is on by default from this version on; before, it needs <c>-Sp3 -Wcomponent-model-async</c>.</summary>
    public static readonly Version P3ByDefault = new(46, 0, 0);

    public static Version? ParseVersion(string text)
    {
        var parts = text.Split('.', '-', '+');
        var numbers = parts.Take(3).Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        if (numbers.Count == 0 || numbers.Any(n => n < 0))
        {
            return null;
        }

        while (numbers.Count < 3)
        {
            numbers.Add(0);
        }

        return new Version(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>Why this wasmtime cannot run the case, or null.</summary>
    public string? Check(CheckedCase testCase)
    {
        switch (testCase)
        {
            case CheckedCall when Version < InvokeComponents:
                return $"wasmtime {Version} cannot call component exports (--invoke supports components from {InvokeComponents}); use a bundle with a newer wasmtime or the jco runner";
            case CheckedCall call when Version < QualifiedNames && IsQualified(WaveParser.ParseCallName(call.CallText)):
                return $"qualified function names need wasmtime >= {QualifiedNames}, and this bundle has wasmtime {Version}: call it as '{call.Target.Function.ItemName}(...)'";
            case CheckedRun run when run.Spec.Stdin.Length > 0:
                return "the wasmtime runner cannot feed stdin to a [[run]] case; remove 'stdin' or use a bundle with runner = \"jco\"";
            default:
                return null;
        }
    }

    public IReadOnlyList<string> ForCall(string callText, string componentPath) =>
        ["wasmtime", "run", .. WasiFlags(), "--invoke", callText, componentPath];

    public IReadOnlyList<string> ForRun(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, string componentPath)
    {
        List<string> argv = ["wasmtime", "run", .. WasiFlags()];
        foreach (var (name, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            argv.Add("--env");
            argv.Add($"{name}={value}");
        }

        argv.Add(componentPath);
        argv.AddRange(args);
        return argv;
    }

    private IEnumerable<string> WasiFlags() =>
        Wasi == WasiLevel.Preview3 && Version < P3ByDefault ? ["-Sp3", "-Wcomponent-model-async"] : [];

    private static bool IsQualified(string name) => name.IndexOfAny(['.', ':', '/']) >= 0;
}

/// <summary>Reads what <c>wasmtime run</c> printed.</summary>
internal static class WasmtimeOutput
{
    /// <summary>
    /// <c>--invoke</c> prints the results on the last stdout line as WAVE: one value bare, several as a
    /// tuple, none as <c>()</c>. A trap exits non-zero with <c>wasm trap: ...</c> in the error chain on stderr.
    /// </summary>
    public static CaseOutcome ParseCall(StepResult result, WitType? resultType)
    {
        if (result.ExitCode != 0)
        {
            return Failure(result);
        }

        var last = result.Output.Where(l => !l.IsError && l.Text.Trim().Length > 0).Select(l => l.Text.Trim()).LastOrDefault();
        if (resultType is null)
        {
            return last is null or "()"
                ? CaseOutcome.Returned(null, result.Duration)
                : CaseOutcome.Error($"expected no result, but wasmtime printed: {last}");
        }

        if (last is null)
        {
            return CaseOutcome.Error("wasmtime printed no result");
        }

        try
        {
            return CaseOutcome.Returned(WaveParser.ParseValue(last, resultType), result.Duration);
        }
        catch (WaveException e)
        {
            return CaseOutcome.Error($"cannot read wasmtime's result '{last}': {e.Message}");
        }
    }

    /// <summary>A command run: exit code, stdout and stderr (a trap is told apart by its <c>wasm trap:</c> line).</summary>
    public static CaseOutcome ParseRun(StepResult result)
    {
        var stdout = Text(result, error: false);
        var stderr = Text(result, error: true);
        var trap = result.ExitCode != 0 ? TrapLine(result) : null;
        return new CaseOutcome(trap is null ? OutcomeKind.Exited : OutcomeKind.Trapped)
        {
            ExitCode = result.ExitCode,
            Stdout = stdout,
            Stderr = stderr,
            Message = trap,
            Duration = result.Duration,
        };
    }

    private static CaseOutcome Failure(StepResult result)
    {
        var stderr = string.Join('\n', result.Output.Where(l => l.IsError && !IsInvokeWarning(l.Text)).Select(l => l.Text)).Trim();
        return TrapLine(result) is { } trap
            ? CaseOutcome.Trapped(trap, result.Duration) with { Output = stderr }
            : CaseOutcome.Error($"wasmtime exited with code {result.ExitCode}: {stderr}");
    }

    private static string? TrapLine(StepResult result) =>
        result.Output.Where(l => l.IsError)
            .Select(l => l.Text.Trim())
            .Select(text => text.IndexOf("wasm trap:", StringComparison.Ordinal) is var at and >= 0 ? text[at..] : null)
            .LastOrDefault(text => text is not null);

    private static bool IsInvokeWarning(string line) => line.StartsWith("warning: using `--invoke`", StringComparison.Ordinal);

    private static string Text(StepResult result, bool error)
    {
        var lines = result.Output.Where(l => l.IsError == error).Select(l => l.Text).ToList();
        return lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
    }
}
