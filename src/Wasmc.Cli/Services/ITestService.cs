using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc test</c> asks for, after the manifest was validated.</summary>
/// <param name="ManifestPath">Absolute path of the workspace's <c>wasmc.toml</c>.</param>
/// <param name="Components">Component names to test; empty means all.</param>
/// <param name="JUnitReportPath">Where to write a JUnit XML report, or null.</param>
internal sealed record TestInvocation(string ManifestPath, IReadOnlyList<string> Components, string? JUnitReportPath);

/// <summary>The result of one test case (one call of a component export).</summary>
/// <param name="Component">Component name.</param>
/// <param name="Name">Test name.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Message">Why it failed, when it failed.</param>
internal sealed record TestCaseResult(string Component, string Name, bool Passed, string? Message);

/// <summary>The seam between the <c>test</c> verb and the test runner (Wasmc.Core).</summary>
internal interface ITestService
{
    Task<IReadOnlyList<TestCaseResult>> TestAsync(TestInvocation invocation, CancellationToken cancellation);
}

/// <summary>Stands in until the test runner lands; says so plainly (exit 1).</summary>
internal sealed class NotImplementedTestService : ITestService
{
    public Task<IReadOnlyList<TestCaseResult>> TestAsync(TestInvocation invocation, CancellationToken cancellation) =>
        throw new FailureException(
            "'test' is not implemented yet: the manifest is valid, but no test service is wired in this version of wasmc.");
}
