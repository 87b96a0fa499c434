using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Shared;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// Cargo.lock while the sources are mounted read-only: cargo reads and writes the lock in scratch (a copy of the one next
/// to the workspace's root Cargo.toml, when there is one), and the host writes it back there after a successful build,
/// as cargo itself would have. cargo 1.97 takes the lock's place as <c>resolver.lockfile-path</c>; older cargo only as the
/// unstable <c>--lockfile-path</c>, which Debian's stable cargo accepts with <c>RUSTC_BOOTSTRAP=1</c>.
/// </summary>
/// <param name="WorkspacePath">Container path of the lock next to the root Cargo.toml.</param>
/// <param name="ScratchPath">Container path of the copy cargo uses.</param>
/// <param name="Existing">The current lock as a support file, when there is one.</param>
/// <param name="Arguments">cargo's arguments that point it at <paramref name="ScratchPath"/>.</param>
internal sealed record CargoLock(string WorkspacePath, string ScratchPath, PlanFile? Existing, IReadOnlyList<string> Arguments)
{
    /// <summary>The first cargo whose <c>resolver.lockfile-path</c> setting works on a stable toolchain (seen with Debian's 1.97.1).</summary>
    public static readonly Version StableLockfilePath = new(1, 97);

    /// <summary>Plans the lock for <paramref name="request"/>; adds to <paramref name="environment"/> what older cargo needs.</summary>
    public static CargoLock Plan(BuildRequest request, CargoManifest? manifest, IDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        var paths = request.Paths;
        var workspacePath = PlanSupport.Join(paths.Component, "Cargo.lock");
        PlanFile? existing = null;
        var scratchPath = PlanSupport.Join(paths.Scratch, "cargo-lock/Cargo.lock");
        if (manifest is not null && request.Folder is not null)
        {
            var rootDirectory = manifest.WorkspaceRoot is { } root ? Path.GetDirectoryName(root.ManifestPath)! : manifest.Directory;
            var relative = Path.GetRelativePath(request.Folder.Path, rootDirectory).Replace('\\', '/');
            workspacePath = Normalise(PlanSupport.Join(paths.Component, relative == "." ? "Cargo.lock" : $"{relative}/Cargo.lock"));
            var hostLock = Path.Combine(rootDirectory, "Cargo.lock");
            if (File.Exists(hostLock))
            {
                existing = new PlanFile(scratchPath, File.ReadAllText(hostLock));
            }
        }

        IReadOnlyList<string> arguments;
        if (Version.TryParse(request.Bundle.ToolVersions.GetValueOrDefault("cargo") ?? "", out var cargo) && cargo >= StableLockfilePath)
        {
            arguments = ["--config", $"resolver.lockfile-path=\"{scratchPath}\""];
        }
        else
        {
            environment["RUSTC_BOOTSTRAP"] = "1";
            arguments = ["-Zunstable-options", "--lockfile-path", scratchPath];
        }

        return new CargoLock(workspacePath, scratchPath, existing, arguments);
    }

    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".." && parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }
}
