using System.Text.Json.Nodes;
using Engine = Docker.DotNet;

namespace Wasmc.Docker;

/// <summary>
/// Finds the engine the way the docker CLI does, first match wins:
/// <c>DOCKER_HOST</c>; the current docker context (<c>DOCKER_CONTEXT</c> or <c>currentContext</c> in
/// <c>~/.docker/config.json</c>); the rootless socket <c>$XDG_RUNTIME_DIR/docker.sock</c>;
/// <c>/var/run/docker.sock</c> (on Windows the <c>docker_engine</c> named pipe, untested).
/// </summary>
public static class DockerEndpointDiscovery
{
    /// <summary>The endpoint to use in this process's environment.</summary>
    public static DockerEndpoint Find() => Find(DockerEnvironment.Current);

    internal static DockerEndpoint Find(DockerEnvironment environment) =>
        FromDockerHost(environment)
        ?? FromDockerContext(environment)
        ?? FromRootlessSocket(environment)
        ?? Default(environment);

    internal static DockerEndpoint? FromDockerHost(DockerEnvironment environment)
    {
        var host = environment.GetVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var tls = environment.GetVariable("DOCKER_TLS_VERIFY") is { Length: > 0 } verify && verify != "0"
            ? environment.GetVariable("DOCKER_CERT_PATH") ?? ConfigDirectory(environment)
            : null;
        return new DockerEndpoint(ParseAddress(host, "DOCKER_HOST"), "DOCKER_HOST", tls);
    }

    internal static DockerEndpoint? FromDockerContext(DockerEnvironment environment)
    {
        var configDirectory = ConfigDirectory(environment);
        var name = environment.GetVariable("DOCKER_CONTEXT");
        if (string.IsNullOrWhiteSpace(name))
        {
            var configFile = Path.Combine(configDirectory, "config.json");
            if (environment.ReadFile(configFile) is not { } configText)
            {
                return null;
            }

            name = ParseJson(configText, configFile)?["currentContext"]?.GetValue<string>();
        }

        if (string.IsNullOrWhiteSpace(name) || name == "default")
        {
            return null;
        }

        // Docker.DotNet reads the context's endpoint (contexts/meta/<sha256 of the name>/meta.json, as the docker CLI writes it).
        Uri address;
        try
        {
            address = new Engine.DockerConfig(new CliSettings(environment)).GetEndpoint(name);
        }
        catch (Engine.DockerConfigurationException e)
        {
            throw new DockerException(
                $"The current docker context \"{name}\" cannot be used: {e.Message} " +
                "Run `docker context use default` or `docker context ls` to pick an existing context.",
                e);
        }

        return new DockerEndpoint(ParseAddress(address.OriginalString, $"docker context \"{name}\""), $"docker context \"{name}\"");
    }

    internal static DockerEndpoint? FromRootlessSocket(DockerEnvironment environment)
    {
        if (environment.IsWindows || environment.GetVariable("XDG_RUNTIME_DIR") is not { Length: > 0 } runtimeDirectory)
        {
            return null;
        }

        var socket = Path.Combine(runtimeDirectory, "docker.sock");
        return environment.FileExists(socket)
            ? new DockerEndpoint(new Uri("unix://" + socket), "rootless socket $XDG_RUNTIME_DIR/docker.sock")
            : null;
    }

    internal static DockerEndpoint Default(DockerEnvironment environment) => environment.IsWindows
        ? new DockerEndpoint(new Uri("npipe://./pipe/docker_engine"), "default named pipe")
        : DockerEndpoint.DefaultUnixSocket;

    private static string ConfigDirectory(DockerEnvironment environment) =>
        environment.GetVariable("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.HomeDirectory, ".docker");

    private static Uri ParseAddress(string address, string source)
    {
        // The docker CLI writes npipe:////./pipe/NAME; Docker.DotNet wants npipe://./pipe/NAME.
        address = address.Replace("npipe:////./", "npipe://./", StringComparison.OrdinalIgnoreCase);
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "unix" or "tcp" or "npipe" or "http" or "https")
        {
            return uri;
        }

        var why = uri?.Scheme switch
        {
            "ssh" => " (ssh:// endpoints are not supported: forward the socket with `ssh -NL /tmp/docker.sock:/var/run/docker.sock HOST` and use unix:///tmp/docker.sock)",
            { Length: > 0 } scheme => $" (wasmc does not know the scheme {scheme}://)",
            _ => "",
        };
        throw new DockerException(
            $"{source} is \"{address}\", which is not a Docker address{why}. " +
            "Use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/docker_engine.");
    }

    /// <summary>Docker.DotNet's view of the docker CLI settings, from the same environment as the rest of discovery.</summary>
    private sealed class CliSettings(DockerEnvironment environment) : Engine.IDockerCliSettings
    {
        public string? DockerConfig => ConfigDirectory(environment);

        // DOCKER_HOST is handled before contexts are looked at.
        public string? DockerHost => null;

        public string? DockerTlsVerify => environment.GetVariable("DOCKER_TLS_VERIFY");

        public string? DockerContext => environment.GetVariable("DOCKER_CONTEXT");
    }

    private static JsonNode? ParseJson(string text, string file)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DockerException($"{file}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: invalid JSON: {e.Message}", e);
        }
    }
}

/// <summary>What endpoint discovery looks at, replaceable in tests.</summary>
internal sealed record DockerEnvironment(
    Func<string, string?> GetVariable,
    string HomeDirectory,
    Func<string, string?> ReadFile,
    Func<string, bool> FileExists,
    bool IsWindows)
{
    public static DockerEnvironment Current { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        path => File.Exists(path) ? File.ReadAllText(path) : null,
        path => File.Exists(path) || Directory.Exists(path),
        OperatingSystem.IsWindows());
}
