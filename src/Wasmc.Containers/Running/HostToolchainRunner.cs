using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Running;

/// <summary>
/// Runs steps directly on the host, with the tools found on PATH: for machines where the
/// bundle's tools are already installed (a dev container built from the bundle image). No
/// isolation and no memory or CPU limits; the time limit and cancellation still apply.
/// Container paths in argv, working directory and environment are rewritten to the host folders
/// (nothing changes when the caller already passes host paths as <see cref="ContainerPaths"/>);
/// cache mounts become folders under <see cref="CacheRoot"/>.
/// </summary>
public sealed class HostToolchainRunner : IToolchainRunner
{
    private readonly HashSet<Process> _running = [];

    /// <param name="cacheRoot">Where cache mounts live on the host; default <see cref="WasmcUserCache.Folder"/>.</param>
    public HostToolchainRunner(string? cacheRoot = null) =>
        CacheRoot = cacheRoot ?? WasmcUserCache.Folder;

    public string CacheRoot { get; }

    public string Kind => "host";

    public async Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var step = request.Step;
        var label = $"[{request.ComponentName}] step \"{step.Description}\"";
        if (step.Argv.Count == 0)
        {
            throw new ToolchainRunException($"{label} has an empty argv (check the plugin's plan).");
        }

        var toHost = new ContainerPathMapper(HostPathsFor(request));
        WorkspacePaths.CreateFolder(request.Folders.Workspace, request.Folders.Output);
        WorkspacePaths.CreateFolder(request.Folders.Workspace, request.Folders.Scratch);

        var startInfo = new ProcessStartInfo(toHost.Map(step.Argv[0]))
        {
            WorkingDirectory = toHost.Map(step.WorkingDirectory),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in step.Argv.Skip(1))
        {
            startInfo.ArgumentList.Add(toHost.Map(argument));
        }

        foreach (var (name, value) in step.Environment)
        {
            startInfo.Environment[name] = toHost.Map(value);
        }

        var lines = new List<StepOutputLine>();
        void OnLine(string? text, bool isError)
        {
            if (text is null)
            {
                return;
            }

            var line = new StepOutputLine(request.ComponentName, isError, text);
            lock (lines)
            {
                lines.Add(line);
                output?.OnLine(line);
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolchainRunException(
                $"{label} could not start `{startInfo.FileName}` on the host: {e.Message}. " +
                "The host runner needs the bundle's tools on PATH; use the Docker runner otherwise.",
                e);
        }

        lock (_running)
        {
            _running.Add(process);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(request.Limits.TimeLimit);
        try
        {
            await process.WaitForExitAsync(timeLimit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new StepTimeLimitExceededException(request.ComponentName, step.Description, request.Limits.TimeLimit, Snapshot(lines));
        }
        finally
        {
            lock (_running)
            {
                _running.Remove(process);
            }
        }

        return new StepResult(process.ExitCode, Snapshot(lines), stopwatch.Elapsed);
    }

    /// <summary>Container path to host path, for argv, environment and output.</summary>
    private Dictionary<string, string> HostPathsFor(StepRunRequest request)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [request.Paths.Workspace] = Path.GetFullPath(request.Folders.Workspace),
            [request.Paths.Output] = Path.GetFullPath(request.Folders.Output),
            [request.Paths.Scratch] = Path.GetFullPath(request.Folders.Scratch),
        };
        foreach (var mount in request.Step.Mounts)
        {
            var hostPath = mount.Kind == MountKind.Cache
                ? Path.Combine(CacheRoot, request.BundleName, ToolchainContainerSpecs.WorkspaceKey(request.Folders.Workspace), mount.Source)
                : Path.GetFullPath(Path.Combine(request.Folders.Workspace, mount.Source));
            Directory.CreateDirectory(hostPath);
            pairs[mount.Target] = hostPath;
        }

        return pairs;
    }

    private static List<StepOutputLine> Snapshot(List<StepOutputLine> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Kills whatever steps still run.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_running)
        {
            foreach (var process in _running)
            {
                Kill(process);
            }

            _running.Clear();
        }

        return ValueTask.CompletedTask;
    }
}
