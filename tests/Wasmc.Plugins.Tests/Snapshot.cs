namespace Wasmc.Plugins.Tests;

/// <summary>
/// Golden files for what users see (scaffolded sources, generated bindings): <c>Snapshots/NAME.verified.txt</c>. On a
/// mismatch the actual text goes to <c>NAME.received.txt</c> and the test fails; <c>WASMC_UPDATE_SNAPSHOTS=1</c> accepts it.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var folder = Path.Combine(RepoRoot(), "tests", "Wasmc.Plugins.Tests", "Snapshots");
        var verified = Path.Combine(folder, $"{name}.verified.txt");
        var received = Path.Combine(folder, $"{name}.received.txt");
        if (Environment.GetEnvironmentVariable("WASMC_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        if (File.Exists(verified) && File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"Snapshot {name} differs from {verified} (or is missing): compare {received}; WASMC_UPDATE_SNAPSHOTS=1 accepts it");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WasmCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"WasmCli.sln not found above {AppContext.BaseDirectory}");
    }
}
