namespace Wasmc.EndToEnd.Tests;

/// <summary>
/// The real Dev Containers CLI (<c>@devcontainers/cli</c>, pinned in tests/devcontainers-cli/package.json and its lock),
/// installed with <c>npm ci</c> into that folder when .ci/setup-docker.sh has not done so already.
/// <c>WASMC_DEVCONTAINER_CLI</c> points at another <c>devcontainer</c> executable.
/// </summary>
internal static class DevContainersCli
{
    private static readonly Lazy<string> Executable = new(Find);

    public static string Path => Executable.Value;

    /// <summary>Runs <c>devcontainer ARGS</c>; the CLI's own log goes to stderr, its result JSON to stdout.</summary>
    public static ProcessResult Run(string workingDirectory, params string[] args) =>
        ProcessRunner.Run(Path, args, workingDirectory, timeout: TimeSpan.FromMinutes(20));

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("WASMC_DEVCONTAINER_CLI") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"WASMC_DEVCONTAINER_CLI={configured} does not exist");
        }

        var folder = System.IO.Path.Combine(RepoRoot(), "tests", "devcontainers-cli");
        var executable = System.IO.Path.Combine(folder, "node_modules", ".bin", "devcontainer");
        if (!File.Exists(executable))
        {
            var install = ProcessRunner.Run("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], folder, timeout: TimeSpan.FromMinutes(10));
            if (install.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException($"could not install the Dev Containers CLI with npm ci --prefix {folder} (needs Node.js >= 20 and the npm registry):\n{install}");
            }
        }

        return executable;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "WasmCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}");
    }
}
