using System.Diagnostics;
using Wasmc.Containers.DevContainers;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Running;

/// <summary>Options of <see cref="DockerToolchainRunner"/>.</summary>
public sealed record DockerRunnerOptions
{
    /// <summary><c>uid:gid</c> steps run as; null = the current host user (Linux) or the image's user (elsewhere).</summary>
    public string? User { get; init; }

    /// <summary>Remove containers of dead sessions before the first step.</summary>
    public bool CleanUpLeftovers { get; init; } = true;

    /// <summary>
    /// Docker-outside-of-docker: maps every bind source to the engine host's path just before a container is created
    /// (null = sources as they are). See <see cref="Workplace.PathTranslator"/>.
    /// </summary>
    public HostPathTranslator? BindSources { get; init; }
}

/// <summary>
/// Runs steps in hardened toolchain containers. The first step for a (bundle, toolchain, mounts,
/// limits) combination starts a warm container that idles; every step then execs into it, which
/// costs far less than a container per step. Containers are leased to one step at a time, so a
/// step that times out or is cancelled is stopped by removing its container without touching others.
/// Disposing the runner removes every container of the session.
/// </summary>
public sealed class DockerToolchainRunner : IToolchainRunner
{
    private readonly IDockerClient _docker;
    private readonly DockerRunnerOptions _options;
    private readonly string? _user;
    private readonly List<WarmContainer> _containers = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly HashSet<string> _preparedVolumes = new(StringComparer.Ordinal);
    private int _sequence;
    private bool _leftoversChecked;
    private bool _disposed;

    public DockerToolchainRunner(IDockerClient docker, DockerRunnerOptions? options = null)
    {
        _docker = docker ?? throw new ArgumentNullException(nameof(docker));
        _options = options ?? new DockerRunnerOptions();
        _user = _options.User ?? HostIdentity.UserAndGroup;
    }

    /// <summary>This session's id, the value of the <c>wasmc.session</c> label on its containers.</summary>
    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    public string Kind => "docker";

    /// <summary>Ids of the containers the session holds right now (for tests and diagnostics).</summary>
    public IReadOnlyList<string> ContainerIds
    {
        get
        {
            lock (_containers)
            {
                return [.. _containers.Select(container => container.Id)];
            }
        }
    }

    public async Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var step = request.Step;
        var label = $"[{request.ComponentName}] step \"{step.Description}\"";
        if (step.Argv.Count == 0)
        {
            throw new ToolchainRunException($"{label} has an empty argv (check the plugin's plan).");
        }

        WarmContainer? container = null;
        var lines = new List<StepOutputLine>();
        var mapper = MapperFor(request);
        try
        {
            container = await LeaseContainerAsync(request, cancellationToken).ConfigureAwait(false);
            var stopwatch = Stopwatch.StartNew();
            using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeLimit.CancelAfter(request.Limits.TimeLimit);
            try
            {
                var exitCode = await ExecAsync(container, request, mapper, lines, output, label, timeLimit.Token).ConfigureAwait(false);
                if (!request.FreshContainer)
                {
                    Release(container);
                }

                return new StepResult(exitCode, lines, stopwatch.Elapsed);
            }
            catch (OperationCanceledException) when (timeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new StepTimeLimitExceededException(request.ComponentName, step.Description, request.Limits.TimeLimit, lines);
            }
        }
        catch (DockerException e)
        {
            throw new ToolchainRunException($"{label} could not run in Docker: {e.Message}", e);
        }
        finally
        {
            // A container is handed back only after a clean run; any failure leaves a process of
            // unknown state inside it, so it goes. So does a fresh container, after its one step.
            if (container is not null && !container.Released)
            {
                await DiscardAsync(container).ConfigureAwait(false);
            }
        }
    }

    private static ContainerPathMapper MapperFor(StepRunRequest request)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [request.Paths.Workspace] = Path.GetFullPath(request.Folders.Workspace),
            [request.Paths.Output] = Path.GetFullPath(request.Folders.Output),
            [request.Paths.Scratch] = Path.GetFullPath(request.Folders.Scratch),
        };
        foreach (var mount in request.Step.Mounts.Where(mount => mount.Kind == MountKind.WorkspaceFolder))
        {
            pairs[mount.Target] = Path.GetFullPath(Path.Combine(request.Folders.Workspace, mount.Source));
        }

        return new ContainerPathMapper(pairs);
    }

    private async Task<int> ExecAsync(
        WarmContainer container,
        StepRunRequest request,
        ContainerPathMapper mapper,
        List<StepOutputLine> lines,
        IStepOutputSink? output,
        string label,
        CancellationToken cancellationToken)
    {
        var execId = await _docker.Exec.CreateAsync(container.Id, ToolchainContainerSpecs.StepExec(request.Step, _user), cancellationToken).ConfigureAwait(false);
        var splitter = new OutputLineSplitter((isError, text) =>
        {
            var line = new StepOutputLine(request.ComponentName, isError, mapper.Map(text));
            lines.Add(line);
            output?.OnLine(line);
        });

        var stream = await _docker.Exec.StartAsync(execId, tty: false, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (await stream.ReadAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            {
                splitter.Write(chunk.Stream == OutputStreamKind.StandardError, chunk.Data.Span);
            }
        }

        // The output ends when the process does, but the engine may record the exit code a moment later.
        for (var attempt = 0; ; attempt++)
        {
            var exec = await _docker.Exec.InspectAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!exec.Running && exec.ExitCode is { } exitCode)
            {
                splitter.Flush();
                return (int)exitCode;
            }

            if (attempt == 100)
            {
                throw new DockerConnectionLostException(_docker.Endpoint, $"reading the output of {label} (the output ended while the step was still running)");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WarmContainer> LeaseContainerAsync(StepRunRequest request, CancellationToken cancellationToken)
    {
        var mounts = ToolchainContainerSpecs.MountsFor(request);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reusable = request.FreshContainer ? null : _containers.FirstOrDefault(container => !container.Busy && container.CanRun(request, mounts));
            if (reusable is not null)
            {
                reusable.Busy = true;
                reusable.Released = false;
                return reusable;
            }

            return await CreateWarmContainerAsync(request, mounts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Optional: starts the warm containers a build will need before its first step, one per
    /// (image, toolchain, folders, limits), each with the union of the mounts of its steps, so a
    /// step that needs one more cache mount than the previous one does not get a second container.
    /// Steps whose mounts conflict (two sources on one target) are left to <see cref="RunAsync"/>.
    /// </summary>
    public async Task PrepareAsync(IEnumerable<StepRunRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var groups = requests.GroupBy(request => (
            request.Image,
            request.BundleName,
            request.Step.Toolchain,
            Limits: request.Limits with { TimeLimit = TimeSpan.Zero },
            request.Folders,
            request.Paths));
        foreach (var group in groups)
        {
            var mounts = group.SelectMany(ToolchainContainerSpecs.MountsFor).Distinct().ToList();
            if (mounts.GroupBy(mount => mount.Target.TrimEnd('/'), StringComparer.Ordinal).Any(target => target.Count() > 1))
            {
                continue;
            }

            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_containers.Any(container => container.CanRun(group.First(), mounts)))
                {
                    continue;
                }

                var container = await CreateWarmContainerAsync(group.First(), mounts, cancellationToken).ConfigureAwait(false);
                Release(container);
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>Creates and starts a warm container, leased to the caller. Call with the lock held.</summary>
    private async Task<WarmContainer> CreateWarmContainerAsync(StepRunRequest request, IReadOnlyList<MountSpec> mounts, CancellationToken cancellationToken)
    {
        if (_options.CleanUpLeftovers && !_leftoversChecked)
        {
            _leftoversChecked = true;
            await ToolchainContainerCleanup.RemoveLeftoversAsync(_docker, cancellationToken).ConfigureAwait(false);
        }

        if (await _docker.Images.InspectAsync(request.Image, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ToolchainImageMissingException(request.Image, request.BundleName, request.Step.Toolchain);
        }

        WorkspacePaths.CreateFolder(request.Folders.Workspace, request.Folders.Output);
        WorkspacePaths.CreateFolder(request.Folders.Workspace, request.Folders.Scratch);
        foreach (var volume in mounts.Where(mount => mount.Type == MountType.Volume))
        {
            await PrepareCacheVolumeAsync(request, volume.Source, cancellationToken).ConfigureAwait(false);
        }

        var name = ToolchainContainerSpecs.ContainerName(request.BundleName, request.Step.Toolchain, SessionId, ++_sequence);
        var spec = ToolchainContainerSpecs.WarmContainer(request, _options.BindSources?.TranslateBinds(mounts) ?? mounts, SessionId, _user, name);
        var created = new WarmContainer(await CreateContainerAsync(spec, request, cancellationToken).ConfigureAwait(false), request, mounts) { Busy = true };
        lock (_containers)
        {
            _containers.Add(created);
        }

        try
        {
            await _docker.Containers.StartAsync(created.Id, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardAsync(created).ConfigureAwait(false);
            throw;
        }

        return created;
    }

    private async Task<string> CreateContainerAsync(ContainerSpec spec, StepRunRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _docker.Containers.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            throw new ToolchainImageMissingException(request.Image, request.BundleName, request.Step.Toolchain);
        }
    }

    /// <summary>New volumes belong to root; a step running as the host user could not write its cache.</summary>
    private async Task PrepareCacheVolumeAsync(StepRunRequest request, string volumeName, CancellationToken cancellationToken)
    {
        if (!_preparedVolumes.Add(volumeName))
        {
            return;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WasmcLabels.Managed] = "true",
            [WasmcLabels.Bundle] = request.BundleName,
            [WasmcLabels.Owner] = _user ?? "",
        };
        var existing = await _docker.Volumes.ListAsync(new Dictionary<string, string?> { [WasmcLabels.Managed] = "true" }, cancellationToken).ConfigureAwait(false);
        var volume = existing.FirstOrDefault(volume => volume.Name == volumeName)
            ?? await _docker.Volumes.CreateAsync(volumeName, labels, cancellationToken).ConfigureAwait(false);
        if (_user is null || _user.StartsWith("0:", StringComparison.Ordinal))
        {
            return;
        }

        if (existing.Any(volume => volume.Name == volumeName) && volume.Labels.GetValueOrDefault(WasmcLabels.Owner) == _user)
        {
            return;
        }

        var fix = ToolchainContainerSpecs.CacheVolumeOwnerFix(request.Image, volumeName, _user, SessionId, ToolchainContainerSpecs.Labels(SessionId, request));
        var id = await _docker.Containers.CreateAsync(fix, cancellationToken).ConfigureAwait(false);
        try
        {
            await _docker.Containers.StartAsync(id, cancellationToken).ConfigureAwait(false);
            var exitCode = await _docker.Containers.WaitAsync(id, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new ToolchainRunException($"Could not give the cache volume {volumeName} to user {_user} (chown exited with {exitCode}).");
            }
        }
        finally
        {
            await _docker.Containers.RemoveAsync(id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void Release(WarmContainer container)
    {
        container.Released = true;
        container.Busy = false;
    }

    private async Task DiscardAsync(WarmContainer container)
    {
        lock (_containers)
        {
            _containers.Remove(container);
        }

        try
        {
            // Cleanup must happen even when the step was cancelled, so it ignores the step's token.
            await _docker.Containers.RemoveAsync(container.Id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerException)
        {
            // The engine is gone; the labels let the next session's cleanup find the container.
        }
    }

    /// <summary>Kills and removes every container of the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        WarmContainer[] containers;
        lock (_containers)
        {
            containers = [.. _containers];
        }

        await Task.WhenAll(containers.Select(DiscardAsync)).ConfigureAwait(false);
        _lock.Dispose();
    }

    private sealed class WarmContainer(string id, StepRunRequest creator, IReadOnlyList<MountSpec> mounts)
    {
        public string Id { get; } = id;

        public bool Busy { get; set; }

        public bool Released { get; set; }

        /// <summary>Same image and limits, and every mount the step needs is already there.</summary>
        public bool CanRun(StepRunRequest request, IReadOnlyList<MountSpec> needed) =>
            request.Image == creator.Image
            && request.BundleName == creator.BundleName
            && request.Step.Toolchain == creator.Step.Toolchain
            && request.Limits with { TimeLimit = TimeSpan.Zero } == creator.Limits with { TimeLimit = TimeSpan.Zero }
            && needed.All(mounts.Contains);
    }
}
