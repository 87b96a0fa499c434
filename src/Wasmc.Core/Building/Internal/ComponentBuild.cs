using System.ComponentModel;
using System.Diagnostics;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Core.Building.Internal;

/// <summary>Everything one component build needs from the surrounding build.</summary>
internal sealed record BuildContext(
    WorkspaceManifest Manifest,
    string Profile,
    bool Force,
    Func<string, ILanguagePlugin?> FindPlugin,
    Func<string, Bundle?> FindBundle,
    IToolchainEnvironment Toolchains,
    SharedRunner Runner,
    IBuildProgress? Progress)
{
    /// <summary>sha256 of the manifest's bytes: part of every input snapshot's context.</summary>
    public string ManifestSha256 { get; init; } = "";
}

/// <summary>
/// One component, from manifest entry to validated artifacts: plan, cache check, steps in a fresh staging
/// folder, validation, stamp, atomic move. Any failure leaves the previous artifacts untouched.
/// </summary>
internal sealed class ComponentBuild(BuildContext context, ComponentEntry entry)
{
    private readonly Stopwatch _clock = new();
    private readonly WorkspacePathDisplay _display = new(context.Manifest.RootDirectory);
    private string? _bundle;
    private string? _cacheKey;
    private InputStatRecorder? _inputStats;
    private string? _snapshotContext;

    /// <summary>
    /// Up to date by the component's input snapshot alone (no planning, no WIT, no source hashing), or null when the full
    /// check must run: no snapshot, anything on disk or in the build's context changed, an image was rebuilt, or an
    /// artifact no longer has its stamped hash.
    /// </summary>
    public ComponentBuildOutcome? TryUpToDateFromSnapshot()
    {
        _clock.Start();
        try
        {
            var instance = context.Manifest.BundleFor(entry);
            if (context.Force || context.ManifestSha256.Length == 0
                || context.FindBundle(instance.Bundle) is not { } bundle || context.FindPlugin(entry.Language) is not { } plugin)
            {
                return null;
            }

            var layout = BuildLayout.For(context.Manifest, entry, context.Profile);
            layout.CheckFolders();
            var snapshot = InputSnapshot.TryRead(Path.Combine(layout.Output, InputSnapshot.FileName));
            if (snapshot is null
                || snapshot.Format != InputSnapshot.CurrentFormat
                || snapshot.Context != SnapshotContext(plugin, bundle)
                || !snapshot.StillMatchesDisk()
                || BuildStamp.TryRead(layout.StampPath) is not { } stamp
                || stamp.Format != BuildCacheKey.Format
                || stamp.Key != snapshot.Key
                || !ImagesStillRecorded(stamp, bundle))
            {
                return null;
            }

            var artifacts = stamp.Artifacts
                .Select(stamped => new ResolvedArtifact(stamped.Kind, "", Path.GetFullPath(Path.Combine(layout.Output, stamped.RelativePath)), stamped.RelativePath))
                .ToList();
            if (artifacts.Count == 0 || !StampedFilesUnchanged(stamp, layout, artifacts))
            {
                return null;
            }

            _bundle = instance.Bundle;
            _cacheKey = stamp.Key;
            return Outcome(ComponentBuildStatus.UpToDate, artifacts, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnsafePathException or BundleNotFoundException or ComponentFailedException)
        {
            // The full check says what is wrong, exactly as without a snapshot.
            return null;
        }
    }

    private string SnapshotContext(ILanguagePlugin plugin, Bundle bundle) => _snapshotContext ??= InputSnapshot.ContextOf(
        plugin, context.ManifestSha256, entry.Name, context.Profile, bundle.Name, BundleDefinition(bundle), entry.Wasi);

    private static string BundleDefinition(Bundle bundle) =>
        string.Join(' ', [bundle.SourceFile.Sha256, .. bundle.Toolchains.Select(toolchain => toolchain.DefinitionHash)]);

    // An image rebuilt since (another id recorded for its reference) means the full check, which asks for the new key.
    private bool ImagesStillRecorded(BuildStamp stamp, Bundle bundle)
    {
        var spec = bundle.ToBundleSpec(entry.Wasi);
        return stamp.Images.Count > 0 && stamp.Images.All(image =>
            spec.Toolchains.TryGetValue(image.Key, out var reference)
            && context.Toolchains.RecordedImageId(reference, bundle.Name, image.Key) == image.Value);
    }

    // After the full check or a build: the next no-op build can trust the disk while it looks the same.
    private void KeepSnapshot(BuildLayout layout, ILanguagePlugin plugin, Bundle bundle)
    {
        var snapshotPath = Path.Combine(layout.Output, InputSnapshot.FileName);
        if (_inputStats?.Snapshot(SnapshotContext(plugin, bundle), _cacheKey!, DateTime.UtcNow) is { } snapshot && context.ManifestSha256.Length > 0)
        {
            snapshot.TryWrite(layout, snapshotPath);
        }
        else
        {
            InputSnapshot.TryDelete(snapshotPath);
        }
    }

    public async Task<ComponentBuildOutcome> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        try
        {
            return await BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ComponentFailedException failed)
        {
            return Failed(failed.Message, failed.Output) with { InvalidInput = failed.InvalidInput };
        }
        catch (Exception e) when (!IsEnvironmentProblem(e) && e is ToolchainRunException)
        {
            // Timeouts, plans the runner refuses: this component failed, the machine is fine.
            return Failed(e.Message, e is StepTimeLimitExceededException timeout ? [.. timeout.Output.Select(_display.Shorten)] : []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed($"could not write the build's files: {e.Message}", []);
        }
    }

    /// <summary>Problems of the machine, not of the component: they stop the whole build (exit 3).</summary>
    public static bool IsEnvironmentProblem(Exception exception) => exception switch
    {
        ToolchainImageMissingException => true,
        DockerException => true,
        StepTimeLimitExceededException => false,
        ToolchainRunException { InnerException: DockerException or Win32Exception } => true,
        _ => false,
    };

    private async Task<ComponentBuildOutcome> BuildAsync(CancellationToken cancellationToken)
    {
        var manifest = context.Manifest;
        var instance = manifest.BundleFor(entry);
        _bundle = instance.Bundle;
        var bundle = context.FindBundle(instance.Bundle)
            ?? throw new ComponentFailedException($"bundle '{instance.Bundle}' (instance '{instance.Name}') is not known to this wasmc");
        var plugin = context.FindPlugin(entry.Language)
            ?? throw new ComponentFailedException($"no plugin provides language '{entry.Language}'");

        BundleSpec bundleSpec;
        try
        {
            bundleSpec = bundle.ToBundleSpec(entry.Wasi);
        }
        catch (BundleNotFoundException e)
        {
            throw new ComponentFailedException(e.Message);
        }

        var layout = BuildLayout.For(manifest, entry, context.Profile);
        // Before the engine is asked anything: a link where this build writes or mounts stops it (exit 2).
        layout.CheckFolders();
        var request = new BuildRequest(entry.ToSpec(), bundleSpec, manifest.ResolveProfile(context.Profile, entry.Language), layout.Paths)
        {
            Folder = new ComponentFolder(entry.FullPath),
        };

        BuildCacheKey.CheckSourceLinks(manifest.RootDirectory, entry.FullPath, entry.WitFullPath);
        var plan = Plan(plugin, request);
        var artifacts = ResolveArtifacts(plan, layout);
        var componentPath = plan.Artifacts[0].ContainerPath;
        var validation = ComponentValidation.PlanValidates(plan, componentPath)
            ? null
            : ComponentValidation.StepFor(plan, bundle, componentPath, layout.Paths.Output);
        IReadOnlyList<PlanStep> allSteps = validation is null ? plan.Steps : [.. plan.Steps, validation];

        var toolchains = allSteps.Select(step => step.Toolchain).Distinct(StringComparer.Ordinal).ToList();
        if (toolchains.FirstOrDefault(name => !bundleSpec.Toolchains.ContainsKey(name)) is { } unknown)
        {
            throw new ComponentFailedException(
                $"the {plugin.DisplayName} plan uses toolchain '{unknown}', which bundle '{bundle.Name}' does not have " +
                $"(it has: {string.Join(", ", bundleSpec.Toolchains.Keys)})");
        }

        string[] excludedRoots = [manifest.OutputDirectory, Path.Combine(manifest.RootDirectory, "target", "wasmc")];
        _inputStats = new InputStatRecorder();
        var inputs = BuildCacheKey.CollectInputs(layout, entry.FullPath, entry.WitFullPath, plan, excludedRoots, _inputStats);
        string Key(IReadOnlyDictionary<string, string> imageIds) =>
            BuildCacheKey.Compute(entry.ToSpec(), context.Profile, bundle.Name, imageIds, plan, validation?.Argv, inputs);

        // The image ids the engine reported last decide an up-to-date build alone: a no-op build needs no engine.
        var recorded = RecordedImageIds(toolchains, bundleSpec, bundle.Name);
        if (!context.Force && recorded is not null)
        {
            _cacheKey = Key(recorded);
            if (IsUpToDate(layout, artifacts))
            {
                KeepSnapshot(layout, plugin, bundle);
                return Outcome(ComponentBuildStatus.UpToDate, artifacts, null);
            }
        }

        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var toolchain in toolchains)
        {
            images[toolchain] = await context.Toolchains.GetImageIdAsync(bundleSpec.Toolchains[toolchain], bundle.Name, toolchain, cancellationToken).ConfigureAwait(false);
        }

        _cacheKey = Key(images);
        if (!context.Force && IsUpToDate(layout, artifacts))
        {
            KeepSnapshot(layout, plugin, bundle);
            return Outcome(ComponentBuildStatus.UpToDate, artifacts, null);
        }

        context.Progress?.Started(new ComponentBuildStart(entry.Name, entry.Language, bundle.Name, context.Profile));
        layout.RemoveLeftoverStaging(entry.Name);
        var staging = layout.CreateStaging(entry.Name);
        try
        {
            layout.CreateFolder(layout.Scratch);
            WriteSupportFiles(plan, layout);
            var folders = new HostFolders(layout.Workspace, staging, layout.Scratch);
            var runner = await context.Runner.GetAsync(cancellationToken).ConfigureAwait(false);
            var sink = new ProgressSink(context.Progress, _display);
            foreach (var step in plan.Steps)
            {
                await RunStepAsync(runner, step, bundleSpec, folders, layout.Paths, sink, cancellationToken).ConfigureAwait(false);
            }

            foreach (var artifact in artifacts)
            {
                var staged = Path.Combine(staging, artifact.RelativeToOutput);
                // A step can leave a link to a host file at an artifact's name; it is refused, never read or published.
                WorkspacePaths.Check(layout.Workspace, staged, layout.OutputRoot);
                if (!File.Exists(staged))
                {
                    throw new ComponentFailedException($"the plan's steps did not produce the artifact {artifact.ContainerPath}");
                }
            }

            if (ComponentValidation.CheckHeader(Path.Combine(staging, artifacts[0].RelativeToOutput)) is { } problem)
            {
                throw new ComponentFailedException($"{artifacts[0].ContainerPath} {problem}");
            }

            if (WriteBack(plan, layout))
            {
                // The build used the lock it wrote back: the stamp is for the sources, and the plan made of them, as they are now.
                var replanned = Plan(plugin, request);
                _inputStats = new InputStatRecorder();
                inputs = BuildCacheKey.CollectInputs(layout, entry.FullPath, entry.WitFullPath, replanned, excludedRoots, _inputStats);
                _cacheKey = BuildCacheKey.Compute(entry.ToSpec(), context.Profile, bundle.Name, images, replanned, validation?.Argv, inputs);
            }

            if (validation is not null)
            {
                // Quiet unless it fails: jco wit prints the whole WIT of the component.
                // In a fresh container: the steps cannot have left anything behind in the one that checks their work.
                await RunStepAsync(runner, validation, bundleSpec, folders, layout.Paths, sink: null, cancellationToken, fresh: true).ConfigureAwait(false);
            }

            new BuildStamp(
                BuildCacheKey.Format,
                _cacheKey,
                bundle.Name,
                context.Profile,
                images,
                [.. artifacts.Select(artifact => new StampedArtifact(
                    artifact.Kind,
                    artifact.RelativeToOutput.Replace('\\', '/'),
                    BuildCacheKey.HashFile(Path.Combine(staging, artifact.RelativeToOutput))))],
                DateTimeOffset.UtcNow)
            {
                Reads = DependencyFiles.Read(plan, layout, staging, excludedRoots),
            }.WriteAtomically(layout, Path.Combine(staging, BuildLayout.StampFileName));
            ArtifactPublisher.Publish(layout, staging);
            KeepSnapshot(layout, plugin, bundle);
            return Outcome(ComponentBuildStatus.Built, artifacts, null);
        }
        finally
        {
            BuildLayout.TryDelete(staging);
        }
    }

    /// <summary>Every toolchain's recorded image id, or null when one is unknown (then the engine is asked).</summary>
    private SortedDictionary<string, string>? RecordedImageIds(IEnumerable<string> toolchains, BundleSpec bundleSpec, string bundleName)
    {
        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var toolchain in toolchains)
        {
            if (context.Toolchains.RecordedImageId(bundleSpec.Toolchains[toolchain], bundleName, toolchain) is not { } id)
            {
                return null;
            }

            images[toolchain] = id;
        }

        return images;
    }

    private BuildPlan Plan(ILanguagePlugin plugin, BuildRequest request)
    {
        BuildPlan plan;
        try
        {
            plan = plugin.PlanBuild(request);
        }
        catch (WasmcPluginException e)
        {
            // The plugin contract: a WasmcPluginException is a problem with the user's input (their manifest, their WIT).
            throw new ComponentFailedException(_display.Shorten(e.Message), invalidInput: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComponentFailedException($"the {plugin.DisplayName} plugin failed to plan the build: {e.Message} ({e.GetType().Name})");
        }

        if (plan.Steps.Count == 0 || plan.Artifacts.Count == 0)
        {
            throw new ComponentFailedException($"the {plugin.DisplayName} plugin returned a plan without {(plan.Steps.Count == 0 ? "steps" : "artifacts")}");
        }

        return plan;
    }

    private static List<ResolvedArtifact> ResolveArtifacts(BuildPlan plan, BuildLayout layout)
    {
        var resolved = new List<ResolvedArtifact>();
        foreach (var artifact in plan.Artifacts)
        {
            var host = BuildLayout.MapBelow(artifact.ContainerPath, layout.Paths.Output, layout.Output);
            if (host is null || host == Path.GetFullPath(layout.Output))
            {
                throw new ComponentFailedException(
                    $"the plan's artifact {artifact.ContainerPath} is not a file below the output folder {layout.Paths.Output}");
            }

            resolved.Add(new ResolvedArtifact(artifact.Kind, artifact.ContainerPath, host, Path.GetRelativePath(layout.Output, host)));
        }

        return resolved;
    }

    /// <summary>
    /// Up to date: the stamp was written for this key, every artifact is still the file that was built (by hash: a
    /// truncated or replaced artifact is rebuilt), and every file the toolchains reported reading is unchanged.
    /// </summary>
    private bool IsUpToDate(BuildLayout layout, IReadOnlyList<ResolvedArtifact> artifacts) =>
        BuildStamp.TryRead(layout.StampPath) is { } stamp
        && stamp.Format == BuildCacheKey.Format
        && stamp.Key == _cacheKey
        && StampedFilesUnchanged(stamp, layout, artifacts);

    // Every artifact is still the file that was built (same sha256, not a link) and every file the build read still has its hash.
    private static bool StampedFilesUnchanged(BuildStamp stamp, BuildLayout layout, IReadOnlyList<ResolvedArtifact> artifacts) =>
        artifacts.All(artifact => stamp.Artifacts.Any(stamped =>
            stamped.RelativePath == artifact.RelativeToOutput.Replace('\\', '/')
            && BuildCacheKey.HashInput(layout.Workspace, artifact.HostPath) == stamped.Sha256))
        && DependencyFiles.Unchanged(stamp.Reads, layout.Workspace);

    /// <summary>Copies the plan's write-backs that exist and differ into the workspace; whether any file changed.</summary>
    private static bool WriteBack(BuildPlan plan, BuildLayout layout)
    {
        var changed = false;
        foreach (var file in plan.WriteBacks)
        {
            var source = BuildLayout.MapBelow(file.ContainerPath, layout.Paths.Scratch, layout.Scratch)
                ?? throw new ComponentFailedException($"the plan's write-back {file.ContainerPath} is not below the scratch folder {layout.Paths.Scratch}");
            var destination = BuildLayout.MapBelow(file.WorkspacePath, layout.Paths.Workspace, layout.Workspace)
                ?? throw new ComponentFailedException($"the plan's write-back target {file.WorkspacePath} is not below the workspace {layout.Paths.Workspace}");
            if (!File.Exists(source) || WorkspacePaths.IsLink(source))
            {
                continue;
            }

            var contents = File.ReadAllBytes(source);
            WorkspacePaths.Check(layout.Workspace, destination);
            if (File.Exists(destination) && File.ReadAllBytes(destination).AsSpan().SequenceEqual(contents))
            {
                continue;
            }

            var temporary = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
            try
            {
                File.WriteAllBytes(temporary, contents);
                File.Move(temporary, destination, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            changed = true;
        }

        return changed;
    }

    private static void WriteSupportFiles(BuildPlan plan, BuildLayout layout)
    {
        foreach (var file in plan.SupportFiles)
        {
            var host = BuildLayout.MapBelow(file.ContainerPath, layout.Paths.Scratch, layout.Scratch)
                ?? throw new ComponentFailedException($"the plan's support file {file.ContainerPath} is not below the scratch folder {layout.Paths.Scratch}");
            WorkspacePaths.WriteText(layout.Workspace, host, file.Contents, layout.OutputRoot);
        }
    }

    private async Task RunStepAsync(
        IToolchainRunner runner,
        PlanStep step,
        BundleSpec bundle,
        HostFolders folders,
        ContainerPaths paths,
        IStepOutputSink? sink,
        CancellationToken cancellationToken,
        bool fresh = false)
    {
        context.Progress?.StepStarting(entry.Name, step.Description);
        CreateOutputFolders(step, folders, paths, context.Manifest.OutputDirectory);
        var request = new StepRunRequest(step, bundle.Toolchains[step.Toolchain], bundle.Name, entry.Name, folders, paths) { FreshContainer = fresh };
        var result = await runner.RunAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new ComponentFailedException(
                $"step \"{step.Description}\" exited with code {result.ExitCode}",
                [.. result.Output.Select(_display.Shorten)]);
        }
    }

    /// <summary>Tools rarely create the folder of their output file (<c>clang -o obj/src/a.c.o</c>), so the host does.</summary>
    private static void CreateOutputFolders(PlanStep step, HostFolders folders, ContainerPaths paths, string outputRoot)
    {
        foreach (var output in step.Outputs)
        {
            var host = BuildLayout.MapBelow(output, paths.Output, folders.Output) ?? BuildLayout.MapBelow(output, paths.Scratch, folders.Scratch);
            if (host is not null && Path.GetDirectoryName(host) is { } parent)
            {
                // An earlier step (or build) may have left a link here from inside its container: refused, not followed.
                WorkspacePaths.CreateFolder(folders.Workspace, parent, outputRoot);
            }
        }
    }

    private ComponentBuildOutcome Outcome(ComponentBuildStatus status, IReadOnlyList<ResolvedArtifact> artifacts, string? message) =>
        new(
            entry.Name,
            status,
            context.Profile,
            _bundle,
            _clock.Elapsed,
            [.. artifacts.Select(artifact => new BuildArtifact(artifact.Kind, artifact.HostPath, WorkspacePathDisplay.Relative(context.Manifest.RootDirectory, artifact.HostPath)))],
            _cacheKey,
            message);

    private ComponentBuildOutcome Failed(string message, IReadOnlyList<StepOutputLine> output) =>
        Outcome(ComponentBuildStatus.Failed, [], message) with { FailureOutput = output };

    private sealed record ResolvedArtifact(string Kind, string ContainerPath, string HostPath, string RelativeToOutput);

    private sealed class ProgressSink(IBuildProgress? progress, WorkspacePathDisplay display) : IStepOutputSink
    {
        public void OnLine(StepOutputLine line) => progress?.Output(display.Shorten(line));
    }
}

/// <summary>This component cannot be built; the build goes on with the others.</summary>
internal sealed class ComponentFailedException(string message, IReadOnlyList<StepOutputLine>? output = null, bool invalidInput = false) : Exception(message)
{
    public IReadOnlyList<StepOutputLine> Output { get; } = output ?? [];

    public bool InvalidInput { get; } = invalidInput;
}
