using System.Text.Json.Serialization;
using Wasmc.Cli.Infrastructure;
using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc build</c> asks for, after the manifest was validated.</summary>
/// <param name="Manifest">The validated workspace manifest.</param>
/// <param name="Components">Component names to build; empty means all.</param>
/// <param name="Profile">Profile name; null means the manifest's <c>default-profile</c>.</param>
/// <param name="Jobs">Components built at once.</param>
/// <param name="Force">Rebuild even when the cache says the outputs are up to date.</param>
internal sealed record BuildInvocation(WorkspaceManifest Manifest, IReadOnlyList<string> Components, string? Profile, int Jobs, bool Force)
{
    /// <summary>Results go to stdout as JSON, so progress and tool output go to stderr.</summary>
    public bool Json { get; init; }

    /// <summary>Fail instead of waiting when another build holds the workspace.</summary>
    public bool NoWait { get; init; }
}

/// <summary>An artifact of a component build.</summary>
/// <param name="Kind"><c>component</c>, <c>core-module</c>, ...</param>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">Path relative to the workspace root.</param>
internal sealed record BuildArtifactResult(string Kind, string Path, string RelativePath);

/// <summary>The result of one component's build (the shape of <c>build --json</c>).</summary>
/// <param name="Component">Component name.</param>
/// <param name="Status"><c>built</c>, <c>up-to-date</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Profile">Profile name.</param>
/// <param name="Bundle">Published bundle name.</param>
/// <param name="DurationSeconds">Wall time spent on the component.</param>
/// <param name="Artifact">Absolute path of the component <c>.wasm</c>, when built or up-to-date.</param>
/// <param name="Artifacts">Every artifact, the component first.</param>
/// <param name="CacheKey">The build cache key (sha256 hex), when computed.</param>
/// <param name="Message">Why it failed or was skipped.</param>
internal sealed record ComponentBuildResult(
    string Component,
    string Status,
    string Profile,
    string? Bundle,
    double DurationSeconds,
    string? Artifact,
    IReadOnlyList<BuildArtifactResult> Artifacts,
    string? CacheKey,
    string? Message)
{
    public static ComponentBuildResult From(ComponentBuildOutcome outcome) => new(
        outcome.Component,
        BuildMessages.StatusName(outcome.Status),
        outcome.Profile,
        outcome.Bundle,
        Math.Round(outcome.Duration.TotalSeconds, 3),
        outcome.ComponentArtifact?.Path,
        [.. outcome.Artifacts.Select(artifact => new BuildArtifactResult(artifact.Kind, artifact.Path, artifact.RelativePath))],
        outcome.CacheKey,
        outcome.Message)
    {
        InvalidInput = outcome.InvalidInput,
    };

    /// <summary>Failed on the user's input before anything ran (exit code 2); not part of the JSON output.</summary>
    [JsonIgnore]
    public bool InvalidInput { get; init; }
}

/// <summary>
/// The seam between the <c>build</c> verb and the build orchestration (Wasmc.Core). The verb parses
/// options and validates the manifest; everything after that happens behind this interface.
/// </summary>
internal interface IBuildService
{
    Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation);
}

/// <summary>
/// Builds with <see cref="WorkspaceBuilder"/>: steps run in the bundles' images through Docker, or here for the toolchains
/// a dev container built from a bundle image holds (<c>WASMC_RUNNER=host</c>/<c>docker</c> override). Maps the build's exceptions to
/// exit codes: unknown component or profile 2, Docker or image problems 3; failed components are results (exit 1).
/// </summary>
internal sealed class BuildService(ContainersLocator containers, PluginCatalogProvider plugins, CliOutput output, CliSession session) : IBuildService
{
    public async Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation)
    {
        var catalog = await plugins.LoadAsync().ConfigureAwait(false);
        var bundles = containers.Catalog().Bundles;
        var progress = new ConsoleBuildProgress(output, session.VerbosityOrNormal, invocation.Json);
        await using var toolchains = await TestService.CreateToolchainEnvironmentAsync(session, invocation.Manifest, cancellation).ConfigureAwait(false);
        var builder = new WorkspaceBuilder(catalog.Plugins, bundles, toolchains, progress);
        IReadOnlyList<ComponentBuildOutcome> outcomes;
        try
        {
            outcomes = await builder.BuildAsync(
                invocation.Manifest,
                new BuildOptions { Components = invocation.Components, Profile = invocation.Profile, Jobs = invocation.Jobs, Force = invocation.Force, NoWait = invocation.NoWait },
                cancellation).ConfigureAwait(false);
        }
        catch (BuildInputException e) when (e.Diagnostics.Count > 0)
        {
            throw new DiagnosticsException(e.Message, e.Diagnostics);
        }
        catch (BuildInputException e)
        {
            throw new BadInputException(e.Message);
        }
        catch (BuildEnvironmentException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (WorkspaceBusyException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }

        return [.. outcomes.Select(ComponentBuildResult.From)];
    }
}

/// <summary>
/// Build progress on the console: one line per component start and end, tool output live with its
/// <c>[component]</c> prefix, and the output of a failed step when it was not already shown. With
/// <c>--json</c> all of it goes to stderr so stdout stays one JSON document; <c>-v quiet</c> keeps only failures.
/// </summary>
internal sealed class ConsoleBuildProgress(CliOutput output, Verbosity verbosity, bool json) : IBuildProgress
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _linesShownInStep = new(StringComparer.Ordinal);

    public void Started(ComponentBuildStart start) => Say(BuildMessages.Building(start));

    public void WaitingForWorkspace(int processId)
    {
        lock (_lock)
        {
            output.ErrorLine(BuildMessages.WaitingForWorkspace(processId));
        }
    }

    public void StepStarting(string component, string description)
    {
        lock (_lock)
        {
            _linesShownInStep[component] = 0;
            if (verbosity >= Verbosity.Detailed)
            {
                Write($"[{component}] > {description}");
            }
        }
    }

    public void Output(StepOutputLine line)
    {
        if (verbosity == Verbosity.Quiet)
        {
            return;
        }

        lock (_lock)
        {
            _linesShownInStep[line.Component] = _linesShownInStep.GetValueOrDefault(line.Component) + 1;
            Write(line.ToString());
        }
    }

    public void Finished(ComponentBuildOutcome outcome)
    {
        if (outcome.Status != ComponentBuildStatus.Failed)
        {
            Say(BuildMessages.Finished(outcome));
            return;
        }

        lock (_lock)
        {
            if (_linesShownInStep.GetValueOrDefault(outcome.Component) == 0)
            {
                foreach (var line in outcome.FailureOutput)
                {
                    output.ErrorLine(line.ToString());
                }
            }

            output.Error(BuildMessages.Finished(outcome));
        }
    }

    private void Say(string text)
    {
        if (verbosity == Verbosity.Quiet)
        {
            return;
        }

        lock (_lock)
        {
            Write(text);
        }
    }

    private void Write(string text)
    {
        if (json)
        {
            output.ErrorLine(text);
        }
        else
        {
            output.Line(text);
        }
    }
}
