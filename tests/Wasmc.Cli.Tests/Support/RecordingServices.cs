using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;
using Wasmc.Core.Testing;

namespace Wasmc.Cli.Tests.Support;

/// <summary>Stands in for the build orchestration: records what the verb asked for, then fails (exit 1) without Docker.</summary>
internal sealed class RecordingBuildService : IBuildService
{
    public List<BuildInvocation> Invocations { get; } = [];

    public Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation)
    {
        Invocations.Add(invocation);
        throw new FailureException("recorded by the test");
    }
}

/// <summary>Stands in for the test runner: records what the verb asked for, then fails (exit 1) without Docker.</summary>
internal sealed class RecordingTestService : ITestService
{
    public List<TestInvocation> Invocations { get; } = [];

    public Task<TestRunReport> TestAsync(TestInvocation invocation, CancellationToken cancellation)
    {
        Invocations.Add(invocation);
        throw new FailureException("recorded by the test");
    }
}

/// <summary>Stands in for the build: returns the given results without Docker.</summary>
internal sealed class FixedBuildService(params ComponentBuildResult[] results) : IBuildService
{
    public Task<IReadOnlyList<ComponentBuildResult>> BuildAsync(BuildInvocation invocation, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<ComponentBuildResult>>(results);
}
