using Wasmc.Containers.Running;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// Where one component's build lives on the host and inside the containers. The output folder
/// holds only finished, validated artifacts; steps write into a fresh staging folder beside it
/// (same file system, so the final move is a rename). Scratch persists between builds so
/// incremental toolchains (cargo) reuse their state.
/// </summary>
internal sealed record BuildLayout(string Workspace, string OutputRoot, string Output, string StagingRoot, string Scratch, ContainerPaths Paths)
{
    public const string ContainerWorkspace = "/workspace";
    public const string ContainerOutput = "/out";
    public const string ContainerScratch = "/scratch";

    /// <summary>Creates <paramref name="folder"/> inside the output folder, refusing links (see <see cref="WorkspacePaths"/>).</summary>
    public string CreateFolder(string folder) => WorkspacePaths.CreateFolder(Workspace, folder, OutputRoot);

    /// <summary>Refuses (<see cref="UnsafePathException"/>) links in the output, staging and scratch paths of this component.</summary>
    public void CheckFolders()
    {
        WorkspacePaths.Check(Workspace, Output, OutputRoot);
        WorkspacePaths.Check(Workspace, StagingRoot, OutputRoot);
        WorkspacePaths.Check(Workspace, Scratch, OutputRoot);
    }

    /// <summary>The stamp file, kept next to the artifacts (see docs/building.md).</summary>
    public const string StampFileName = ".wasmc-build.json";

    public string StampPath => System.IO.Path.Combine(Output, StampFileName);

    public static BuildLayout For(WorkspaceManifest manifest, ComponentEntry component, string profile)
    {
        var workspace = manifest.RootDirectory;
        var profileOutput = System.IO.Path.Combine(manifest.OutputDirectory, profile);
        var componentInContainer = component.Path is "." or "" ? ContainerWorkspace : $"{ContainerWorkspace}/{component.Path.Trim('/')}";
        // Scratch lives in the output folder too, so one rule (WorkspacePaths, within the output folder) covers every write.
        return new BuildLayout(
            workspace,
            manifest.OutputDirectory,
            System.IO.Path.Combine(profileOutput, component.Name),
            System.IO.Path.Combine(profileOutput, ".staging"),
            System.IO.Path.Combine(manifest.OutputDirectory, ".scratch", profile, component.Name),
            new ContainerPaths(ContainerWorkspace, componentInContainer, ContainerOutput, ContainerScratch));
    }

    /// <summary>A new, empty staging folder for one build attempt.</summary>
    public string CreateStaging(string component)
    {
        var staging = System.IO.Path.Combine(StagingRoot, $"{component}-{Guid.NewGuid().ToString("N")[..12]}");
        return WorkspacePaths.CreateFolder(Workspace, staging, OutputRoot);
    }

    /// <summary>Staging folders a killed earlier build of the component left behind.</summary>
    /// <remarks>Only called with the workspace lock held, so no live build's staging folder can be among them.</remarks>
    public void RemoveLeftoverStaging(string component)
    {
        if (!Directory.Exists(WorkspacePaths.Check(Workspace, StagingRoot, OutputRoot)))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateDirectories(StagingRoot, component + "-*"))
        {
            var suffix = System.IO.Path.GetFileName(leftover)[(component.Length + 1)..];
            if (suffix.Length == 12 && suffix.All(char.IsAsciiHexDigitLower))
            {
                TryDelete(leftover);
            }
        }
    }

    /// <summary>
    /// The host path of <paramref name="containerPath"/> when it lies below <paramref name="containerRoot"/>,
    /// resolved under <paramref name="hostRoot"/>; null otherwise (or when it escapes with <c>..</c>).
    /// </summary>
    public static string? MapBelow(string containerPath, string containerRoot, string hostRoot)
    {
        var root = containerRoot.TrimEnd('/');
        string relative;
        if (containerPath == root)
        {
            relative = "";
        }
        else if (containerPath.StartsWith(root + "/", StringComparison.Ordinal))
        {
            relative = containerPath[(root.Length + 1)..];
        }
        else
        {
            return null;
        }

        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(hostRoot, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));
        var back = System.IO.Path.GetRelativePath(hostRoot, full);
        return back == ".." || back.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.IsPathRooted(back)
            ? null
            : full;
    }

    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
