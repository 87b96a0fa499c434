namespace Wasmc.Toml.Tests;

/// <summary>Finds the shared conformance data: <c>$WASMC_CONFORMANCE_DIR</c>, else <c>&lt;repo root&gt;/../shared/conformance</c>.</summary>
internal static class ConformanceData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string? TryDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("WASMC_CONFORMANCE_DIR");
        var directory = string.IsNullOrEmpty(overridden)
            ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance"))
            : overridden;
        return Directory.Exists(directory) ? directory : null;
    }

    public static string Root =>
        TryDirectory() ?? throw new InvalidOperationException(
            $"Conformance data not found: expected {Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance"))} " +
            "(or set WASMC_CONFORMANCE_DIR to the folder that holds toml-test/).");

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}");
    }
}
