using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

internal sealed class ExecOperations(DockerTransport transport) : IDockerExecOperations
{
    public async Task<string> CreateAsync(string containerId, ExecSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var body = new JsonObject
        {
            ["AttachStdin"] = false,
            ["AttachStdout"] = true,
            ["AttachStderr"] = true,
            ["Tty"] = spec.Tty,
            ["Cmd"] = Json.Array(spec.Cmd),
            ["Env"] = Json.Array(spec.Environment.Select(pair => $"{pair.Key}={pair.Value}")),
        };
        if (spec.WorkingDirectory is { } workingDirectory)
        {
            body["WorkingDir"] = workingDirectory;
        }

        if (spec.User is { } user)
        {
            body["User"] = user;
        }

        var json = await transport.SendJsonAsync(
            HttpMethod.Post,
            $"/containers/{containerId}/exec",
            body,
            $"starting `{string.Join(' ', spec.Cmd)}` in container {ContainerOperations.Short(containerId)}",
            cancellationToken,
            message => new DockerNotFoundException($"Container {ContainerOperations.Short(containerId)} does not exist ({message}).")).ConfigureAwait(false);
        return Json.String(json, "Id");
    }

    public async Task<MultiplexedStream> StartAsync(string execId, bool tty = false, CancellationToken cancellationToken = default)
    {
        var operation = $"running exec {ContainerOperations.Short(execId)}";
        using var content = new StringContent(new JsonObject { ["Detach"] = false, ["Tty"] = tty }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await transport.SendAsync(HttpMethod.Post, $"/exec/{execId}/start", content, operation, cancellationToken, streamResponse: true).ConfigureAwait(false);
        return await ContainerOperations.OpenOutputAsync(transport, response, tty, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Get, $"/exec/{execId}/json", null, $"inspecting exec {ContainerOperations.Short(execId)}", cancellationToken).ConfigureAwait(false);
        return new ExecInspect(
            Json.String(json, "ID"),
            Json.Bool(json, "Running"),
            json?["ExitCode"] is JsonValue code && code.TryGetValue<long>(out var exitCode) ? exitCode : null,
            (int)Json.Long(json, "Pid"),
            Json.String(json, "ContainerID"));
    }
}
