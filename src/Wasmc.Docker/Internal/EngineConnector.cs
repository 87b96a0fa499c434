using System.Globalization;
using System.Text.Json;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;
using Engine = Docker.DotNet;

namespace Wasmc.Docker.Internal;

/// <summary>
/// Builds the Docker.DotNet client for an endpoint and proves, within a time limit, that a Docker
/// engine answers there: an endpoint that accepts and never answers, or an HTTP server that is not
/// Docker, must stop a command at once with a message that says so.
/// </summary>
internal static class EngineConnector
{
    public static async Task<IDockerClient> ConnectAsync(DockerEndpoint endpoint, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        string engineApiVersion;

        // Unversioned, so that an engine older than MaximumApiVersion answers too; it tells its own version.
        using (var probe = Build(endpoint, apiVersion: null))
        {
            engineApiVersion = await HandshakeAsync(probe, endpoint, timeLimit, cancellationToken).ConfigureAwait(false);
        }

        var apiVersion = ApiVersions.Negotiate(engineApiVersion, DockerClientFactory.MaximumApiVersion);
        return new DockerClient(Build(endpoint, Version.Parse(apiVersion)), endpoint, apiVersion, engineApiVersion);
    }

    /// <summary>The time limit of the first answer: <c>WASMC_DOCKER_TIMEOUT</c> seconds, else <paramref name="fallback"/>.</summary>
    public static TimeSpan TimeLimit(string? configured, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return fallback;
        }

        if (!double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > int.MaxValue / 1000)
        {
            throw new DockerException(
                $"{DockerClientFactory.TimeoutVariable} is \"{configured}\", which is not a number of seconds. " +
                $"Set it to e.g. 30, or 0 for no limit, or unset it for the default of {fallback.TotalSeconds:0} s.");
        }

        return seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }

    private static Engine.DockerClient Build(DockerEndpoint endpoint, Version? apiVersion)
    {
        // No request time limit: builds, waits and uploads take as long as they take; the handshake has its own.
        var builder = new Engine.DockerClientBuilder()
            .WithEndpoint(endpoint.Uri)
            .WithApiVersion(apiVersion)
            .WithTimeout(Timeout.InfiniteTimeSpan);
        if (Tls(endpoint) is { } credentials)
        {
            builder = builder.WithAuthProvider(credentials);
        }

        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or Engine.SshDockerEndpointNotSupportedException)
        {
            throw new DockerUnreachableException(
                endpoint,
                $"wasmc cannot talk to Docker at {endpoint.Uri} (from {endpoint.Source}): {e.Message} " +
                "Use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/docker_engine.",
                e);
        }
    }

    private static IAuthProvider? Tls(DockerEndpoint endpoint)
    {
        if (endpoint.TlsCertificatePath is { } folder)
        {
            try
            {
                return DockerTlsCertificates.LoadFromDirectory(folder).CreateCredentials();
            }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
            {
                throw new DockerUnreachableException(
                    endpoint,
                    $"DOCKER_TLS_VERIFY is set, but the TLS files in {folder} (ca.pem, cert.pem, key.pem) cannot be read: {e.Message} " +
                    "Set DOCKER_CERT_PATH to the folder that holds them.",
                    e);
            }
        }

        // https:// without client certificates: the server is checked against the system's trusted roots.
        return endpoint.Uri.Scheme == "https" ? new CertificateCredentials(null) : null;
    }

    private static async Task<string> HandshakeAsync(Engine.DockerClient probe, DockerEndpoint endpoint, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        const string operation = "asking the engine for its version";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeLimit != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeLimit);
        }

        try
        {
            var version = await probe.System.GetVersionAsync(limit.Token).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(version.APIVersion)
                ? throw NotDocker(endpoint, "its answer to GET /version has no ApiVersion", null)
                : version.APIVersion;
        }
        catch (Exception e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DockerUnreachableException(
                endpoint,
                $"Docker at {endpoint.Uri} (from {endpoint.Source}) accepted the connection but did not answer within {timeLimit.TotalSeconds:0.#} s. " +
                $"Check that it is a Docker engine and that it is not stuck (`docker info`), or allow more time with {DockerClientFactory.TimeoutVariable}=<seconds>.",
                e);
        }
        catch (Engine.DockerApiException e)
        {
            // A web page says nothing useful in one line; a short text or an engine-style message does.
            var said = e.ResponseBody?.TrimStart().StartsWith('<') == true ? $"{e.StatusCode}" : Shorten(EngineErrors.EngineMessage(e.StatusCode, e.ResponseBody));
            throw NotDocker(endpoint, $"it answered GET /version with HTTP {(int)e.StatusCode} ({said})", e);
        }
        catch (JsonException e)
        {
            throw NotDocker(endpoint, "its answer to GET /version is not Docker's JSON", e);
        }
        catch (HttpRequestException e) when (UnreadableAnswer(e) is { } reason)
        {
            throw NotDocker(endpoint, $"its answer is not HTTP as Docker speaks it ({reason})", e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && EngineErrors.IsTransportError(e))
        {
            throw new EngineErrors(endpoint).FromTransport(e, operation);
        }
    }

    /// <summary>
    /// Docker.DotNet's HTTP reader reports an answer it cannot parse (no status line, bad headers) with
    /// messages that start "Invalid" or name the header format; that is a server speaking something else.
    /// </summary>
    private static string? UnreadableAnswer(HttpRequestException error)
    {
        for (Exception? inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException && (inner.Message.StartsWith("Invalid ", StringComparison.Ordinal) || inner.Message.Contains("header line format", StringComparison.Ordinal)))
            {
                return Shorten(inner.Message);
            }
        }

        return null;
    }

    private static DockerUnreachableException NotDocker(DockerEndpoint endpoint, string why, Exception? inner) => new(
        endpoint,
        $"Something answers at {endpoint.Uri} (from {endpoint.Source}), but it is not a Docker engine: {why}. " +
        "Point DOCKER_HOST (or the docker context) at the Docker engine, e.g. unix:///var/run/docker.sock.",
        inner);

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
