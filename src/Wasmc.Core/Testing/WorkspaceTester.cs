using System.Diagnostics;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Files;
using Wasmc.Core.Testing.Running;
using Wasmc.Core.Testing.Running.Jco;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Workspace;

namespace Wasmc.Core.Testing;

/// <summary>
/// Runs the tests of a validated workspace (docs/testing.md): reads every component's
/// <c>tests/*.test.toml</c>, type-checks all cases against the component's world before anything runs,
/// gets the built components, and runs each component's cases: in Wasmtime in this process by default,
/// or with jco in one Node process in the bundle's image (<c>--runner jco</c>, a component's
/// <c>runner = "jco"</c>, and automatically for cases whose signatures Wasmtime's .NET API cannot pass).
/// </summary>
public sealed class WorkspaceTester
{
    private readonly Dictionary<string, Bundle> _bundles;
    private readonly IToolchainEnvironment _toolchains;
    private readonly IComponentArtifacts _artifacts;
    private readonly ITestProgress? _progress;

    /// <param name="bundles">The published bundles.</param>
    /// <param name="toolchains">Where the runners' steps run (Docker or host).</param>
    /// <param name="artifacts">Where the built components come from (<see cref="BuildingComponentArtifacts"/> builds first).</param>
    /// <param name="progress">Live progress, or null.</param>
    public WorkspaceTester(IEnumerable<Bundle> bundles, IToolchainEnvironment toolchains, IComponentArtifacts artifacts, ITestProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        _bundles = bundles.ToDictionary(b => b.Name, StringComparer.Ordinal);
        _toolchains = toolchains ?? throw new ArgumentNullException(nameof(toolchains));
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _progress = progress;
    }

    /// <summary>Checks and runs the tests.</summary>
    /// <exception cref="TestInputException">Unknown component, or test files with problems (every one listed, nothing ran).</exception>
    /// <exception cref="TestEnvironmentException">A component is not built, or its runner cannot run here.</exception>
    /// <exception cref="ToolchainRunException">A runtime image is missing or Docker is unreachable.</exception>
    public async Task<TestRunReport> RunAsync(WorkspaceManifest manifest, TestRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var profile = options.Profile ?? manifest.DefaultProfile;
        if (!manifest.HasProfile(profile))
        {
            throw new TestInputException($"unknown profile '{profile}'; profiles: {string.Join(", ", manifest.Profiles.Select(p => p.Name))}");
        }

        using var runtimes = new ComponentRuntimes();
        var plans = Plan(manifest, options.Components, runtimes, options.Runner);
        var runnable = plans.Where(p => p.Cases.Any(c => c.SkipReason is null)).ToList();
        IReadOnlyDictionary<string, string> artifacts = new Dictionary<string, string>();
        IReadOnlyDictionary<string, string> buildFailures = new Dictionary<string, string>();
        try
        {
            if (runnable.Count > 0)
            {
                artifacts = await _artifacts.GetAsync(manifest, [.. runnable.Select(p => p.Component.Name)], profile, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TestBuildFailedException e) when (e.Failures.Count > 0)
        {
            // A component that does not build fails its cases; the components that built are still tested.
            artifacts = e.Built;
            buildFailures = e.Failures;
        }

        var reports = new List<ComponentTestReport>();
        IToolchainRunner? runner = null;
        try
        {
            foreach (var plan in plans)
            {
                var started = Stopwatch.StartNew();
                _progress?.ComponentStarting(plan.Component.Name, plan.Runner.Name, plan.Cases.Count);
                if (buildFailures.TryGetValue(plan.Component.Name, out var buildFailure))
                {
                    var failedReport = new ComponentTestReport(
                        plan.Component.Name,
                        plan.Runner.Name,
                        [.. plan.Cases.Select(c => CaseEvaluator.Evaluate(plan.Component.Name, c, null) is var report && report.Status == TestCaseStatus.Skipped
                            ? report
                            : report with { Message = $"not run: the component failed to build: {buildFailure}" })],
                        started.Elapsed)
                    {
                        Detail = "build failed",
                    };
                    reports.Add(failedReport);
                    _progress?.ComponentFinished(failedReport);
                    continue;
                }

                var toRun = plan.Cases.Where(c => c.SkipReason is null).ToList();
                var outcomes = new Dictionary<int, CaseOutcome>();
                var details = new List<string>();
                foreach (var (caseRunner, cases, reason) in plan.Groups(toRun))
                {
                    if (caseRunner.NeedsToolchain)
                    {
                        runner ??= await _toolchains.CreateRunnerAsync(cancellationToken).ConfigureAwait(false);
                    }

                    var target = Target(manifest, plan, profile, artifacts[plan.Component.Name], caseRunner.NeedsToolchain ? runner : null, options.StepTimeLimit);
                    var result = await caseRunner.RunAsync(target, cases, cancellationToken).ConfigureAwait(false);
                    foreach (var (id, outcome) in result.Outcomes)
                    {
                        outcomes[id] = outcome;
                    }

                    details.Add(reason is null
                        ? result.Detail ?? ""
                        : $"{cases.Count} case{(cases.Count == 1 ? "" : "s")} with {caseRunner.Name} ({result.Detail}): {reason}");
                }

                var report = new ComponentTestReport(
                    plan.Component.Name,
                    plan.Runner.Name,
                    [.. plan.Cases.Select(c => CaseEvaluator.Evaluate(plan.Component.Name, c, outcomes.GetValueOrDefault(c.Id)))],
                    started.Elapsed)
                {
                    Detail = details.Count == 0 ? null : string.Join("; ", details.Where(d => d.Length > 0)),
                };
                reports.Add(report);
                _progress?.ComponentFinished(report);
            }
        }
        finally
        {
            if (runner is not null)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new TestRunReport(reports, stopwatch.Elapsed);
    }

    /// <summary>Reads and checks every selected component's test files; throws with all problems found.</summary>
    internal List<ComponentPlan> Plan(WorkspaceManifest manifest, IReadOnlyList<string> names, ComponentRuntimes runtimes, string? runnerName = null)
    {
        if (runnerName is not null and not (WasmtimeTestRunner.RunnerName or JcoTestRunner.RunnerName))
        {
            throw new TestInputException($"unknown runner '{runnerName}': use '{WasmtimeTestRunner.RunnerName}' (default) or '{JcoTestRunner.RunnerName}'");
        }

        var unknown = names.Where(n => manifest.FindComponent(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new TestInputException(
                $"unknown component{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; components: {string.Join(", ", manifest.Components.Select(c => c.Name))}");
        }

        var selected = names.Count == 0
            ? manifest.Components
            : [.. manifest.Components.Where(c => names.Contains(c.Name, StringComparer.Ordinal))];
        var diagnostics = new List<TestDiagnostic>();
        var plans = new List<ComponentPlan>();
        foreach (var component in selected)
        {
            var files = TestFileReader.FindFiles(component.FullPath);
            if (files.Count == 0)
            {
                continue;
            }

            var testFiles = files
                .Select(f => TestFileReader.ReadFile(f, Relative(manifest, f), diagnostics))
                .OfType<TestFile>()
                .ToList();
            var (bundle, runner) = RunnerFor(manifest, component, runnerName ?? component.Runner, runtimes, diagnostics);
            var checker = CheckerFor(manifest, component, runner, diagnostics);
            if (checker is null || runner is null || bundle is null)
            {
                continue;
            }

            var cases = testFiles.SelectMany(file => checker.Check(file, diagnostics)).ToList();
            var plan = new ComponentPlan(component, bundle, runner, cases);
            if (runner is WasmtimeTestRunner && cases.Any(c => WasmtimeTestRunner.CannotRun(c) is not null))
            {
                // Wasmtime's .NET API cannot pass some signatures: those cases go to jco, which the report says.
                var fallback = bundle.Runner == JcoTestRunner.RunnerName ? new JcoTestRunner() : null;
                if (fallback is null)
                {
                    diagnostics.Add(new TestDiagnostic(component.Position.File, component.Position.Line, component.Position.Column,
                        $"component '{component.Name}' has cases Wasmtime cannot run ({cases.Select(WasmtimeTestRunner.CannotRun).First(r => r is not null)}), and its bundle '{bundle.Name}' has no jco runner"));
                    continue;
                }

                plan = plan with { Fallback = fallback };
            }

            plans.Add(plan);
        }

        if (diagnostics.Count > 0)
        {
            throw new TestInputException(diagnostics);
        }

        return plans;
    }

    private (Bundle? Bundle, ITestCaseRunner? Runner) RunnerFor(
        WorkspaceManifest manifest, ComponentEntry component, string? runnerName, ComponentRuntimes runtimes, List<TestDiagnostic> diagnostics)
    {
        var bundleName = manifest.PublishedBundleFor(component);
        if (!_bundles.TryGetValue(bundleName, out var bundle))
        {
            diagnostics.Add(new TestDiagnostic(component.Position.File, component.Position.Line, component.Position.Column,
                $"component '{component.Name}' uses bundle '{bundleName}', which is not installed"));
            return (null, null);
        }

        try
        {
            ITestCaseRunner runner = runnerName switch
            {
                null or WasmtimeTestRunner.RunnerName => new WasmtimeTestRunner(runtimes),
                JcoTestRunner.RunnerName when bundle.Runner == JcoTestRunner.RunnerName => new JcoTestRunner(),
                JcoTestRunner.RunnerName => throw new TestEnvironmentException(
                    $"component '{component.Name}' asks for the jco runner, but its bundle '{bundle.Name}' declares runner \"{bundle.Runner}\" (no node and jco in its images)"),
                _ => throw new TestEnvironmentException($"unknown runner '{runnerName}'; wasmc knows \"wasmtime\" and \"jco\""),
            };
            return (bundle, runner);
        }
        catch (TestEnvironmentException e)
        {
            diagnostics.Add(new TestDiagnostic(bundle.FilePath, 1, 1, e.Message));
            return (bundle, null);
        }
    }

    private static TestCaseChecker? CheckerFor(WorkspaceManifest manifest, ComponentEntry component, ITestCaseRunner? runner, List<TestDiagnostic> diagnostics)
    {
        try
        {
            var loaded = WitLoader.Load(component.WitFullPath);
            var world = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, component.World);
            return new TestCaseChecker(component.Name, loaded.Resolve, world, runner is null ? null : runner.Check);
        }
        catch (WitException e)
        {
            diagnostics.Add(e.Span is { } span
                ? new TestDiagnostic(Relative(manifest, span.File), span.Line, span.Column, e.Reason)
                : new TestDiagnostic(Relative(manifest, component.WitFullPath), 1, 1, e.Message));
            return null;
        }
    }

    internal static TestTarget Target(WorkspaceManifest manifest, ComponentPlan plan, string profile, string wasm, IToolchainRunner? runner, TimeSpan limit)
    {
        var scratch = Path.Combine(manifest.OutputDirectory, ".test", profile, plan.Component.Name);
        var output = WorkspacePaths.CreateFolder(manifest.RootDirectory, Path.Combine(scratch, "out"), manifest.OutputDirectory);
        WorkspacePaths.CreateFolder(manifest.RootDirectory, CompiledCacheFolder(manifest, profile), manifest.OutputDirectory);
        var paths = new ContainerPaths("/workspace", ContainerComponentPath(plan.Component), "/out", "/scratch");

        // The component is read through the read-only workspace mount; one outside the workspace is copied in.
        var relative = Path.GetRelativePath(manifest.RootDirectory, wasm);
        string containerWasm;
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            WorkspacePaths.WriteFile(manifest.RootDirectory, Path.Combine(scratch, "component.wasm"), File.ReadAllBytes(wasm), manifest.OutputDirectory);
            containerWasm = "/scratch/component.wasm";
        }
        else
        {
            containerWasm = "/workspace/" + relative.Replace(Path.DirectorySeparatorChar, '/');
        }

        return new TestTarget(
            plan.Component.Name,
            plan.Bundle,
            runner,
            new HostFolders(manifest.RootDirectory, output, scratch),
            paths,
            containerWasm,
            wasm,
            RunLimits.Default with { TimeLimit = limit },
            CompiledCacheFolder(manifest, profile));
    }

    /// <summary>Where compiled components are kept: beside the profile's build outputs, <c>&lt;output&gt;/&lt;profile&gt;/.wasmtime</c>.</summary>
    public static string CompiledCacheFolder(WorkspaceManifest manifest, string profile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Path.Combine(manifest.OutputDirectory, profile, ".wasmtime");
    }

    private static string ContainerComponentPath(ComponentEntry component) =>
        component.Path is "." or "" ? "/workspace" : $"/workspace/{component.Path.Trim('/')}";

    private static string Relative(WorkspaceManifest manifest, string path) =>
        Path.GetRelativePath(manifest.RootDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    internal sealed record ComponentPlan(ComponentEntry Component, Bundle Bundle, ITestCaseRunner Runner, IReadOnlyList<CheckedCase> Cases)
    {
        /// <summary>The runner for cases <see cref="Runner"/> cannot run (<see cref="WasmtimeTestRunner.CannotRun"/>), or null.</summary>
        public ITestCaseRunner? Fallback { get; init; }

        /// <summary>The cases to run, by runner: the component's runner first, then the fallback with the reason.</summary>
        public IEnumerable<(ITestCaseRunner Runner, IReadOnlyList<CheckedCase> Cases, string? Reason)> Groups(IReadOnlyList<CheckedCase> cases)
        {
            var fallback = Fallback is null ? [] : cases.Where(c => WasmtimeTestRunner.CannotRun(c) is not null).ToList();
            var primary = cases.Except(fallback).ToList();
            if (primary.Count > 0)
            {
                yield return (Runner, primary, null);
            }

            if (fallback.Count > 0)
            {
                var reasons = fallback
                    .Select(c => c is CheckedCall call ? $"'{call.Target.QualifiedName}' uses {WasmtimeTestRunner.CannotRun(c)}" : $"[[request]] serves {WasmtimeTestRunner.CannotRun(c)}")
                    .Distinct();
                yield return (Fallback!, fallback, $"{string.Join(", ", reasons)}, which Wasmtime's .NET API cannot pass");
            }
        }
    }
}
