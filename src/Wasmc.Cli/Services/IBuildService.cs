using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc build</c> asks for, after the manifest was validated.</summary>
/// <param name="ManifestPath">Absolute path of the workspace's <c>wasmc.toml</c>.</param>
/// <param name="Components">Component names to build; empty means all.</param>
/// <param name="Profile">Profile name (<c>debug</c> unless given).</param>
/// <param name="Jobs">Components built at once.</param>
/// <param name="Force">Rebuild even when the cache says the outputs are up to date.</param>
internal sealed record BuildInvocation(string ManifestPath, IReadOnlyList<string> Components, string Profile, int Jobs, bool Force);

/// <summary>The result of one component's build.</summary>
/// <param name="Component">Component name.</param>
/// <param name="Status"><c>built</c>, <c>up-to-date</c> or <c>failed</c>.</param>
/// <param name="Artifact">Path of the component <c>.wasm</c>, when built.</param>
/// <param name="Message">Why it failed, when it failed.</param>
internal sealed record ComponentBuildResult(string Component, string Status, string? Artifact, string? Message);

/// <summary>
/// The seam between the <c>build</c> verb and the build orchestration (Wasmc.Core). The verb parses
/// options and validates the manifest; everything after that happens behind this interface.
/// </summary>
internal interface IBuildService
{
    Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation);
}

/// <summary>Stands in until the build orchestration lands; says so plainly (exit 1).</summary>
internal sealed class NotImplementedBuildService : IBuildService
{
    public Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation) =>
        throw new FailureException(
            "'build' is not implemented yet: the manifest is valid, but no build service is wired in this version of wasmc.");
}
