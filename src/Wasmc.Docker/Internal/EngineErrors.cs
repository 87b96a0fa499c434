using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Engine = Docker.DotNet;

namespace Wasmc.Docker.Internal;

/// <summary>
/// Turns what Docker.DotNet throws into wasmc's <see cref="DockerException"/>s, naming the operation,
/// so no caller sees a library type and every message says what to do.
/// </summary>
internal sealed class EngineErrors(DockerEndpoint endpoint)
{
    public DockerEndpoint Endpoint => endpoint;

    /// <summary>Runs one engine call; <paramref name="notFound"/> builds the error for a 404 from the engine's message (null = generic).</summary>
    public async Task<T> CallAsync<T>(
        string operation,
        Func<Task<T>> call,
        CancellationToken cancellationToken,
        Func<string, DockerException>? notFound = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, operation, cancellationToken, notFound) is { } translated)
        {
            throw translated;
        }
    }

    public Task CallAsync(string operation, Func<Task> call, CancellationToken cancellationToken, Func<string, DockerException>? notFound = null) =>
        CallAsync(
            operation,
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            notFound);

    /// <summary>The error to throw instead of <paramref name="error"/>, or null to let it through unchanged.</summary>
    public Exception? Translate(Exception error, string operation, CancellationToken cancellationToken, Func<string, DockerException>? notFound = null)
    {
        if (error is DockerException)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelling a socket operation can surface as an I/O error; callers should see a cancellation.
            return error is OperationCanceledException ? null : new OperationCanceledException($"{operation} was cancelled.", error, cancellationToken);
        }

        return error switch
        {
            Engine.DockerApiException api => FromStatus(api.StatusCode, EngineMessage(api.StatusCode, api.ResponseBody), operation, notFound),
            JsonException json => new DockerApiException(HttpStatusCode.OK, $"Docker sent an answer that is not valid JSON while {operation}: {json.Message}", json),
            _ when IsTransportError(error) => FromTransport(error, operation),
            _ => null,
        };
    }

    /// <summary>Errors while reading a body the engine already started sending mean the connection broke.</summary>
    public Exception StreamError(Exception error, string operation) => error switch
    {
        DockerException => error,
        _ => new DockerConnectionLostException(endpoint, operation, error),
    };

    /// <summary>A failure to connect, a refusal of the socket, or a connection that broke after the request went out.</summary>
    public DockerException FromTransport(Exception error, string operation)
    {
        foreach (var inner in Chain(error))
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException)
            {
                return new DockerPermissionDeniedException(endpoint, error);
            }

            if (inner is TimeoutException || (inner is SocketException socket && IsConnectFailure(socket.SocketErrorCode)))
            {
                return DockerUnreachableException.NotRunning(endpoint, error);
            }
        }

        // The request went out but the answer never came (whole): the engine died or dropped us.
        return new DockerConnectionLostException(endpoint, operation, error);
    }

    public static bool IsTransportError(Exception error) =>
        error is HttpRequestException or IOException or SocketException or ObjectDisposedException or TimeoutException or AggregateException or UnauthorizedAccessException;

    /// <summary>The engine's <c>{"message": ...}</c>, else the body, else the status: never empty.</summary>
    internal static string EngineMessage(HttpStatusCode status, string? body)
    {
        var text = body?.Trim() ?? "";
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    text = message.GetString()?.Trim() ?? "";
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the text itself is the best reason there is.
            }
        }

        return text.Length > 0 ? text : $"HTTP {(int)status} {status} without a message";
    }

    private static DockerException FromStatus(HttpStatusCode status, string message, string operation, Func<string, DockerException>? notFound) => status switch
    {
        HttpStatusCode.NotFound => notFound?.Invoke(message) ?? new DockerNotFoundException($"Docker: {message} (while {operation})."),
        HttpStatusCode.Conflict => new DockerConflictException($"Docker: {message} (while {operation})."),
        _ => new DockerApiException(status, $"Docker answered {(int)status} while {operation}: {message}"),
    };

    private static bool IsConnectFailure(SocketError code) => code is SocketError.ConnectionRefused
        or SocketError.AddressNotAvailable
        or SocketError.HostNotFound
        or SocketError.HostUnreachable
        or SocketError.NetworkUnreachable
        or SocketError.TimedOut
        or SocketError.TryAgain
        or SocketError.NoData
        or SocketError.AddressFamilyNotSupported;

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
