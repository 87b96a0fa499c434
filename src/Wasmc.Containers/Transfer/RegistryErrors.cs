using Wasmc.Docker;

namespace Wasmc.Containers.Transfer;

/// <summary>
/// Turns the engine's errors about a registry into <see cref="RegistryException"/>s. The engine reports a
/// registry it cannot reach only as text (a 500 on pull, an error inside the stream on push), so the text decides.
/// </summary>
internal static class RegistryErrors
{
    private static readonly string[] UnreachableSigns =
    [
        "dial tcp",
        "connection refused",
        "no such host",
        "i/o timeout",
        "network is unreachable",
        "no route to host",
        "server misbehaving",
        "TLS handshake timeout",
        "server gave HTTP response to HTTPS client",
        "context deadline exceeded",
        "connection reset by peer",
    ];

    public static bool LooksUnreachable(string message) =>
        UnreachableSigns.Any(sign => message.Contains(sign, StringComparison.OrdinalIgnoreCase));

    public static RegistryException Translate(DockerApiException error, string registry, string operation) =>
        LooksUnreachable(error.Message)
            ? new RegistryException(
                registry,
                unreachable: true,
                $"the registry {registry} cannot be reached from the Docker engine while {operation}. Check that it is running and that the " +
                $"engine can reach it (a plain-HTTP registry outside 127.0.0.0/8 must be in the engine's insecure-registries). Docker said: {error.Message}",
                error)
            : new RegistryException(registry, unreachable: false, $"the registry {registry} refused {operation}: {error.Message}", error);
}
