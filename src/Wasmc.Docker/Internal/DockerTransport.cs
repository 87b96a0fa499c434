using System.IO.Pipes;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

/// <summary>
/// HTTP to the engine over a Unix socket, a named pipe or TCP, and the translation of transport
/// failures and error statuses into <see cref="DockerException"/>s.
/// </summary>
internal sealed class DockerTransport : IDisposable
{
    private readonly HttpClient _http;

    public DockerTransport(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri baseAddress;
        switch (endpoint.Uri.Scheme)
        {
            case "unix":
                var socketPath = endpoint.Uri.LocalPath;
                handler.ConnectCallback = (_, ct) => ConnectUnixAsync(socketPath, ct);
                baseAddress = new Uri("http://docker/");
                break;
            case "npipe":
                // Untested: no Windows engine in CI. npipe:////./pipe/docker_engine -> pipe "docker_engine" on ".".
                var pipeName = endpoint.Uri.AbsolutePath.Replace("/pipe/", "", StringComparison.Ordinal).TrimStart('/');
                var server = string.IsNullOrEmpty(endpoint.Uri.Host) ? "." : endpoint.Uri.Host;
                handler.ConnectCallback = (_, ct) => ConnectPipeAsync(server, pipeName, ct);
                baseAddress = new Uri("http://docker/");
                break;
            default:
                var tls = endpoint.TlsCertificatePath is not null || endpoint.Uri.Scheme == "https";
                baseAddress = new UriBuilder(tls ? "https" : "http", endpoint.Uri.Host, endpoint.Uri.Port).Uri;
                if (endpoint.TlsCertificatePath is { } certificates)
                {
                    ConfigureTls(handler, certificates);
                }

                break;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("wasmc", "0.1"));
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>Path prefix of versioned endpoints, e.g. <c>/v1.41</c>; set once the version is known.</summary>
    public string VersionPrefix { get; set; } = "";

    public async Task<string> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_ping", null, "pinging the engine", cancellationToken, versioned: false).ConfigureAwait(false);
        return response.Headers.TryGetValues("Api-Version", out var values) ? values.First() : "1.24";
    }

    /// <summary>
    /// Sends a request and throws a typed exception for error statuses; <c>notFound</c> builds the
    /// exception for a 404 from the engine's message (null = generic).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content,
        string operation,
        CancellationToken cancellationToken,
        bool versioned = true,
        Func<string, DockerException>? notFound = null,
        bool streamResponse = false,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, (versioned ? VersionPrefix : "") + path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(
                request,
                streamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or SocketException)
        {
            throw TranslateConnectError(e, operation);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }

        using (response)
        {
            var message = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => notFound?.Invoke(message) ?? new DockerNotFoundException($"Docker: {message} (while {operation})."),
                HttpStatusCode.Conflict => new DockerConflictException($"Docker: {message} (while {operation})."),
                _ => new DockerApiException(response.StatusCode, $"Docker answered {(int)response.StatusCode} while {operation}: {message}"),
            };
        }
    }

    public async Task<JsonNode?> SendJsonAsync(
        HttpMethod method,
        string path,
        JsonNode? body,
        string operation,
        CancellationToken cancellationToken,
        Func<string, DockerException>? notFound = null)
    {
        using var content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await SendAsync(method, path, content, operation, cancellationToken, notFound: notFound).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>Errors while reading a body the engine already started sending mean the connection broke.</summary>
    public Exception TranslateStreamError(Exception error, string operation) => error switch
    {
        DockerException => error,
        _ => new DockerConnectionLostException(Endpoint, operation, error),
    };

    internal Exception TranslateConnectError(Exception error, string operation)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException)
            {
                return new DockerPermissionDeniedException(Endpoint, error);
            }

            if (inner is SocketException or TimeoutException || (inner is IOException && inner.InnerException is null && error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }))
            {
                return DockerUnreachableException.NotRunning(Endpoint, error);
            }
        }

        // The request went out but the answer never came: the engine died or dropped us.
        return new DockerConnectionLostException(Endpoint, operation, error);
    }

    private static async Task<string> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return response.ReasonPhrase ?? "no message";
        }

        try
        {
            return JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text.Trim();
        }
        catch (System.Text.Json.JsonException)
        {
            return text.Trim();
        }
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectPipeAsync(string server, string pipeName, CancellationToken cancellationToken)
    {
        var pipe = new NamedPipeClientStream(server, pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await pipe.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return pipe;
        }
        catch
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void ConfigureTls(SocketsHttpHandler handler, string certificateFolder)
    {
        var clientCertificate = X509Certificate2.CreateFromPemFile(
            Path.Combine(certificateFolder, "cert.pem"),
            Path.Combine(certificateFolder, "key.pem"));
        var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certificateFolder, "ca.pem"));
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        };
    }

    public void Dispose() => _http.Dispose();
}
