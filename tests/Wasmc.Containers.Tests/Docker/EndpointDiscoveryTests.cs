using System.Security.Cryptography;
using System.Text;
using Wasmc.Containers.Tests.Support;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Docker;

/// <summary>
/// Endpoint discovery. Docker.DotNet reads a context's meta.json from disk, so the context tests write
/// their files into a temporary home folder; the others use in-memory files.
/// </summary>
public sealed class EndpointDiscoveryTests : IDisposable
{
    private const string Home = "/home/ada";
    private readonly TempFolder _home = new();

    private static DockerEnvironment Environment(
        Dictionary<string, string>? variables = null,
        Dictionary<string, string>? files = null,
        bool isWindows = false)
    {
        variables ??= [];
        files ??= [];
        return new DockerEnvironment(
            name => variables.GetValueOrDefault(name),
            Home,
            path => files.GetValueOrDefault(path),
            files.ContainsKey,
            isWindows);
    }

    /// <summary>An environment whose home is a real folder holding <paramref name="files"/> (paths relative to it).</summary>
    private DockerEnvironment OnDisk(Dictionary<string, string>? variables = null, Dictionary<string, string>? files = null)
    {
        foreach (var (path, text) in files ?? [])
        {
            var full = _home.Combine(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        variables ??= [];
        return new DockerEnvironment(
            name => variables.GetValueOrDefault(name),
            _home.Path,
            path => File.Exists(path) ? File.ReadAllText(path) : null,
            File.Exists,
            IsWindows: false);
    }

    /// <summary>The docker CLI keeps a context in a folder named by the SHA-256 of the context name.</summary>
    private static string ContextMeta(string name, string configFolder = ".docker") =>
        $"{configFolder}/contexts/meta/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))}/meta.json";

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Docker_host_wins_over_everything()
    {
        var endpoint = DockerEndpointDiscovery.Find(Environment(
            new() { ["DOCKER_HOST"] = "unix:///run/custom.sock", ["DOCKER_CONTEXT"] = "remote", ["XDG_RUNTIME_DIR"] = "/run/user/1000" },
            new() { ["/run/user/1000/docker.sock"] = "" }));

        endpoint.Uri.ShouldBe(new Uri("unix:///run/custom.sock"));
        endpoint.Source.ShouldBe("DOCKER_HOST");
        endpoint.TlsCertificatePath.ShouldBeNull();
    }

    [Fact]
    public void Docker_host_over_tcp_with_tls_verification_uses_the_certificate_path()
    {
        var endpoint = DockerEndpointDiscovery.Find(Environment(
            new() { ["DOCKER_HOST"] = "tcp://build-box:2376", ["DOCKER_TLS_VERIFY"] = "1" }));

        endpoint.Uri.Host.ShouldBe("build-box");
        endpoint.Uri.Port.ShouldBe(2376);
        endpoint.TlsCertificatePath.ShouldBe($"{Home}/.docker");
    }

    [Fact]
    public void A_docker_host_that_is_not_an_address_is_reported()
    {
        var error = Should.Throw<DockerException>(() => DockerEndpointDiscovery.Find(Environment(new() { ["DOCKER_HOST"] = "localhost" })));

        error.Message.ShouldContain("DOCKER_HOST is \"localhost\"");
        error.Message.ShouldContain("unix://");
    }

    [Fact]
    public void The_current_context_from_config_json_names_its_endpoint()
    {
        var endpoint = DockerEndpointDiscovery.Find(OnDisk(files: new()
        {
            [".docker/config.json"] = """{ "auths": {}, "currentContext": "colima" }""",
            [ContextMeta("colima")] = """{ "Name": "colima", "Endpoints": { "docker": { "Host": "unix:///home/ada/.colima/default/docker.sock", "SkipTLSVerify": false } } }""",
        }));

        endpoint.Uri.ShouldBe(new Uri("unix:///home/ada/.colima/default/docker.sock"));
        endpoint.Source.ShouldBe("docker context \"colima\"");
    }

    [Fact]
    public void Docker_context_variable_overrides_config_json_and_docker_config_moves_the_folder()
    {
        var endpoint = DockerEndpointDiscovery.Find(OnDisk(
            new() { ["DOCKER_CONTEXT"] = "ci", ["DOCKER_CONFIG"] = _home.Combine("etc", "docker-cli") },
            new()
            {
                ["etc/docker-cli/config.json"] = """{ "currentContext": "other" }""",
                [ContextMeta("ci", "etc/docker-cli")] = """{ "Endpoints": { "docker": { "Host": "tcp://10.0.0.5:2375" } } }""",
            }));

        endpoint.Uri.ShouldBe(new Uri("tcp://10.0.0.5:2375"));
    }

    [Fact]
    public void The_context_folder_is_the_sha256_of_the_context_name()
    {
        // `echo -n desktop-linux | sha256sum`, the folder Docker Desktop's context lives in.
        var endpoint = DockerEndpointDiscovery.Find(OnDisk(
            new() { ["DOCKER_CONTEXT"] = "desktop-linux" },
            new()
            {
                [".docker/contexts/meta/fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e/meta.json"] =
                    """{ "Name": "desktop-linux", "Endpoints": { "docker": { "Host": "unix:///home/ada/.docker/run/docker.sock" } } }""",
            }));

        endpoint.Uri.ShouldBe(new Uri("unix:///home/ada/.docker/run/docker.sock"));
    }

    [Fact]
    public void A_context_on_windows_names_its_named_pipe_as_the_docker_cli_writes_it()
    {
        var endpoint = DockerEndpointDiscovery.Find(OnDisk(
            new() { ["DOCKER_CONTEXT"] = "desktop-windows" },
            new() { [ContextMeta("desktop-windows")] = """{ "Endpoints": { "docker": { "Host": "npipe:////./pipe/docker_engine" } } }""" }));

        endpoint.Uri.Scheme.ShouldBe("npipe");
        endpoint.Uri.Segments.ShouldBe(["/", "pipe/", "docker_engine"]);
    }

    [Fact]
    public void The_default_context_falls_through_to_the_sockets()
    {
        var endpoint = DockerEndpointDiscovery.Find(Environment(files: new() { [$"{Home}/.docker/config.json"] = """{ "currentContext": "default" }""" }));

        endpoint.ShouldBe(DockerEndpoint.DefaultUnixSocket);
    }

    [Fact]
    public void A_context_without_metadata_is_an_error_that_says_what_to_do()
    {
        var error = Should.Throw<DockerException>(() => DockerEndpointDiscovery.Find(OnDisk(new() { ["DOCKER_CONTEXT"] = "gone" })));

        error.Message.ShouldContain("\"gone\"");
        error.Message.ShouldContain("docker context use default");
    }

    [Theory]
    [InlineData("foo://x", "scheme foo://")]
    [InlineData("ssh://me@build-box", "ssh -NL")]
    public void A_docker_host_with_a_scheme_wasmc_cannot_speak_is_reported_with_what_to_use(string host, string advice)
    {
        var error = Should.Throw<DockerException>(() => DockerEndpointDiscovery.Find(Environment(new() { ["DOCKER_HOST"] = host })));

        error.Message.ShouldContain($"DOCKER_HOST is \"{host}\"");
        error.Message.ShouldContain(advice);
        error.Message.ShouldContain("unix:///path/to/docker.sock");
    }

    [Fact]
    public void Broken_config_json_is_reported_with_file_line_and_column()
    {
        var error = Should.Throw<DockerException>(() => DockerEndpointDiscovery.Find(Environment(files: new()
        {
            [$"{Home}/.docker/config.json"] = "{\n  \"currentContext\": \n}",
        })));

        error.Message.ShouldStartWith($"{Home}/.docker/config.json:3:");
    }

    [Fact]
    public void The_rootless_socket_is_used_when_it_exists()
    {
        var endpoint = DockerEndpointDiscovery.Find(Environment(
            new() { ["XDG_RUNTIME_DIR"] = "/run/user/1000" },
            new() { ["/run/user/1000/docker.sock"] = "" }));

        endpoint.Uri.ShouldBe(new Uri("unix:///run/user/1000/docker.sock"));
        endpoint.Source.ShouldContain("rootless");
    }

    [Fact]
    public void Without_anything_the_system_socket_is_used()
    {
        DockerEndpointDiscovery.Find(Environment(new() { ["XDG_RUNTIME_DIR"] = "/run/user/1000" }))
            .ShouldBe(DockerEndpoint.DefaultUnixSocket);
    }

    [Fact]
    public void On_windows_the_default_is_the_docker_engine_named_pipe()
    {
        DockerEndpointDiscovery.Find(Environment(isWindows: true)).Uri.Scheme.ShouldBe("npipe");
    }
}
