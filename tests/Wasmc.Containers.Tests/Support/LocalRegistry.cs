using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wasmc.Containers.Tests.Support;

/// <summary>
/// A real OCI registry for one test: Debian's <c>docker-registry</c> (distribution 2.8) listening on 127.0.0.1 only,
/// storing into a temporary folder; stopped and deleted on dispose. The engine allows plain HTTP to 127.0.0.0/8.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly StringBuilder _log = new();

    private LocalRegistry(Process process, TempFolder folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public static async Task<LocalRegistry> StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("WASMC_TEST_REGISTRY") ?? "/usr/bin/docker-registry";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"{binary} is missing: the registry tests run a local OCI registry. Install it (`apt-get install docker-registry`, " +
                "as .ci/setup-docker.sh does) or set WASMC_TEST_REGISTRY to a docker-registry (distribution) binary.");
        }

        var folder = new TempFolder();
        var port = FreeLoopbackPort();
        var config = folder.Combine("config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {folder.CreateFolder("data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}

            """);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var registry = new LocalRegistry(process, folder, port);
        process.OutputDataReceived += (_, e) => registry.Log(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await registry.WaitUntilServingAsync();
        return registry;
    }

    /// <summary>A loopback port nobody listens on (for "registry unreachable").</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}: {LogText()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {Host} within 20 s: {LogText()}");
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string LogText()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
