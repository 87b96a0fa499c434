using Wasmc.Containers.Running;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// Moves a finished staging folder into the component's output folder with renames only (same file
/// system): the previous output folder is renamed aside, the staging folder takes its name, then the old
/// one is deleted. Readers see either the old artifacts or the new ones, never a mix or a half-written file.
/// </summary>
internal static class ArtifactPublisher
{
    public static void Publish(BuildLayout layout, string staging)
    {
        var output = layout.Output;
        layout.CreateFolder(Path.GetDirectoryName(output)!);
        WorkspacePaths.Check(layout.Workspace, output, layout.OutputRoot);
        string? previous = null;
        if (Directory.Exists(output))
        {
            previous = output + ".old-" + Guid.NewGuid().ToString("N")[..8];
            Directory.Move(output, previous);
        }

        try
        {
            Directory.Move(staging, output);
        }
        catch
        {
            if (previous is not null)
            {
                Directory.Move(previous, output);
            }

            throw;
        }

        if (previous is not null)
        {
            BuildLayout.TryDelete(previous);
        }
    }
}
