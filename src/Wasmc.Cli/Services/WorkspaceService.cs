using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Services;

/// <summary>A workspace whose <c>wasmc.toml</c> was found and validated.</summary>
/// <param name="Root">The workspace folder.</param>
/// <param name="ManifestPath">Absolute path of its <c>wasmc.toml</c>.</param>
internal sealed record LoadedWorkspace(string Root, string ManifestPath);

/// <summary>Finds the workspace (<c>--workspace</c>, else walking up from the working directory) and validates its manifest.</summary>
internal sealed class WorkspaceService(CliSession session)
{
    public const string ManifestFileName = "wasmc.toml";

    /// <summary>The manifest path, or null when there is no workspace here.</summary>
    public string? FindManifest()
    {
        if (session.WorkspaceOverride is { } root)
        {
            var path = Path.Combine(root, ManifestFileName);
            return File.Exists(path) ? path : null;
        }

        for (var dir = new DirectoryInfo(session.WorkingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ManifestFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Loads and validates the manifest; every problem is reported at once (exit 2).</summary>
    public LoadedWorkspace LoadValidated()
    {
        var manifestPath = FindManifest() ?? throw NoWorkspace();
        return new LoadedWorkspace(Path.GetDirectoryName(manifestPath)!, manifestPath);
    }

    private BadInputException NoWorkspace() => session.WorkspaceOverride is { } root
        ? new BadInputException($"no {ManifestFileName} in {root} (given with --workspace)")
        : new BadInputException(
            $"no {ManifestFileName} found in {session.WorkingDirectory} or any parent folder",
            ["Create one with 'dotnet wasmc new <language> <name>', or point at one with '--workspace DIR'."]);
}
