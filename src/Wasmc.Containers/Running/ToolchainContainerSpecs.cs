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

    /// <summary>Where steps may write besides their mounts: an in-memory /tmp (the root file system is read-only).</summary>
    public const string TemporaryFolder = "/tmp";

    /// <summary>
    /// The Docker name of a cache volume: <c>wasmc-cache-&lt;bundle&gt;-&lt;cache&gt;-&lt;workspace&gt;</c>, the last part the first
    /// 12 hex digits of the sha256 of the workspace's full path. A step can write anything into its cache (a
    /// <c>build.rs</c> can plant <c>$CARGO_HOME/config.toml</c>); per workspace, that reaches only later builds of
    /// the same repository, never another one.
    /// </summary>
    public static string CacheVolumeName(string bundleName, string cacheName, string workspace) =>
        $"wasmc-cache-{Sanitize(bundleName)}-{Sanitize(cacheName)}-{WorkspaceKey(workspace)}";

    /// <summary>The first 12 hex digits of the sha256 of the workspace's full path.</summary>
    public static string WorkspaceKey(string workspace) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(workspace))))[..12];

    /// <summary>Workspace read-only, output and scratch writable, then the step's own mounts.</summary>
    public static IReadOnlyList<MountSpec> MountsFor(StepRunRequest request)
    {
        var folders = request.Folders;
        var paths = request.Paths;
        // Docker resolves links in a bind source on the host: every source is checked to be a real folder of the workspace.
        var mounts = new List<MountSpec>
        {
            new(MountType.Bind, Path.GetFullPath(folders.Workspace), paths.Workspace, ReadOnly: true),
            new(MountType.Bind, BindSource(folders.Workspace, folders.Output), paths.Output, ReadOnly: false),
            new(MountType.Bind, BindSource(folders.Workspace, folders.Scratch), paths.Scratch, ReadOnly: false),
        };
        foreach (var mount in request.Step.Mounts)
        {
            mounts.Add(mount.Kind switch
            {
                MountKind.Cache => new MountSpec(MountType.Volume, CacheVolumeName(request.BundleName, mount.Source, folders.Workspace), mount.Target, mount.ReadOnly),
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
            // The image cannot be changed by a step (a later step or the validation would run what it left there);
            // tools write to their mounts and to an in-memory /tmp, which is also HOME (the host uid has no home in the image).
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = TemporaryFolder, ["TMPDIR"] = TemporaryFolder },
            ReadonlyRootfs = true,
            Tmpfs = new Dictionary<string, string>(StringComparer.Ordinal) { [TemporaryFolder] = TemporaryOptions(request.Limits) },
            NetworkMode = "none",
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            MemoryBytes = request.Limits.MemoryBytes,
            // Equal to the memory limit: no swap on top, so the limit is what the step really gets.
            MemorySwapBytes = request.Limits.MemoryBytes,
            NanoCpus = (long)(request.Limits.Cpus * 1_000_000_000),
            PidsLimit = request.Limits.MaxProcesses,
        };

    /// <summary>
    /// /tmp's mount options: executable (componentize-js starts a wrapper script from there), no setuid or devices, at
    /// most half the memory limit (its pages count against the container's memory), 2 GiB without one.
    /// </summary>
    public static string TemporaryOptions(RunLimits limits)
    {
        var size = limits.MemoryBytes > 0 ? limits.MemoryBytes / 2 : 2L * 1024 * 1024 * 1024;
        return $"rw,exec,nosuid,nodev,size={size.ToString(CultureInfo.InvariantCulture)},mode=1777";
    }

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

    /// <summary>A writable folder to bind: inside the workspace, no link in it (it may not exist yet; the runner creates it).</summary>
    private static string BindSource(string workspace, string folder) => WorkspacePaths.Check(workspace, folder);

    private static string WorkspaceFolder(string workspace, string relativePath)
    {
        var root = Path.GetFullPath(workspace);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        var relative = Path.GetRelativePath(root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ToolchainRunException($"The workspace folder mount \"{relativePath}\" points outside the workspace {root}.");
        }

        return WorkspacePaths.Check(root, full);
    }

    private static string Sanitize(string name) => UnsafeNameCharacters().Replace(name, "-").Trim('-', '.').ToLowerInvariant();

    [GeneratedRegex("[^a-zA-Z0-9_.-]+")]
    private static partial Regex UnsafeNameCharacters();
}
