using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Wasmc.Docker.Internal;

internal sealed class ContainerOperations(DockerTransport transport) : IDockerContainerOperations
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = "/containers/create" + (spec.Name is null ? "" : "?name=" + Uri.EscapeDataString(spec.Name));
        var json = await transport.SendJsonAsync(
            HttpMethod.Post,
            path,
            CreateBody(spec),
            $"creating a container from {spec.Image}",
            cancellationToken,
            notFound: message => new DockerImageNotFoundException(spec.Image, $"The image {spec.Image} is not present locally ({message}).")).ConfigureAwait(false);
        return Json.String(json, "Id");
    }

    /// <summary>The body of <c>POST /containers/create</c>.</summary>
    internal static JsonObject CreateBody(ContainerSpec spec)
    {
        var hostConfig = new JsonObject
        {
            ["Mounts"] = new JsonArray([.. spec.Mounts.Select(mount => (JsonNode)new JsonObject
            {
                ["Type"] = mount.Type.ToString().ToLowerInvariant(),
                ["Source"] = mount.Type == MountType.Tmpfs ? null : mount.Source,
                ["Target"] = mount.Target,
                ["ReadOnly"] = mount.ReadOnly,
            })]),
            ["CapDrop"] = Json.Array(spec.CapDrop),
            ["CapAdd"] = Json.Array(spec.CapAdd),
            ["SecurityOpt"] = Json.Array(spec.SecurityOpt),
            ["Memory"] = spec.MemoryBytes,
            ["MemorySwap"] = spec.MemorySwapBytes,
            ["NanoCpus"] = spec.NanoCpus,
            ["PidsLimit"] = spec.PidsLimit,
            ["ReadonlyRootfs"] = spec.ReadonlyRootfs,
            ["Init"] = spec.Init,
            ["AutoRemove"] = spec.AutoRemove,
        };
        if (spec.NetworkMode is { } network)
        {
            hostConfig["NetworkMode"] = network;
        }

        var body = new JsonObject
        {
            ["Image"] = spec.Image,
            ["Env"] = Json.Array(spec.Environment.Select(pair => $"{pair.Key}={pair.Value}")),
            ["Labels"] = Json.Object(spec.Labels),
            ["Tty"] = spec.Tty,
            ["AttachStdout"] = true,
            ["AttachStderr"] = true,
            ["OpenStdin"] = false,
            ["NetworkDisabled"] = spec.NetworkMode == "none",
            ["HostConfig"] = hostConfig,
        };
        if (spec.Entrypoint is { } entrypoint)
        {
            body["Entrypoint"] = Json.Array(entrypoint);
        }

        if (spec.Cmd is { } cmd)
        {
            body["Cmd"] = Json.Array(cmd);
        }

        if (spec.WorkingDirectory is { } workingDirectory)
        {
            body["WorkingDir"] = workingDirectory;
        }

        if (spec.User is { } user)
        {
            body["User"] = user;
        }

        return body;
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken = default) =>
        await transport.SendJsonAsync(HttpMethod.Post, $"/containers/{id}/start", null, $"starting container {Short(id)}", cancellationToken, NotFound(id)).ConfigureAwait(false);

    public async Task<MultiplexedStream> AttachAsync(string id, bool tty, CancellationToken cancellationToken = default)
    {
        var operation = $"reading the output of container {Short(id)}";
        var response = await transport.SendAsync(
            HttpMethod.Post,
            $"/containers/{id}/attach?stream=1&stdout=1&stderr=1",
            null,
            operation,
            cancellationToken,
            notFound: NotFound(id),
            streamResponse: true).ConfigureAwait(false);
        return await OpenOutputAsync(transport, response, tty, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        var json = await transport.SendJsonAsync(HttpMethod.Post, $"/containers/{id}/wait", null, $"waiting for container {Short(id)}", cancellationToken, NotFound(id)).ConfigureAwait(false);
        return Json.Long(json, "StatusCode");
    }

    public async Task KillAsync(string id, string signal = "SIGKILL", CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.SendJsonAsync(HttpMethod.Post, $"/containers/{id}/kill?signal={Uri.EscapeDataString(signal)}", null, $"killing container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerNotFoundException or DockerConflictException)
        {
            // Already gone or not running: the goal of a kill is reached.
        }
    }

    public async Task RemoveAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.SendJsonAsync(HttpMethod.Delete, $"/containers/{id}?v=1&force={(force ? "1" : "0")}", null, $"removing container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
        catch (DockerConflictException e) when (e.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    public async Task<MultiplexedStream> LogsAsync(string id, bool follow = false, CancellationToken cancellationToken = default)
    {
        var container = await InspectAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new DockerNotFoundException($"No such container: {id}.");
        var operation = $"reading the logs of container {Short(id)}";
        var response = await transport.SendAsync(
            HttpMethod.Get,
            $"/containers/{id}/logs?stdout=1&stderr=1&follow={(follow ? "1" : "0")}",
            null,
            operation,
            cancellationToken,
            notFound: NotFound(id),
            streamResponse: true).ConfigureAwait(false);
        return await OpenOutputAsync(transport, response, container.Config.Tty, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContainerInspect?> InspectAsync(string id, CancellationToken cancellationToken = default)
    {
        JsonNode? json;
        try
        {
            json = await transport.SendJsonAsync(HttpMethod.Get, $"/containers/{id}/json", null, $"inspecting container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }

        var state = json?["State"];
        var config = json?["Config"];
        var hostConfig = json?["HostConfig"];
        return new ContainerInspect(
            Json.String(json, "Id"),
            Json.String(json, "Name").TrimStart('/'),
            Json.String(json, "Image"),
            new ContainerState(
                Json.String(state, "Status"),
                Json.Bool(state, "Running"),
                Json.Long(state, "ExitCode"),
                Json.Bool(state, "OOMKilled"),
                (int)Json.Long(state, "Pid"),
                Json.String(state, "Error")),
            new ContainerConfigInfo(
                Json.String(config, "Image"),
                Json.String(config, "User"),
                Json.String(config, "WorkingDir"),
                Json.Strings(config, "Entrypoint"),
                Json.Strings(config, "Cmd"),
                Json.Strings(config, "Env"),
                Json.Map(config, "Labels"),
                Json.Bool(config, "Tty")),
            new ContainerHostConfigInfo(
                Json.String(hostConfig, "NetworkMode"),
                Json.Strings(hostConfig, "CapDrop"),
                Json.Strings(hostConfig, "CapAdd"),
                Json.Strings(hostConfig, "SecurityOpt"),
                Json.Long(hostConfig, "Memory"),
                Json.Long(hostConfig, "MemorySwap"),
                Json.Long(hostConfig, "NanoCpus"),
                Json.Long(hostConfig, "PidsLimit"),
                Json.Bool(hostConfig, "ReadonlyRootfs"),
                Json.Bool(hostConfig, "Privileged")),
            json?["Mounts"] is JsonArray mounts
                ? [.. mounts.Select(mount => new ContainerMountInfo(
                    Json.String(mount, "Type"),
                    Json.StringOrNull(mount, "Name"),
                    Json.String(mount, "Source"),
                    Json.String(mount, "Destination"),
                    Json.Bool(mount, "RW")))]
                : []);
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, bool all = true, CancellationToken cancellationToken = default)
    {
        var query = $"/containers/json?all={(all ? "1" : "0")}&" + Json.LabelFilter(labels);
        var json = await transport.SendJsonAsync(HttpMethod.Get, query, null, "listing containers", cancellationToken).ConfigureAwait(false);
        return json is JsonArray array
            ? [.. array.Select(container => new ContainerSummary(
                Json.String(container, "Id"),
                [.. Json.Strings(container, "Names").Select(name => name.TrimStart('/'))],
                Json.String(container, "Image"),
                Json.String(container, "State"),
                Json.String(container, "Status"),
                Json.Map(container, "Labels")))]
            : [];
    }

    public async Task PutArchiveAsync(string id, string path, Stream tar, CancellationToken cancellationToken = default)
    {
        using var content = new StreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await transport.SendAsync(
            HttpMethod.Put,
            $"/containers/{id}/archive?path={Uri.EscapeDataString(path)}",
            content,
            $"copying files into container {Short(id)} at {path}",
            cancellationToken,
            notFound: message => new DockerNotFoundException($"Cannot copy into container {Short(id)} at {path}: {message}.")).ConfigureAwait(false);
    }

    public async Task<Stream> GetArchiveAsync(string id, string path, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(
            HttpMethod.Get,
            $"/containers/{id}/archive?path={Uri.EscapeDataString(path)}",
            null,
            $"copying {path} out of container {Short(id)}",
            cancellationToken,
            notFound: message => new DockerNotFoundException($"Cannot copy {path} out of container {Short(id)}: {message}."),
            streamResponse: true).ConfigureAwait(false);
        return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
    }

    internal static async Task<MultiplexedStream> OpenOutputAsync(
        DockerTransport transport,
        HttpResponseMessage response,
        bool tty,
        string operation,
        CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new MultiplexedStream(body, multiplexed: !tty, e => transport.TranslateStreamError(e, operation), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    internal static string Short(string id) => id.Length > 12 && !id.Contains(':', StringComparison.Ordinal) ? id[..12] : id;

    private static Func<string, DockerException> NotFound(string id) =>
        message => new DockerNotFoundException($"Container {Short(id)} does not exist ({message}); it may have been removed by a cleanup.");

    /// <summary>A response body that also disposes its response.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
