using System.Net.Sockets;
using System.Text;

namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// An end-to-end test that builds in Docker. Skipped (with the reason) when no engine answers, except on CI
/// (<c>CI=true</c>), where it runs and fails: CI must never pass by skipping the Docker tests. (The same rule as
/// <c>DockerFact</c> in Wasmc.Containers.Tests; this project references no wasmc assembly, so it probes the socket itself.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsDockerFactAttribute : FactAttribute
{
    public JsDockerFactAttribute()
    {
        if (JsDockerAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class JsDockerAvailability
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public static string? SkipReason => Reason.Value;

    private static string? Probe()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null; // a TCP engine: let the tool find out, and say so, if it does not answer
        }

        var socketPath = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            socket.ReceiveTimeout = 5000;
            var buffer = new byte[64];
            var read = socket.Receive(buffer);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.Contains(" 200 ", StringComparison.Ordinal)
                ? null
                : $"Docker at {socketPath} answered '{answer.Split('\n')[0].Trim()}' to /_ping; set CI=true to make this a failure.";
        }
        catch (SocketException e)
        {
            return $"Docker is not reachable at {socketPath} ({e.Message}); set CI=true to make this a failure.";
        }
    }
}
