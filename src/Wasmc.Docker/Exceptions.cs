using System.Net;

namespace Wasmc.Docker;

/// <summary>Base of every error this client raises; the message says what to do.</summary>
public class DockerException : Exception
{
    public DockerException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>Nothing answers at the endpoint (daemon stopped, wrong <c>DOCKER_HOST</c>), or the connection was lost.</summary>
public class DockerUnreachableException : DockerException
{
    public DockerUnreachableException(DockerEndpoint endpoint, string message, Exception? innerException = null)
        : base(message, innerException) => Endpoint = endpoint;

    public DockerEndpoint Endpoint { get; }

    internal static DockerUnreachableException NotRunning(DockerEndpoint endpoint, Exception? inner) => new(
        endpoint,
        $"Docker is not reachable at {endpoint.Uri} (from {endpoint.Source}). " +
        "Start it (e.g. `dockerd --bridge=none --iptables=false`) or set DOCKER_HOST to a running engine.",
        inner);
}

/// <summary>The engine stopped answering in the middle of an operation (daemon died or restarted).</summary>
public sealed class DockerConnectionLostException : DockerUnreachableException
{
    public DockerConnectionLostException(DockerEndpoint endpoint, string operation, Exception? innerException = null)
        : base(
            endpoint,
            $"The connection to Docker at {endpoint.Uri} was lost while {operation}. " +
            "The daemon may have stopped or restarted; check `docker info` and run the command again.",
            innerException) => Operation = operation;

    public string Operation { get; }
}

/// <summary>The socket exists but this user may not open it (EACCES).</summary>
public sealed class DockerPermissionDeniedException : DockerException
{
    public DockerPermissionDeniedException(DockerEndpoint endpoint, Exception? innerException = null)
        : base(
            $"Permission denied on the Docker socket {endpoint.Uri} (from {endpoint.Source}). " +
            "Add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log in again), " +
            "use rootless Docker, or point DOCKER_HOST at an engine you may use.",
            innerException) => Endpoint = endpoint;

    public DockerEndpoint Endpoint { get; }
}

/// <summary>The engine answered with an error status, or reported an error inside a streamed response.</summary>
public class DockerApiException : DockerException
{
    public DockerApiException(HttpStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>HTTP status; <c>200</c> when the error arrived in the middle of a stream (build, pull).</summary>
    public HttpStatusCode StatusCode { get; }
}

/// <summary>A container, exec instance, volume or image does not exist (404).</summary>
public class DockerNotFoundException : DockerApiException
{
    public DockerNotFoundException(string message, Exception? innerException = null)
        : base(HttpStatusCode.NotFound, message, innerException) { }
}

/// <summary>An image is not present locally (and was not pulled).</summary>
public sealed class DockerImageNotFoundException : DockerNotFoundException
{
    public DockerImageNotFoundException(string image, string message) : base(message) => Image = image;

    public string Image { get; }
}

/// <summary>The request conflicts with the current state (409): name in use, container running, image in use.</summary>
public sealed class DockerConflictException : DockerApiException
{
    public DockerConflictException(string message) : base(HttpStatusCode.Conflict, message) { }
}
