using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Support;

/// <summary>
/// A test that needs a Docker engine. Skipped (with the reason) when none is reachable, except on CI
/// (<c>CI=true</c>), where it runs and fails: CI must never pass by skipping the Docker tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="DockerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (DockerAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

public static class DockerAvailability
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when Docker tests should run (engine reachable, or running on CI).</summary>
    public static string? SkipReason => Reason.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Probe()
    {
        if (IsCi)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var client = DockerClientFactory.ConnectAsync(cancellationToken: timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is DockerException or OperationCanceledException)
        {
            return "Docker is not reachable (" + e.Message + "); set CI=true to make this a failure.";
        }
    }
}
