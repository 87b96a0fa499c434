using Wasmc.Core.Building;
using Wasmc.Workspace;

namespace Wasmc.Core.Testing;

/// <summary>Where the test runner gets each component's <c>.wasm</c> from.</summary>
public interface IComponentArtifacts
{
    /// <summary>The component file (absolute host path) of each of <paramref name="components"/> in <paramref name="profile"/>.</summary>
    /// <exception cref="TestEnvironmentException">A component is not built.</exception>
    /// <exception cref="TestBuildFailedException">A component failed to build.</exception>
    Task<IReadOnlyDictionary<string, string>> GetAsync(WorkspaceManifest manifest, IReadOnlyList<string> components, string profile, CancellationToken cancellationToken);
}

/// <summary>
/// Tests what is already built: <c>&lt;output&gt;/&lt;profile&gt;/&lt;component&gt;/&lt;component&gt;.wasm</c>
/// (the layout of docs/building.md). A missing file is an error that says to build first.
/// </summary>
public sealed class BuiltComponentArtifacts : IComponentArtifacts
{
    public static string PathOf(WorkspaceManifest manifest, string component, string profile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Path.Combine(manifest.OutputDirectory, profile, component, component + ".wasm");
    }

    public Task<IReadOnlyDictionary<string, string>> GetAsync(WorkspaceManifest manifest, IReadOnlyList<string> components, string profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(components);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            var path = PathOf(manifest, component, profile);
            if (!File.Exists(path))
            {
                throw new TestEnvironmentException(
                    $"component '{component}' is not built in profile '{profile}' ({Path.GetRelativePath(manifest.RootDirectory, path)} is missing): run `dotnet wasmc build {component}` first");
            }

            paths[component] = path;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(paths);
    }
}

/// <summary>
/// Builds the components first with <see cref="WorkspaceBuilder"/> (unchanged ones are build-cache hits,
/// so this costs little), then tests the fresh artifacts. What <c>dotnet wasmc test</c> uses.
/// </summary>
public sealed class BuildingComponentArtifacts(WorkspaceBuilder builder) : IComponentArtifacts
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(WorkspaceManifest manifest, IReadOnlyList<string> components, string profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var outcomes = await builder.BuildAsync(manifest, new BuildOptions { Components = components, Profile = profile }, cancellationToken).ConfigureAwait(false);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (outcome.ComponentArtifact is { } artifact)
            {
                paths[outcome.Component] = artifact.Path;
            }
        }

        var failed = outcomes.Where(o => o.Status == ComponentBuildStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            // The others built: the exception carries them, so their tests still run (WorkspaceTester).
            throw new TestBuildFailedException(
                "cannot test what does not build: " + string.Join("; ", failed.Select(o => $"'{o.Component}' failed to build: {o.Message}")),
                paths,
                failed.ToDictionary(o => o.Component, o => o.Message ?? "failed", StringComparer.Ordinal));
        }

        foreach (var component in components.Where(c => !paths.ContainsKey(c)))
        {
            throw new TestEnvironmentException($"component '{component}' is not built in profile '{profile}' (its profiles list excludes it)");
        }

        return paths;
    }
}
