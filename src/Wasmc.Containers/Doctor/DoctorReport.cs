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

/// <summary>Every check, in the order they ran.</summary>
public sealed record DoctorReport(IReadOnlyList<DoctorCheck> Checks)
{
    /// <summary>The worst status of all checks.</summary>
    public DoctorStatus Overall => Checks.Count == 0 ? DoctorStatus.Ok : Checks.Max(c => c.Status);

    /// <summary>Whether any check failed.</summary>
    public bool HasFailures => Overall == DoctorStatus.Fail;
}
