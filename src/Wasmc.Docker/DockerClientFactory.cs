using Wasmc.Docker.Internal;

namespace Wasmc.Docker;

/// <summary>Finds the engine and connects to it.</summary>
public static class DockerClientFactory
{
    /// <summary>The newest Engine API version this client speaks; older engines are spoken to in their own version.</summary>
    public const string MaximumApiVersion = "1.43";

    /// <summary>Environment variable: seconds the engine has to answer the first request (default 10; 0 = no limit).</summary>
    public const string TimeoutVariable = "WASMC_DOCKER_TIMEOUT";

    /// <summary>How long the engine has to answer the first request when <see cref="TimeoutVariable"/> is not set.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (or the one <see cref="DockerEndpointDiscovery.Find()"/> returns),
    /// checks within <see cref="TimeoutVariable"/> seconds that a Docker engine answers, and settles the API version.
    /// </summary>
    /// <exception cref="DockerUnreachableException">Nothing answers, the answer is late, or what answers is not Docker.</exception>
    /// <exception cref="DockerPermissionDeniedException">The socket may not be opened by this user.</exception>
    /// <exception cref="DockerException">The endpoint configuration (DOCKER_HOST, docker context, WASMC_DOCKER_TIMEOUT) is invalid.</exception>
    public static Task<IDockerClient> ConnectAsync(DockerEndpoint? endpoint = null, CancellationToken cancellationToken = default) =>
        ConnectWithinAsync(endpoint, EngineConnector.TimeLimit(Environment.GetEnvironmentVariable(TimeoutVariable), DefaultConnectTimeout), cancellationToken);

    internal static Task<IDockerClient> ConnectWithinAsync(DockerEndpoint? endpoint, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        endpoint ??= DockerEndpointDiscovery.Find();
        return EngineConnector.ConnectAsync(endpoint, timeLimit, cancellationToken);
    }
}
