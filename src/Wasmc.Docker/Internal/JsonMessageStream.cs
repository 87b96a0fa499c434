using System.Net;
using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

/// <summary>
/// Pull, push, build and load answer 200 at once and then stream one JSON message per line; a failure
/// arrives as a message with <c>error</c>, so status 200 does not mean success.
/// </summary>
internal static class JsonMessageStream
{
    public static async Task ReadAsync(
        DockerTransport transport,
        HttpResponseMessage response,
        string operation,
        Action<JsonNode, ProgressMessage> onMessage,
        CancellationToken cancellationToken)
    {
        var recentOutput = new Queue<string>();
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var json = JsonNode.Parse(line);
                if (json is null)
                {
                    continue;
                }

                var message = new ProgressMessage(
                    Json.StringOrNull(json, "id"),
                    Json.StringOrNull(json, "status"),
                    Json.StringOrNull(json, "progress"),
                    Json.StringOrNull(json, "stream"),
                    Json.StringOrNull(json, "error") ?? Json.StringOrNull(json["errorDetail"], "message"))
                {
                    Aux = Json.Scalars(json["aux"]),
                };
                if (message.Error is { } error)
                {
                    var tail = recentOutput.Count == 0 ? "" : $"{Environment.NewLine}Last output:{Environment.NewLine}{string.Join(Environment.NewLine, recentOutput)}";
                    throw new DockerApiException(HttpStatusCode.OK, $"Docker reported an error while {operation}: {error.Trim()}{tail}");
                }

                foreach (var outputLine in (message.Stream ?? message.Status ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    recentOutput.Enqueue(outputLine.TrimEnd());
                    if (recentOutput.Count > 20)
                    {
                        recentOutput.Dequeue();
                    }
                }

                onMessage(json, message);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw transport.TranslateStreamError(e, operation);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DockerApiException(HttpStatusCode.OK, $"Docker sent malformed progress while {operation}: {e.Message}", e);
        }
    }
}
