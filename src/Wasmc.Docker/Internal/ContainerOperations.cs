using Engine = Docker.DotNet;
using Models = Docker.DotNet.Models;

namespace Wasmc.Docker.Internal;

internal sealed class ContainerOperations(Engine.IDockerClient engine, EngineErrors errors) : IDockerContainerOperations
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = CreateParameters(spec);
        var created = await errors.CallAsync(
            $"creating a container from {spec.Image}",
            () => engine.Containers.CreateContainerAsync(parameters, cancellationToken),
            cancellationToken,
            message => new DockerImageNotFoundException(spec.Image, $"The image {spec.Image} is not present locally ({message}).")).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary>The body (and name) of <c>POST /containers/create</c>.</summary>
    internal static Models.CreateContainerParameters CreateParameters(ContainerSpec spec) => new()
    {
        Name = spec.Name,
        Image = spec.Image,
        Env = [.. spec.Environment.Select(pair => $"{pair.Key}={pair.Value}")],
        Labels = new Dictionary<string, string>(spec.Labels),
        Tty = spec.Tty,
        AttachStdout = true,
        AttachStderr = true,
        OpenStdin = false,
        NetworkDisabled = spec.NetworkMode == "none",

        // Null leaves the field out of the JSON (the image's value applies); an empty list clears it.
        Entrypoint = spec.Entrypoint is { } entrypoint ? [.. entrypoint] : null!,
        Cmd = spec.Cmd is { } cmd ? [.. cmd] : null!,
        WorkingDir = spec.WorkingDirectory ?? "",
        User = spec.User ?? "",
        HostConfig = new Models.HostConfig
        {
            Mounts = [.. spec.Mounts.Select(mount => new Models.Mount
            {
                Type = mount.Type.ToString().ToLowerInvariant(),
                Source = mount.Type == MountType.Tmpfs ? null : mount.Source,
                Target = mount.Target,
                ReadOnly = mount.ReadOnly,
            })],
            CapDrop = [.. spec.CapDrop],
            CapAdd = [.. spec.CapAdd],
            SecurityOpt = [.. spec.SecurityOpt],
            Memory = spec.MemoryBytes,
            MemorySwap = spec.MemorySwapBytes,
            NanoCPUs = spec.NanoCpus,
            PidsLimit = spec.PidsLimit,
            ReadonlyRootfs = spec.ReadonlyRootfs,
            Tmpfs = spec.Tmpfs.Count == 0 ? null! : new Dictionary<string, string>(spec.Tmpfs, StringComparer.Ordinal),
            Init = spec.Init,
            AutoRemove = spec.AutoRemove,
            NetworkMode = spec.NetworkMode ?? "",
        },
    };

    public Task StartAsync(string id, CancellationToken cancellationToken = default) =>
        errors.CallAsync(
            $"starting container {Short(id)}",
            () => engine.Containers.StartContainerAsync(id, new Models.ContainerStartParameters(), cancellationToken),
            cancellationToken,
            NotFound(id));

    public async Task<MultiplexedStream> AttachAsync(string id, bool tty, CancellationToken cancellationToken = default)
    {
        // Docker.DotNet reads the container's TTY setting itself (one inspect) to know whether the output is framed.
        var operation = $"reading the output of container {Short(id)}";
        var stream = await errors.CallAsync(
            operation,
            () => engine.Containers.AttachContainerAsync(id, new Models.ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken),
            cancellationToken,
            NotFound(id)).ConfigureAwait(false);
        return new MultiplexedStream(stream, e => errors.StreamError(e, operation));
    }

    public async Task<long> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await errors.CallAsync(
            $"waiting for container {Short(id)}",
            () => engine.Containers.WaitContainerAsync(id, cancellationToken),
            cancellationToken,
            NotFound(id)).ConfigureAwait(false);
        return response.StatusCode;
    }

    public async Task KillAsync(string id, string signal = "SIGKILL", CancellationToken cancellationToken = default)
    {
        try
        {
            await errors.CallAsync(
                $"killing container {Short(id)}",
                () => engine.Containers.KillContainerAsync(id, new Models.ContainerKillParameters { Signal = signal }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
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
            await errors.CallAsync(
                $"removing container {Short(id)}",
                () => engine.Containers.RemoveContainerAsync(id, new Models.ContainerRemoveParameters { RemoveVolumes = true, Force = force }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
        }
        catch (DockerConflictException e) when (e.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            // Another process (a concurrent wasmc's leftover sweep) is removing it; callers rely on it being gone on return.
            await WaitUntilGoneAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitUntilGoneAsync(string id, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RemovalWait);
        try
        {
            while (await InspectAsync(id, deadline.Token).ConfigureAwait(false) is not null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerConflictException($"Docker: container {Short(id)} was still being removed after {RemovalWait.TotalSeconds:0} s.");
        }
    }

    private static readonly TimeSpan RemovalWait = TimeSpan.FromSeconds(30);

    public async Task<MultiplexedStream> LogsAsync(string id, bool follow = false, CancellationToken cancellationToken = default)
    {
        var operation = $"reading the logs of container {Short(id)}";
        var stream = await errors.CallAsync(
            operation,
            () => engine.Containers.GetContainerLogsAsync(id, new Models.ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = follow }, cancellationToken),
            cancellationToken,
            message => new DockerNotFoundException($"No such container: {id} ({message}).")).ConfigureAwait(false);
        return new MultiplexedStream(stream, e => errors.StreamError(e, operation));
    }

    public async Task<ContainerInspect?> InspectAsync(string id, CancellationToken cancellationToken = default)
    {
        Models.ContainerInspectResponse container;
        try
        {
            container = await errors.CallAsync(
                $"inspecting container {Short(id)}",
                () => engine.Containers.InspectContainerAsync(id, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }

        var state = container.State ?? new Models.State();
        var config = container.Config ?? new Models.ContainerConfig();
        var host = container.HostConfig ?? new Models.HostConfig();
        return new ContainerInspect(
            container.ID,
            container.Name.TrimStart('/'),
            container.Image,
            new ContainerState(state.Status, state.Running, state.ExitCode, state.OOMKilled, (int)state.Pid, state.Error ?? ""),
            new ContainerConfigInfo(
                config.Image,
                config.User ?? "",
                config.WorkingDir ?? "",
                List(config.Entrypoint),
                List(config.Cmd),
                List(config.Env),
                Map(config.Labels),
                config.Tty),
            new ContainerHostConfigInfo(
                host.NetworkMode ?? "",
                List(host.CapDrop),
                List(host.CapAdd),
                List(host.SecurityOpt),
                host.Memory,
                host.MemorySwap,
                host.NanoCPUs,
                host.PidsLimit ?? 0,
                host.ReadonlyRootfs,
                host.Privileged),
            [.. (container.Mounts ?? []).Select(mount => new ContainerMountInfo(mount.Type ?? "", mount.Name, mount.Source ?? "", mount.Destination ?? "", mount.RW))]);
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string?>? labels = null, bool all = true, CancellationToken cancellationToken = default)
    {
        var containers = await errors.CallAsync(
            "listing containers",
            () => engine.Containers.ListContainersAsync(new Models.ContainersListParameters { All = all, Filters = LabelFilters(labels) }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return [.. containers.Select(container => new ContainerSummary(
            container.ID,
            [.. List(container.Names).Select(name => name.TrimStart('/'))],
            container.Image,
            container.State,
            container.Status,
            Map(container.Labels)))];
    }

    public async Task PutArchiveAsync(string id, string path, Stream tar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        var operation = $"copying files into container {Short(id)} at {path}";
        DockerException NotFoundAt(string message) => new DockerNotFoundException($"Cannot copy into container {Short(id)} at {path}: {message}.");
        Task Upload(Stream body) => engine.Containers.ExtractArchiveToContainerAsync(id, new Models.CopyToContainerParameters { Path = path }, new NonDisposingStream(body), cancellationToken);

        try
        {
            await errors.CallAsync(operation, () => Upload(tar), cancellationToken, NotFoundAt).ConfigureAwait(false);
        }
        catch (DockerConnectionLostException) when (!cancellationToken.IsCancellationRequested)
        {
            // Docker.DotNet sends the whole body before it reads the answer. An engine that rejects the upload
            // (missing path, read-only file system) answers at once and hangs up, so sending the archive fails
            // with a broken pipe and the engine's reason is lost (even a 1 KiB body lost that race about one
            // time in five under load). Ask again with an empty body: the engine checks the path exactly as
            // before, and with nothing to send the answer always arrives. A rejection then comes back with its
            // reason; an acceptance (an empty body extracts nothing) means the connection really broke.
            await errors.CallAsync(operation, () => Upload(Stream.Null), cancellationToken, NotFoundAt).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<Stream> GetArchiveAsync(string id, string path, CancellationToken cancellationToken = default)
    {
        var archive = await errors.CallAsync(
            $"copying {path} out of container {Short(id)}",
            () => engine.Containers.GetArchiveFromContainerAsync(id, new Models.ContainerPathStatParameters { Path = path }, statOnly: false, cancellationToken),
            cancellationToken,
            message => new DockerNotFoundException($"Cannot copy {path} out of container {Short(id)}: {message}.")).ConfigureAwait(false);
        return archive.Stream ?? Stream.Null;
    }

    internal static string Short(string id) => id.Length > 12 && !id.Contains(':', StringComparison.Ordinal) ? id[..12] : id;

    /// <summary>The <c>filters</c> query value for labels: <c>{"label":{"a=b":true,"c":true}}</c>; null when there are none.</summary>
    internal static IDictionary<string, IDictionary<string, bool>>? LabelFilters(IReadOnlyDictionary<string, string?>? labels) =>
        labels is null || labels.Count == 0
            ? null
            : new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(pair => pair.Value is null ? pair.Key : $"{pair.Key}={pair.Value}", _ => true, StringComparer.Ordinal),
            };

    internal static IReadOnlyList<string> List(IList<string>? items) => items is null ? [] : [.. items];

    internal static IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? items) =>
        items is null ? new Dictionary<string, string>() : new Dictionary<string, string>(items, StringComparer.Ordinal);

    private static Func<string, DockerException> NotFound(string id) =>
        message => new DockerNotFoundException($"Container {Short(id)} does not exist ({message}); it may have been removed by a cleanup.");
}
