using Wasmc.Core.Testing.Files;
using Wasmc.Wit;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Checking;

/// <summary>A function a component exports, as a test case can call it.</summary>
/// <param name="ExportKey">
/// The export's name in the component for an interface (<c>calculator:math/calculator@1.0.0</c>, or the plain
/// name of <c>export x: interface { }</c>); null for a function the world exports directly.
/// </param>
/// <param name="InterfaceName">The interface's own name (<c>calculator</c>), or null.</param>
/// <param name="Package">The interface's package, or null.</param>
/// <param name="Function">The function.</param>
internal sealed record ExportedFunction(string? ExportKey, string? InterfaceName, PackageName? Package, Function Function)
{
    /// <summary>The name that calls it unambiguously: <c>ns:pkg/iface@1.0.0.f</c> or <c>f</c>.</summary>
    public string QualifiedName => ExportKey is null ? Function.ItemName : $"{ExportKey}.{Function.ItemName}";
}

/// <summary>A case after type checking: everything a runner needs, with typed values.</summary>
internal abstract record CheckedCase
{
    /// <summary>Unique within a component's run (harness result ids).</summary>
    public required int Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The test file, relative to the workspace root.</summary>
    public required string File { get; init; }

    public required int Line { get; init; }

    public string? SkipReason { get; init; }

    /// <summary>The case's limits over its file's; unset ones take the runner's defaults.</summary>
    public LimitsSpec Limits { get; init; } = LimitsSpec.None;
}

/// <summary>A checked <c>[[case]]</c>.</summary>
internal sealed record CheckedCall : CheckedCase
{
    public required ExportedFunction Target { get; init; }

    /// <summary>The call as written (what <c>wasmtime run --invoke</c> receives).</summary>
    public required string CallText { get; init; }

    public required IReadOnlyList<WaveValue> Arguments { get; init; }

    /// <summary>The expected result; null with <see cref="ExpectedError"/> or for functions without a result.</summary>
    public WaveValue? Expected { get; init; }

    /// <summary>A substring the trap message or the <c>err</c> payload must contain.</summary>
    public string? ExpectedError { get; init; }

    public FloatTolerance Tolerance { get; init; }
}

/// <summary>A checked <c>[[run]]</c>.</summary>
internal sealed record CheckedRun : CheckedCase
{
    /// <summary>The export name of <c>wasi:cli/run</c> in the component (<c>wasi:cli/run@0.2.3</c>).</summary>
    public required string RunExport { get; init; }

    public required RunCaseSpec Spec { get; init; }

    /// <summary>The read-only directories of <see cref="RunCaseSpec.Directories"/>, host paths made absolute.</summary>
    public IReadOnlyList<(string GuestPath, string HostPath)> Directories { get; init; } = [];
}

/// <summary>A checked <c>[[request]]</c>.</summary>
internal sealed record CheckedRequest : CheckedCase
{
    /// <summary>The export name of <c>wasi:http/incoming-handler</c> in the component (<c>wasi:http/incoming-handler@0.2.12</c>).</summary>
    public required string HandlerExport { get; init; }

    public required RequestCaseSpec Spec { get; init; }
}

/// <summary>Every checked case of one component.</summary>
internal sealed record CheckedSuite(string Component, IReadOnlyList<CheckedCase> Cases);
