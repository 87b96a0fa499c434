using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Building.Internal;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Workspace;
using Wasmc.Workspace.Internal;

namespace Wasmc.Core.Building;

/// <summary>
/// Builds the components of a validated workspace: each one's plugin plans it, the steps run through
/// one toolchain runner session for the whole build, every component is validated, and its artifacts
/// are moved into <c>&lt;output&gt;/&lt;profile&gt;/&lt;component&gt;/</c> atomically. Unchanged components are
/// not rebuilt (content-addressed cache). See <c>docs/building.md</c>.
/// </summary>
public sealed class WorkspaceBuilder
{
    private readonly Dictionary<string, ILanguagePlugin> _plugins;
    private readonly Dictionary<string, Bundle> _bundles;
    private readonly IToolchainEnvironment _toolchains;
    private readonly IBuildProgress? _progress;

    /// <param name="plugins">The loaded language plugins (one per language id; the first wins).</param>
    /// <param name="bundles">The published bundles.</param>
    /// <param name="toolchains">Where steps run: <see cref="DockerToolchainEnvironment"/> or <see cref="HostToolchainEnvironment"/>.</param>
    /// <param name="progress">Live progress, or null.</param>
    public WorkspaceBuilder(IEnumerable<ILanguagePlugin> plugins, IEnumerable<Bundle> bundles, IToolchainEnvironment toolchains, IBuildProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(bundles);
        _plugins = new Dictionary<string, ILanguagePlugin>(StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            _plugins.TryAdd(plugin.LanguageId, plugin);
        }

        _bundles = bundles.ToDictionary(bundle => bundle.Name, StringComparer.Ordinal);
        _toolchains = toolchains ?? throw new ArgumentNullException(nameof(toolchains));
        _progress = progress;
    }

    /// <summary>
    /// Builds the selected components (all by default) in the chosen profile, up to
    /// <see cref="BuildOptions.Jobs"/> at once. Returns one outcome per selected component, in selection order;
    /// a failed component does not stop the others.
    /// </summary>
    /// <exception cref="BuildInputException">Unknown component or profile (nothing was built).</exception>
    /// <exception cref="WorkspaceBusyException">Another build holds the workspace and <see cref="BuildOptions.NoWait"/> was set.</exception>
    /// <exception cref="UnsafePathException">A symbolic link where the build writes or mounts, or a source link out of the workspace; the other builds were stopped.</exception>
    /// <exception cref="BuildEnvironmentException">Docker unreachable or a toolchain image missing; the other builds were stopped.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; every container was removed and no partial output was left.</exception>
    public async Task<IReadOnlyList<ComponentBuildOutcome>> BuildAsync(WorkspaceManifest manifest, BuildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var profile = options.Profile ?? manifest.DefaultProfile;
        if (!manifest.HasProfile(profile))
        {
            var names = manifest.Profiles.Select(p => p.Name).ToList();
            throw new BuildInputException($"unknown profile '{profile}'{Suggestions.Hint(profile, names)} (profiles: {string.Join(", ", names)})");
        }

        var selected = Select(manifest, options.Components);
        using var workspaceLock = await WorkspaceLock.AcquireAsync(
            manifest.RootDirectory, manifest.OutputDirectory, wait: !options.NoWait, pid => _progress?.WaitingForWorkspace(pid), cancellationToken).ConfigureAwait(false);
        var outcomes = new ComponentBuildOutcome?[selected.Count];
        await using var runner = new SharedRunner(_toolchains);
        var context = new BuildContext(manifest, profile, options.Force, Plugin, Bundle, _toolchains, runner, _progress)
        {
            ManifestSha256 = ManifestSha256(manifest),
        };

        // Components whose inputs look as they did when last found up to date skip planning and the WIT check.
        var unchanged = new ComponentBuildOutcome?[selected.Count];
        Parallel.For(0, selected.Count, index =>
        {
            if (manifest.BuildsIn(selected[index], profile))
            {
                unchanged[index] = new ComponentBuild(context, selected[index]).TryUpToDateFromSnapshot();
            }
        });
        CheckWit(manifest, selected.Where((entry, index) => unchanged[index] is null && manifest.BuildsIn(entry, profile)));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(Math.Max(1, options.Jobs));
        Exception? environmentProblem = null;

        async Task BuildOneAsync(int index)
        {
            var entry = selected[index];
            if (!manifest.BuildsIn(entry, profile))
            {
                outcomes[index] = Skipped(manifest, entry, profile);
                _progress?.Finished(outcomes[index]!);
                return;
            }

            if (unchanged[index] is { } upToDate)
            {
                outcomes[index] = upToDate;
                _progress?.Finished(upToDate);
                return;
            }

            await slots.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                var outcome = await new ComponentBuild(context, entry).RunAsync(stop.Token).ConfigureAwait(false);
                outcomes[index] = outcome;
                _progress?.Finished(outcome);
            }
            catch (Exception e) when (ComponentBuild.IsEnvironmentProblem(e) || e is UnsafePathException)
            {
                Interlocked.CompareExchange(ref environmentProblem, e, null);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                slots.Release();
            }
        }

        var builds = Enumerable.Range(0, selected.Count).Select(BuildOneAsync).ToList();
        try
        {
            await Task.WhenAll(builds).ConfigureAwait(false);
        }
        catch (Exception) when (environmentProblem is UnsafePathException unsafePath)
        {
            // A link where wasmc writes or mounts is the workspace's problem (exit 2), not the machine's.
            throw new UnsafePathException(unsafePath.Path, unsafePath.Message, unsafePath.Location);
        }
        catch (Exception) when (environmentProblem is not null)
        {
            throw new BuildEnvironmentException(environmentProblem.Message, environmentProblem);
        }

        return [.. outcomes.Select(outcome => outcome!)];
    }

    /// <summary>
    /// Every selected component's WIT resolves and has its world, before anything is built: invalid WIT is the same
    /// located error, exit 2, as <c>dotnet wasmc wit check</c> (not a tool's message from deep inside a step).
    /// </summary>
    private static void CheckWit(WorkspaceManifest manifest, IEnumerable<ComponentEntry> components)
    {
        // Parsing is most of a no-op build's time: use every core; the problems keep the components' order.
        var entries = components.ToList();
        var problemOf = new string?[entries.Count];
        Parallel.For(0, entries.Count, index =>
        {
            var entry = entries[index];
            try
            {
                var loaded = WitLoader.Load(entry.WitFullPath);
                WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, entry.World);
            }
            catch (WitException e)
            {
                problemOf[index] = e.Span is { } span
                    ? $"{WorkspacePathDisplay.Relative(manifest.RootDirectory, Path.GetFullPath(span.File))}:{span.Line}:{span.Column}: error: {e.Reason}"
                    : $"{WorkspacePathDisplay.Relative(manifest.RootDirectory, entry.WitFullPath)}: error: {e.Reason}";
            }
        });

        var problems = problemOf.OfType<string>().ToList();
        if (problems.Count > 0)
        {
            throw new BuildInputException($"invalid WIT ({problems.Count} {(problems.Count == 1 ? "problem" : "problems")}); nothing was built", problems);
        }
    }

    private static string ManifestSha256(WorkspaceManifest manifest)
    {
        try
        {
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(manifest.ManifestPath)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // no snapshots this time: every component gets the full check
        }
    }

    private ILanguagePlugin? Plugin(string language) => _plugins.GetValueOrDefault(language);

    private Bundle? Bundle(string name) => _bundles.GetValueOrDefault(name);

    private static List<ComponentEntry> Select(WorkspaceManifest manifest, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [.. manifest.Components];
        }

        var known = manifest.Components.Select(c => c.Name).ToList();
        var unknown = names.Where(name => manifest.FindComponent(name) is null).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var problems = unknown.Select(name => Suggestions.Closest(name, known) is { } closest ? $"'{name}' (did you mean '{closest}'?)" : $"'{name}'");
            throw new BuildInputException(
                $"unknown component{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", problems)} " +
                $"(components in {WorkspaceManifest.FileName}: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
        }

        return [.. names.Distinct(StringComparer.Ordinal).Select(name => manifest.FindComponent(name)!)];
    }

    private static ComponentBuildOutcome Skipped(WorkspaceManifest manifest, ComponentEntry entry, string profile) => new(
        entry.Name,
        ComponentBuildStatus.Skipped,
        profile,
        manifest.PublishedBundleFor(entry),
        TimeSpan.Zero,
        [],
        null,
        $"not built in profile '{profile}' (its profiles: {string.Join(", ", manifest.ProfilesFor(entry))})");
}
