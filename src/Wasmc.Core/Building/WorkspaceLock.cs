using System.Globalization;
using Wasmc.Containers.Running;

namespace Wasmc.Core.Building;

/// <summary>
/// One build at a time per workspace: an exclusive file lock on <c>&lt;output&gt;/.wasmc.lock</c> (<c>flock</c> on Unix,
/// released by the kernel when the process dies, so a killed build never leaves the workspace locked). A second build
/// waits for it (or, with <see cref="BuildOptions.NoWait"/>, fails with <see cref="WorkspaceBusyException"/>). Because
/// builds never overlap, removing leftover staging folders cannot touch a live build's.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    /// <summary>The lock file's name in the output folder.</summary>
    public const string FileName = ".wasmc.lock";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly FileStream _stream;

    private WorkspaceLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of the workspace whose output folder is <paramref name="outputFolder"/>.</summary>
    /// <param name="workspace">The workspace root.</param>
    /// <param name="outputFolder">The workspace's output folder (inside the workspace; created without following links).</param>
    /// <param name="wait">Wait for another build to finish; false: throw <see cref="WorkspaceBusyException"/> at once.</param>
    /// <param name="waiting">Told once, with the other build's process id (0 when unknown), when this call has to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public static async Task<WorkspaceLock> AcquireAsync(string workspace, string outputFolder, bool wait, Action<int>? waiting, CancellationToken cancellationToken)
    {
        WorkspacePaths.CreateFolder(workspace, outputFolder, outputFolder);
        var path = WorkspacePaths.Check(workspace, Path.Combine(outputFolder, FileName), outputFolder);
        var told = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryOpen(path) is { } stream)
            {
                // The holder's pid goes into a file of its own: the lock file itself cannot be opened while it is held.
                WorkspacePaths.WriteText(workspace, path + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", outputFolder);
                return new WorkspaceLock(stream);
            }

            var owner = Owner(path + ".pid");
            if (!wait)
            {
                throw new WorkspaceBusyException(owner);
            }

            if (!told)
            {
                told = true;
                waiting?.Invoke(owner);
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            // FileShare.None is an exclusive flock(2) on Unix and a sharing lock on Windows.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process id the holder wrote into the lock file, or 0.</summary>
    private static int Owner(string path)
    {
        try
        {
            return !WorkspacePaths.IsLink(path) && new FileInfo(path).Length < 64
                && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another wasmc build holds the workspace and the caller asked not to wait (<c>--no-wait</c>): exit code 3.</summary>
public sealed class WorkspaceBusyException(int ownerProcessId) : Exception(
    ownerProcessId > 0
        ? $"another wasmc build is running in this workspace (pid {ownerProcessId}); run again when it is done, or without --no-wait to wait for it"
        : "another wasmc build is running in this workspace; run again when it is done, or without --no-wait to wait for it")
{
    /// <summary>The process id of the build that holds the lock, 0 when unknown.</summary>
    public int OwnerProcessId { get; } = ownerProcessId;
}
