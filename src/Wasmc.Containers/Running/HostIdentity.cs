using System.Diagnostics;
using System.Globalization;

namespace Wasmc.Containers.Running;

/// <summary>Who and what this process is, for container users and session labels.</summary>
internal static class HostIdentity
{
    /// <summary>
    /// <c>uid:gid</c> of this process on Linux, so files written into bind mounts belong to the user;
    /// null elsewhere (Docker Desktop maps ownership itself).
    /// </summary>
    public static string? UserAndGroup { get; } = ReadUserAndGroup();

    public static int ProcessId { get; } = Environment.ProcessId;

    public static long ProcessStartUnixMilliseconds { get; } = StartTimeOf(Process.GetCurrentProcess()) ?? 0;

    public static string MachineName { get; } = Environment.MachineName;

    /// <summary>Whether the process that labelled a container still runs (same pid, same start time).</summary>
    public static bool IsProcessAlive(int processId, long startUnixMilliseconds)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            var start = StartTimeOf(process);
            // Start times are read with clock-tick precision; a second of slack tells reuse from rounding.
            return start is null || startUnixMilliseconds == 0 || Math.Abs(start.Value - startUnixMilliseconds) < 1000;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads <c>uid:gid</c> from <c>/proc/self/status</c>; the effective ids (second column) decide file ownership.</summary>
    internal static string? ParseProcStatus(string status)
    {
        string? EffectiveId(string key)
        {
            var line = status.Split('\n').FirstOrDefault(line => line.StartsWith(key + ":", StringComparison.Ordinal));
            var ids = line?[(key.Length + 1)..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries) ?? [];
            var id = ids.Length > 1 ? ids[1] : ids.FirstOrDefault();
            return uint.TryParse(id, CultureInfo.InvariantCulture, out _) ? id : null;
        }

        return EffectiveId("Uid") is { } uid && EffectiveId("Gid") is { } gid ? $"{uid}:{gid}" : null;
    }

    private static string? ReadUserAndGroup()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return ParseProcStatus(File.ReadAllText("/proc/self/status"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long? StartTimeOf(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
