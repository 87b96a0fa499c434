namespace Wasmc.Docker;

/// <summary>
/// Where the Docker Engine listens: <c>unix:///var/run/docker.sock</c>, <c>tcp://host:2376</c>
/// or <c>npipe:////./pipe/docker_engine</c>.
/// </summary>
/// <param name="Uri">The engine address.</param>
/// <param name="Source">How it was found, for messages (<c>DOCKER_HOST</c>, <c>docker context "x"</c>, ...).</param>
/// <param name="TlsCertificatePath">Folder with <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> when TLS is verified (tcp only).</param>
public sealed record DockerEndpoint(Uri Uri, string Source, string? TlsCertificatePath = null)
{
    /// <summary>The conventional system socket.</summary>
    public static DockerEndpoint DefaultUnixSocket { get; } =
        new(new Uri("unix:///var/run/docker.sock"), "default socket /var/run/docker.sock");

    /// <summary>Creates an endpoint from a string such as <c>unix:///run/docker.sock</c>.</summary>
    public static DockerEndpoint Parse(string address, string source) => new(new Uri(address), source);

    /// <inheritdoc />
    public override string ToString() => $"{Uri} (from {Source})";
}
