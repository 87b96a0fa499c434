namespace Wasmc.Docker.Internal;

internal sealed class DockerClient : IDockerClient
{
    private readonly DockerTransport _transport;

    public DockerClient(DockerTransport transport, string apiVersion)
    {
        _transport = transport;
        ApiVersion = apiVersion;
        transport.VersionPrefix = "/v" + apiVersion;
        System = new SystemOperations(transport);
        Images = new ImageOperations(transport);
        Containers = new ContainerOperations(transport);
        Exec = new ExecOperations(transport);
        Volumes = new VolumeOperations(transport);
    }

    public DockerEndpoint Endpoint => _transport.Endpoint;

    public string ApiVersion { get; }

    public IDockerSystemOperations System { get; }

    public IDockerImageOperations Images { get; }

    public IDockerContainerOperations Containers { get; }

    public IDockerExecOperations Exec { get; }

    public IDockerVolumeOperations Volumes { get; }

    public void Dispose() => _transport.Dispose();
}
