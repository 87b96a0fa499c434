namespace Wasmc.Containers.Doctor;

/// <summary>Outcome of one check.</summary>
public enum DoctorStatus
{
    /// <summary>Nothing to do.</summary>
    Ok,

    /// <summary>Works, but something will be slow, surprising or break later; see the fix.</summary>
    Warn,

    /// <summary>Building components will not work until the fix is applied.</summary>
    Fail,
}

/// <summary>One check of <c>wasmc doctor</c>.</summary>
/// <param name="Name">Short, stable name (<c>docker</c>, <c>environment</c>, <c>disk</c>, <c>bundle sid-2026.11</c>).</param>
/// <param name="Status">Ok, warn or fail.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">What to do about it; null when the status is ok.</param>
public sealed record DoctorCheck(string Name, DoctorStatus Status, string Detail, string? Fix = null);

/// <summary>Where one bundle toolchain's steps run.</summary>
/// <param name="Bundle">Bundle name.</param>
/// <param name="Toolchain">Toolchain name.</param>
/// <param name="Image">The toolchain's image reference.</param>
/// <param name="Place">Here (this container holds it, or <c>WASMC_RUNNER=host</c>) or in Docker.</param>
public sealed record ToolchainRoute(string Bundle, string Toolchain, string Image, DevContainers.StepPlace Place);

/// <summary>Every check, in the order they ran.</summary>
public sealed record DoctorReport(IReadOnlyList<DoctorCheck> Checks)
{
    /// <summary>Where wasmc runs, as detected (null only in reports made by hand).</summary>
    public DevContainers.Workplace? Workplace { get; init; }

    /// <summary>Where each bundle toolchain runs (empty without a bundle catalog).</summary>
    public IReadOnlyList<ToolchainRoute> Toolchains { get; init; } = [];

    /// <summary>What <c>WASMC_RUNNER</c> asked for.</summary>
    public DevContainers.RunnerMode RunnerMode { get; init; }

    /// <summary>The worst status of all checks.</summary>
    public DoctorStatus Overall => Checks.Count == 0 ? DoctorStatus.Ok : Checks.Max(c => c.Status);

    /// <summary>Whether any check failed.</summary>
    public bool HasFailures => Overall == DoctorStatus.Fail;
}
