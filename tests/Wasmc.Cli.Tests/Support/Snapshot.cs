using System.Text;

namespace Wasmc.Cli.Tests.Support;

/// <summary>
/// Golden-file assertions: <c>Snapshots/NAME.verified.txt</c> holds what users should see. On a
/// mismatch the actual text goes to <c>NAME.received.txt</c> and the test fails with a diff;
/// <c>WASMC_UPDATE_SNAPSHOTS=1</c> accepts the actual text as the new golden file.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var folder = RepoPaths.SnapshotsFolder;
        var verifiedPath = Path.Combine(folder, $"{name}.verified.txt");
        var receivedPath = Path.Combine(folder, $"{name}.received.txt");

        if (Environment.GetEnvironmentVariable("WASMC_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"No snapshot {verifiedPath} yet. Review {receivedPath} and rename it to .verified.txt, or run with WASMC_UPDATE_SNAPSHOTS=1.");
        }

        var expected = File.ReadAllText(verifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"Snapshot {name} differs (received text written to {receivedPath}; WASMC_UPDATE_SNAPSHOTS=1 accepts it):\n{Diff(expected, actual)}");
    }

    /// <summary>A line diff (longest common subsequence), '-' for expected lines, '+' for received ones.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                diff.Append("  ").AppendLine(a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                diff.Append("+ ").AppendLine(b[y++]);
            }
            else
            {
                diff.Append("- ").AppendLine(a[x++]);
            }
        }

        return diff.ToString();
    }
}
