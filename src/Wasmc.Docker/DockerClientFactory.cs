using Wasmc.Docker.Internal;

namespace Wasmc.Docker;

/// <summary>Finds the engine and connects to it.</summary>
public static class DockerClientFactory
{
    /// <summary>The newest Engine API version this client speaks; older engines are spoken to in their own version.</summary>
    public const string MaximumApiVersion = "1.43";

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (or the one <see cref="DockerEndpointDiscovery.Find()"/> returns),
    /// pings it and settles the API version.
    /// </summary>
    /// <exception cref="DockerUnreachableException">Nothing answers.</exception>
    /// <exception cref="DockerPermissionDeniedException">The socket may not be opened by this user.</exception>
    public static async Task<IDockerClient> ConnectAsync(DockerEndpoint? endpoint = null, CancellationToken cancellationToken = default)
    {
        endpoint ??= DockerEndpointDiscovery.Find();
        var transport = new DockerTransport(endpoint);
        try
        {
            var serverVersion = await transport.PingAsync(cancellationToken).ConfigureAwait(false);
            return new DockerClient(transport, ApiVersions.Negotiate(serverVersion, MaximumApiVersion));
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }
}
