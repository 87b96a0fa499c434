using Engine = Docker.DotNet;
using Models = Docker.DotNet.Models;

namespace Wasmc.Docker.Internal;

internal sealed class ExecOperations(Engine.IDockerClient engine, EngineErrors errors) : IDockerExecOperations
{
    public async Task<string> CreateAsync(string containerId, ExecSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new Models.ContainerExecCreateParameters
        {
            AttachStdin = false,
            AttachStdout = true,
            AttachStderr = true,
            TTY = spec.Tty,
            Cmd = [.. spec.Cmd],
            Env = [.. spec.Environment.Select(pair => $"{pair.Key}={pair.Value}")],
            WorkingDir = spec.WorkingDirectory ?? "",
            User = spec.User ?? "",
        };
        var created = await errors.CallAsync(
            $"starting `{string.Join(' ', spec.Cmd)}` in container {ContainerOperations.Short(containerId)}",
            () => engine.Exec.CreateContainerExecAsync(containerId, parameters, cancellationToken),
            cancellationToken,
            message => new DockerNotFoundException($"Container {ContainerOperations.Short(containerId)} does not exist ({message}).")).ConfigureAwait(false);
        return created.ID;
    }

    public async Task<MultiplexedStream> StartAsync(string execId, bool tty = false, CancellationToken cancellationToken = default)
    {
        var operation = $"running exec {ContainerOperations.Short(execId)}";
        var stream = await errors.CallAsync(
            operation,
            () => engine.Exec.StartContainerExecAsync(execId, new Models.ContainerExecStartParameters { Detach = false, TTY = tty }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return new MultiplexedStream(stream, e => errors.StreamError(e, operation));
    }

    public async Task<ExecInspect> InspectAsync(string execId, CancellationToken cancellationToken = default)
    {
        var exec = await errors.CallAsync(
            $"inspecting exec {ContainerOperations.Short(execId)}",
            () => engine.Exec.InspectContainerExecAsync(execId, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return new ExecInspect(exec.ID, exec.Running, exec.ExitCode, (int)exec.Pid, exec.ContainerID);
    }
}
