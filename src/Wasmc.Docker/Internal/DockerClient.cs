using Engine = Docker.DotNet;

namespace Wasmc.Docker.Internal;

/// <summary><see cref="IDockerClient"/> over one Docker.DotNet client, which speaks <see cref="ApiVersion"/> in every path.</summary>
internal sealed class DockerClient : IDockerClient
{
    private readonly Engine.DockerClient _engine;

    public DockerClient(Engine.DockerClient engine, DockerEndpoint endpoint, string apiVersion, string engineApiVersion)
    {
        _engine = engine;
        Endpoint = endpoint;
        ApiVersion = apiVersion;
        var errors = new EngineErrors(endpoint);
        System = new SystemOperations(engine, errors, engineApiVersion);
        Images = new ImageOperations(engine, errors);
        Containers = new ContainerOperations(engine, errors);
        Exec = new ExecOperations(engine, errors);
        Volumes = new VolumeOperations(engine, errors);
    }

    public DockerEndpoint Endpoint { get; }

    public string ApiVersion { get; }

    public IDockerSystemOperations System { get; }

    public IDockerImageOperations Images { get; }

    public IDockerContainerOperations Containers { get; }

    public IDockerExecOperations Exec { get; }

    public IDockerVolumeOperations Volumes { get; }

    public void Dispose() => _engine.Dispose();
}
