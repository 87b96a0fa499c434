using Wasmc.Cli.Infrastructure;
using Wasmc.Containers.DevContainers;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Testing;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc test</c> asks for, after the manifest was validated.</summary>
/// <param name="Manifest">The validated workspace manifest.</param>
/// <param name="Components">Component names to test; empty means all.</param>
/// <param name="Profile">Profile whose artifacts are tested; null means the manifest's <c>default-profile</c>.</param>
/// <param name="JUnitReportPath">Where to write a JUnit XML report, or null.</param>
internal sealed record TestInvocation(WorkspaceManifest Manifest, IReadOnlyList<string> Components, string? Profile, string? JUnitReportPath)
{
    /// <summary>Results go to stdout as JSON, so progress and build output go to stderr.</summary>
    public bool Json { get; init; }

    /// <summary><c>--runner</c>: <c>wasmtime</c> or <c>jco</c> for every component; null: each component's own choice.</summary>
    public string? Runner { get; init; }
}

/// <summary>The seam between the <c>test</c> verb and the test runner (Wasmc.Core.Testing).</summary>
internal interface ITestService
{
    /// <summary>Builds what is needed, runs the tests, writes the JUnit report when asked; failing cases are results.</summary>
    Task<TestRunReport> TestAsync(TestInvocation invocation, CancellationToken cancellation);
}

/// <summary>
/// Tests with <see cref="WorkspaceTester"/>: components are built first (cache hits when unchanged), then every
/// component's cases run with its bundle's runner, in Docker (or on the host with <c>WASMC_RUNNER=host</c>).
/// Test-file problems exit 2 with every <c>file:line:col</c>, a missing image or Docker 3, a failed build 1.
/// </summary>
internal sealed class TestService(ContainersLocator containers, PluginCatalogProvider plugins, CliOutput output, CliSession session) : ITestService
{
    public async Task<TestRunReport> TestAsync(TestInvocation invocation, CancellationToken cancellation)
    {
        var catalog = await plugins.LoadAsync().ConfigureAwait(false);
        var bundles = containers.Catalog().Bundles;
        await using var toolchains = await CreateToolchainEnvironmentAsync(session, invocation.Manifest, cancellation).ConfigureAwait(false);
        var builder = new WorkspaceBuilder(catalog.Plugins, bundles, toolchains, new ConsoleBuildProgress(output, session.VerbosityOrNormal, invocation.Json));
        var tester = new WorkspaceTester(bundles, toolchains, new BuildingComponentArtifacts(builder));
        TestRunReport report;
        try
        {
            report = await tester.RunAsync(
                invocation.Manifest,
                new TestRunOptions { Components = invocation.Components, Profile = invocation.Profile, Runner = invocation.Runner },
                cancellation).ConfigureAwait(false);
        }
        catch (TestInputException e) when (e.Diagnostics.Count > 0)
        {
            throw new DiagnosticsException(
                $"the test files have {e.Diagnostics.Count} problem{(e.Diagnostics.Count == 1 ? "" : "s")}; nothing ran",
                [.. e.Diagnostics.Select(d => d.ToString())]);
        }
        catch (TestInputException e)
        {
            throw new BadInputException(e.Message);
        }
        catch (BuildInputException e) when (e.Diagnostics.Count > 0)
        {
            throw new DiagnosticsException(e.Message, e.Diagnostics);
        }
        catch (BuildInputException e)
        {
            throw new BadInputException(e.Message);
        }
        catch (TestBuildFailedException e)
        {
            throw new FailureException(e.Message);
        }
        catch (TestEnvironmentException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (BuildEnvironmentException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (ToolchainRunException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }

        if (invocation.JUnitReportPath is { } junit)
        {
            TestReports.WriteJUnit(report, junit);
        }

        return report;
    }

    /// <summary>
    /// Where plan steps run, from <c>WASMC_RUNNER</c> (<c>docker</c>, <c>host</c>, unset = decided by the workplace: in a dev
    /// container built from a bundle image its toolchain runs there, the rest in Docker, with bind sources translated to the
    /// host's paths when the engine is outside).
    /// </summary>
    public static async Task<IToolchainEnvironment> CreateToolchainEnvironmentAsync(CliSession session, WorkspaceManifest manifest, CancellationToken cancellation)
    {
        RunnerMode mode;
        try
        {
            mode = RunnerSelection.ParseMode(session.Environment.Variable(RunnerSelection.Variable));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message);
        }

        return await ToolchainEnvironments.CreateAsync(mode, [manifest.RootDirectory, manifest.OutputDirectory], cancellation).ConfigureAwait(false);
    }
}
