using Wasmc.Docker;

namespace Wasmc.Core.Tests.Testing.Integration;

/// <summary>
/// A test that needs a Docker engine: skipped (with the reason) when none is reachable, except on CI
/// (<c>CI=true</c>), where it runs and fails: CI must never pass by skipping the Docker tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    internal static readonly Lazy<string?> Reason = new(Probe);

    public DockerFactAttribute()
    {
        if (Reason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
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

/// <summary>A theory that needs a Docker engine (see <see cref="DockerFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (DockerFactAttribute.Reason.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
