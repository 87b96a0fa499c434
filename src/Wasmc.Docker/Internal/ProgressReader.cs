using System.Net;
using System.Text.Json;
using Models = Docker.DotNet.Models;

namespace Wasmc.Docker.Internal;

/// <summary>
/// Pull, push, build and load answer 200 at once and then stream one JSON message per line; a failure
/// arrives as a message with <c>errorDetail</c>, so status 200 does not mean success. Docker.DotNet
/// reports those messages without looking at them: this reader turns them into
/// <see cref="ProgressMessage"/>s and throws at the first error, with the last output lines.
/// </summary>
internal sealed class ProgressReader(string operation, Action<ProgressMessage> onMessage) : IProgress<Models.JSONMessage>
{
    private const int KeptLines = 20;
    private readonly Queue<string> _recentOutput = new();

    public void Report(Models.JSONMessage value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var message = ToProgressMessage(value);
        if (message.Error is { } error)
        {
            var tail = _recentOutput.Count == 0 ? "" : $"{Environment.NewLine}Last output:{Environment.NewLine}{string.Join(Environment.NewLine, _recentOutput)}";
            throw new DockerApiException(HttpStatusCode.OK, $"Docker reported an error while {operation}: {error.Trim()}{tail}");
        }

        foreach (var line in (message.Stream ?? message.Status ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _recentOutput.Enqueue(line.TrimEnd());
            if (_recentOutput.Count > KeptLines)
            {
                _recentOutput.Dequeue();
            }
        }

        onMessage(message);
    }

    internal static ProgressMessage ToProgressMessage(Models.JSONMessage value) =>
        new(value.ID, value.Status, ProgressText(value.Progress), value.Stream, value.Error?.Message is { Length: > 0 } error ? error : null)
        {
            Aux = Scalars(value.Aux?.ExtensionData),
        };

    /// <summary>A progress-bar update as <c>current/total</c>; null when the message carries none (<c>progressDetail: {}</c>).</summary>
    private static string? ProgressText(Models.JSONProgress? progress) => progress switch
    {
        { Current: { } current, Total: { } total } => $"{current}/{total}",
        { Current: { } current } => $"{current}",
        _ => null,
    };

    /// <summary>The scalar fields of the <c>aux</c> object as text (numbers and booleans in their JSON form).</summary>
    private static Dictionary<string, string>? Scalars(IDictionary<string, object>? fields) =>
        fields?.Where(pair => pair.Value is not JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.Array })
            .ToDictionary(
                pair => pair.Key,
                pair => pair.Value switch
                {
                    JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
                    JsonElement element => element.GetRawText(),
                    null => "null",
                    var other => other.ToString() ?? "",
                },
                StringComparer.Ordinal);
}
