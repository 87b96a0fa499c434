namespace Wasmc.Cli.Tests.Support;

/// <summary>Finds the repository from the test assembly's folder (the folder holding WasmCli.sln).</summary>
internal static class RepoPaths
{
    public static string? TryFindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WasmCli.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static string RepoRoot => TryFindRepoRoot()
        ?? throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");

    public static string SnapshotsFolder => Path.Combine(RepoRoot, "tests", "Wasmc.Cli.Tests", "Snapshots");
}
