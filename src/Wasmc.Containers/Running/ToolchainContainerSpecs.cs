using System.Globalization;
using System.Text.RegularExpressions;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Running;

/// <summary>
/// The container and exec requests the Docker runner sends, as data (unit tests assert the hardening here).
/// </summary>
internal static partial class ToolchainContainerSpecs
{
    /// <summary>What a warm container keeps running so steps can exec into it.</summary>
    public static readonly IReadOnlyList<string> KeepAliveCommand = ["sleep", "infinity"];

    /// <summary>The Docker name of a cache volume: <c>wasmc-cache-&lt;bundle&gt;-&lt;cache&gt;</c>.</summary>
    public static string CacheVolumeName(string bundleName, string cacheName) =>
        $"wasmc-cache-{Sanitize(bundleName)}-{Sanitize(cacheName)}";

    /// <summary>Workspace read-only, output and scratch writable, then the step's own mounts.</summary>
    public static IReadOnlyList<MountSpec> MountsFor(StepRunRequest request)
    {
        var folders = request.Folders;
        var paths = request.Paths;
        var mounts = new List<MountSpec>
        {
            new(MountType.Bind, Path.GetFullPath(folders.Workspace), paths.Workspace, ReadOnly: true),
            new(MountType.Bind, Path.GetFullPath(folders.Output), paths.Output, ReadOnly: false),
            new(MountType.Bind, Path.GetFullPath(folders.Scratch), paths.Scratch, ReadOnly: false),
        };
        foreach (var mount in request.Step.Mounts)
        {
            mounts.Add(mount.Kind switch
            {
                MountKind.Cache => new MountSpec(MountType.Volume, CacheVolumeName(request.BundleName, mount.Source), mount.Target, mount.ReadOnly),
                _ => new MountSpec(MountType.Bind, WorkspaceFolder(folders.Workspace, mount.Source), mount.Target, mount.ReadOnly),
            });
        }

        var duplicate = mounts.GroupBy(mount => mount.Target.TrimEnd('/'), StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ToolchainRunException(
                $"[{request.ComponentName}] step \"{request.Step.Description}\" mounts two things at {duplicate.Key}; " +
                "each container path can hold one mount (check the plugin's plan).");
        }

        return mounts;
    }

    public static Dictionary<string, string> Labels(string sessionId, StepRunRequest request) => new(StringComparer.Ordinal)
    {
        [WasmcLabels.Managed] = "true",
        [WasmcLabels.Session] = sessionId,
        [WasmcLabels.Bundle] = request.BundleName,
        [WasmcLabels.Toolchain] = request.Step.Toolchain,
        [WasmcLabels.ProcessId] = HostIdentity.ProcessId.ToString(CultureInfo.InvariantCulture),
        [WasmcLabels.ProcessStart] = HostIdentity.ProcessStartUnixMilliseconds.ToString(CultureInfo.InvariantCulture),
        [WasmcLabels.Host] = HostIdentity.MachineName,
    };

    /// <summary>The warm container a step execs into: hardened, offline, limited, labelled.</summary>
    public static ContainerSpec WarmContainer(StepRunRequest request, IReadOnlyList<MountSpec> mounts, string sessionId, string? user, string name) =>
        new(request.Image)
        {
            Name = name,
            Entrypoint = KeepAliveCommand,
            Cmd = [],
            User = user,
            WorkingDirectory = request.Paths.Workspace,
            Labels = Labels(sessionId, request),
            Mounts = mounts,
            NetworkMode = "none",
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            MemoryBytes = request.Limits.MemoryBytes,
            // Equal to the memory limit: no swap on top, so the limit is what the step really gets.
            MemorySwapBytes = request.Limits.MemoryBytes,
            NanoCpus = (long)(request.Limits.Cpus * 1_000_000_000),
            PidsLimit = request.Limits.MaxProcesses,
        };

    /// <summary>The exec that runs the step's argv, unchanged, as the same user as the container.</summary>
    public static ExecSpec StepExec(PlanStep step, string? user) => new(step.Argv)
    {
        Environment = step.Environment,
        WorkingDirectory = step.WorkingDirectory,
        User = user,
    };

    /// <summary>
    /// Sets the owner of a fresh cache volume: new volumes belong to root, and steps run as the
    /// host user. Needs CAP_CHOWN only, nothing else.
    /// </summary>
    public static ContainerSpec CacheVolumeOwnerFix(string image, string volumeName, string user, string sessionId, IReadOnlyDictionary<string, string> labels) =>
        new(image)
        {
            Entrypoint = ["chown", "-R", user, "/wasmc-cache"],
            Cmd = [],
            User = "0:0",
            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) { [WasmcLabels.Session] = sessionId },
            Mounts = [new MountSpec(MountType.Volume, volumeName, "/wasmc-cache", ReadOnly: false)],
            NetworkMode = "none",
            CapDrop = ["ALL"],
            CapAdd = ["CHOWN"],
            SecurityOpt = ["no-new-privileges"],
        };

    public static string ContainerName(string bundleName, string toolchain, string sessionId, int sequence) =>
        $"wasmc-{Sanitize(bundleName)}-{Sanitize(toolchain)}-{sessionId[..8]}-{sequence}";

    private static string WorkspaceFolder(string workspace, string relativePath)
    {
        var root = Path.GetFullPath(workspace);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        var relative = Path.GetRelativePath(root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ToolchainRunException($"The workspace folder mount \"{relativePath}\" points outside the workspace {root}.");
        }

        return full;
    }

    private static string Sanitize(string name) => UnsafeNameCharacters().Replace(name, "-").Trim('-', '.').ToLowerInvariant();

    [GeneratedRegex("[^a-zA-Z0-9_.-]+")]
    private static partial Regex UnsafeNameCharacters();
}
