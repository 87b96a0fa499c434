using System.Globalization;

namespace Wasmc.Core.Building;

/// <summary>The progress lines of a build, worded once for every front end.</summary>
public static class BuildMessages
{
    /// <summary><c>building calculator (js, bundle trixie-2026.11, profile debug)</c></summary>
    public static string Building(ComponentBuildStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return $"building {start.Component} ({start.Language}, bundle {start.Bundle}, profile {start.Profile})";
    }

    /// <summary>
    /// <c>built calculator in 18.2 s -> target/wasmc/debug/calculator/calculator.wasm</c>,
    /// <c>calculator is up-to-date -> ...</c>, <c>skipped calculator: ...</c> or <c>failed calculator after 1.2 s: ...</c>.
    /// </summary>
    public static string Finished(ComponentBuildOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var artifact = outcome.ComponentArtifact is { } component ? $" -> {component.RelativePath}" : "";
        return outcome.Status switch
        {
            ComponentBuildStatus.Built => $"built {outcome.Component} in {Seconds(outcome.Duration)}{artifact}",
            ComponentBuildStatus.UpToDate => $"{outcome.Component} is up-to-date{artifact}",
            ComponentBuildStatus.Skipped => $"skipped {outcome.Component}: {outcome.Message}",
            _ => $"failed {outcome.Component} after {Seconds(outcome.Duration)}: {outcome.Message}",
        };
    }

    /// <summary><c>up-to-date</c>, <c>built</c>, <c>failed</c>, <c>skipped</c>: the status as JSON and tables show it.</summary>
    public static string StatusName(ComponentBuildStatus status) => status switch
    {
        ComponentBuildStatus.Built => "built",
        ComponentBuildStatus.UpToDate => "up-to-date",
        ComponentBuildStatus.Skipped => "skipped",
        _ => "failed",
    };

    /// <summary><c>2 built, 1 up-to-date, 1 failed</c> (zero counts left out).</summary>
    public static string Summary(IReadOnlyList<ComponentBuildOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var parts = Enum.GetValues<ComponentBuildStatus>()
            .Select(status => (status, count: outcomes.Count(outcome => outcome.Status == status)))
            .Where(pair => pair.count > 0)
            .Select(pair => $"{pair.count} {StatusName(pair.status)}");
        return outcomes.Count == 0 ? "no components to build" : string.Join(", ", parts);
    }

    private static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>The line a build prints once when another build holds the workspace.</summary>
    public static string WaitingForWorkspace(int processId) =>
        processId > 0 ? $"waiting for another wasmc build in this workspace (pid {processId})" : "waiting for another wasmc build in this workspace";
}
