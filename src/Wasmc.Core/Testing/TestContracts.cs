namespace Wasmc.Core.Testing;

/// <summary>What to test: which components, with which profile's artifacts.</summary>
public sealed record TestRunOptions
{
    /// <summary>Component names to test; empty means every component that has test files.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>The profile whose artifacts are tested; null means the manifest's <c>default-profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// <c>wasmtime</c> (the default: in this process) or <c>jco</c> (one Node process in the bundle's image);
    /// null: each component's <c>runner</c> key, else <c>wasmtime</c>.
    /// </summary>
    public string? Runner { get; init; }

    /// <summary>
    /// Wall time one runner step may take (the whole jco harness of a component).
    /// A step that runs longer is killed and its unfinished cases fail.
    /// </summary>
    public TimeSpan StepTimeLimit { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>How a test case ended.</summary>
public enum TestCaseStatus
{
    /// <summary>The call returned what was expected (or trapped as expected).</summary>
    Passed,

    /// <summary>The call returned something else, or trapped unexpectedly.</summary>
    Failed,

    /// <summary><c>skip = true</c> in the test file; not run.</summary>
    Skipped,
}

/// <summary>The result of one test case.</summary>
/// <param name="Component">Component name.</param>
/// <param name="File">Test file, relative to the workspace root, <c>/</c> separators.</param>
/// <param name="Line">1-based line of the case's table in the test file.</param>
/// <param name="Name">Case name (its <c>name</c>, or the call text).</param>
/// <param name="Status">Passed, failed or skipped.</param>
/// <param name="Duration">Time the call took inside the runtime (zero when unknown).</param>
public sealed record TestCaseReport(string Component, string File, int Line, string Name, TestCaseStatus Status, TimeSpan Duration)
{
    /// <summary>What was expected, as WAVE (or the expected error, exit code, output).</summary>
    public string? Expected { get; init; }

    /// <summary>What happened, as WAVE (or the trap message, exit code, output).</summary>
    public string? Actual { get; init; }

    /// <summary>Why it failed or was skipped, in one line.</summary>
    public string? Message { get; init; }

    /// <summary>What the component printed while the case ran, when the runner could attribute it.</summary>
    public string? Output { get; init; }

    /// <summary>The case's location, <c>file:line</c>.</summary>
    public string Location => $"{File}:{Line}";
}

/// <summary>The results of one component's test files.</summary>
/// <param name="Component">Component name.</param>
/// <param name="Runner"><c>wasmtime</c> or <c>jco</c>.</param>
/// <param name="Cases">Every case, in file order.</param>
/// <param name="Duration">Wall time for the component, runtime start-up included.</param>
public sealed record ComponentTestReport(string Component, string Runner, IReadOnlyList<TestCaseReport> Cases, TimeSpan Duration)
{
    /// <summary>
    /// How the runner ran: <c>compiled in 1.2 s</c> or <c>cached</c> (Wasmtime), <c>Node</c> (jco), and which
    /// cases went to jco because Wasmtime cannot pass their signatures.
    /// </summary>
    public string? Detail { get; init; }

    public int Passed => Cases.Count(c => c.Status == TestCaseStatus.Passed);

    public int Failed => Cases.Count(c => c.Status == TestCaseStatus.Failed);

    public int Skipped => Cases.Count(c => c.Status == TestCaseStatus.Skipped);
}

/// <summary>The results of a whole test run.</summary>
/// <param name="Components">Per component, in manifest order.</param>
/// <param name="Duration">Wall time of the run.</param>
public sealed record TestRunReport(IReadOnlyList<ComponentTestReport> Components, TimeSpan Duration)
{
    public IEnumerable<TestCaseReport> Cases => Components.SelectMany(c => c.Cases);

    public int Passed => Components.Sum(c => c.Passed);

    public int Failed => Components.Sum(c => c.Failed);

    public int Skipped => Components.Sum(c => c.Skipped);

    /// <summary>True when no case failed.</summary>
    public bool Succeeded => Failed == 0;
}

/// <summary>A problem in a test file, at <c>file:line:col</c>.</summary>
/// <param name="File">The test file (as given to the reader: absolute, or relative to the workspace in messages).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong.</param>
public sealed record TestDiagnostic(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>
/// The test files are wrong (malformed, unknown function, a value that does not fit the WIT): nothing
/// ran. Every problem is listed; the CLI exits with code 2.
/// </summary>
public sealed class TestInputException : Exception
{
    public TestInputException(IReadOnlyList<TestDiagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics)) => Diagnostics = diagnostics;

    public TestInputException(string message)
        : base(message) => Diagnostics = [];

    public IReadOnlyList<TestDiagnostic> Diagnostics { get; }
}

/// <summary>The tests cannot run on this machine (artifact missing, runtime image missing, runner unavailable).</summary>
public sealed class TestEnvironmentException : Exception
{
    public TestEnvironmentException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>A component failed to build, so its tests could not run (exit code 1, like a failing test).</summary>
public sealed class TestBuildFailedException : Exception
{
    public TestBuildFailedException(string message) : base(message) { }

    /// <param name="message">Every failure, in one sentence.</param>
    /// <param name="built">The components that did build (name to artifact path): their tests still run.</param>
    /// <param name="failures">Why each failed component failed, by name.</param>
    public TestBuildFailedException(string message, IReadOnlyDictionary<string, string> built, IReadOnlyDictionary<string, string> failures) : base(message)
    {
        Built = built;
        Failures = failures;
    }

    /// <summary>The components that built (name to artifact); empty when unknown.</summary>
    public IReadOnlyDictionary<string, string> Built { get; } = new Dictionary<string, string>();

    /// <summary>Why each component failed to build, by name; empty when unknown.</summary>
    public IReadOnlyDictionary<string, string> Failures { get; } = new Dictionary<string, string>();
}

/// <summary>Live progress of a test run; implementations serialise their own output.</summary>
public interface ITestProgress
{
    /// <summary>A component's cases are about to run.</summary>
    void ComponentStarting(string component, string runner, int cases);

    /// <summary>A component is done.</summary>
    void ComponentFinished(ComponentTestReport report);
}
