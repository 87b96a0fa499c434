using System.Collections.Concurrent;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Tests.Building.Support;

/// <summary>The bytes a real component starts with, and a few more.</summary>
internal static class FakeWasm
{
    public static readonly byte[] Component = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x2a];

    public static readonly byte[] CoreModule = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
}

/// <summary>
/// A language plugin whose plan is one "compile" step in the <c>tools</c> toolchain writing
/// <c>/out/NAME.wasm</c>; tests may replace the plan. Records every request.
/// </summary>
internal sealed class FakePlugin : ILanguagePlugin
{
    public const string Language = "fake";

    public ConcurrentQueue<BuildRequest> Requests { get; } = new();

    /// <summary>Replaces the default plan.</summary>
    public Func<BuildRequest, BuildPlan>? Plan { get; set; }

    public string LanguageId => Language;

    public string DisplayName => "Fake";

    public IReadOnlyList<string> Toolchains { get; } = ["tools"];

    public IReadOnlyList<ComponentTemplate> Templates { get; } = [new("library", "A library")];

    public bool Recognizes(ComponentFolder folder) => true;

    public ScaffoldResult Scaffold(ScaffoldRequest request) => throw new NotSupportedException();

    public BuildPlan PlanBuild(BuildRequest request)
    {
        Requests.Enqueue(request);
        return Plan?.Invoke(request) ?? DefaultPlan(request);
    }

    public static BuildPlan DefaultPlan(BuildRequest request)
    {
        var output = $"{request.Paths.Output}/{request.Component.Name}.wasm";
        return new BuildPlan(
            [
                new PlanStep("compile", "tools", ["fakecc", $"{request.Paths.Component}/src/main.txt", "-o", output], request.Paths.Component)
                {
                    Inputs = [$"{request.Paths.Component}/src/**"],
                    Outputs = [output],
                },
            ],
            [new PlanArtifact("component", output)]);
    }
}

/// <summary>What the fake runner does for one step.</summary>
/// <param name="ExitCode">The step's exit code.</param>
/// <param name="Lines">Lines it prints ({workspace} is replaced with the host workspace folder).</param>
/// <param name="Contents">What it writes to each of its outputs below /out (null: nothing).</param>
internal sealed record FakeStepBehaviour(int ExitCode = 0, IReadOnlyList<string>? Lines = null, byte[]? Contents = null);

/// <summary>
/// Runs no tool: records requests, prints the configured lines, writes the configured bytes to the step's
/// outputs below /out (mapped to the request's output folder), and can hold a step until it is cancelled.
/// </summary>
internal sealed class FakeRunner : IToolchainRunner
{
    private readonly FakeToolchains _owner;
    private int _running;

    public FakeRunner(FakeToolchains owner) => _owner = owner;

    public string Kind => "fake";

    public bool Disposed { get; private set; }

    public async Task<StepResult> RunAsync(StepRunRequest request, IStepOutputSink? output = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        _owner.Requests.Enqueue(request);
        var concurrent = Interlocked.Increment(ref _running);
        _owner.RecordConcurrency(concurrent);
        try
        {
            if (_owner.BeforeStep is { } before)
            {
                await before(request, cancellationToken);
            }

            var behaviour = _owner.Behaviour(request);
            var lines = (behaviour.Lines ?? [])
                .Select(text => new StepOutputLine(request.ComponentName, false, text.Replace("{workspace}", Path.GetFullPath(request.Folders.Workspace), StringComparison.Ordinal)))
                .ToList();
            foreach (var line in lines)
            {
                output?.OnLine(line);
            }

            if (behaviour.Contents is { } contents)
            {
                foreach (var file in request.Step.Outputs.Where(path => path.StartsWith(request.Paths.Output + "/", StringComparison.Ordinal)))
                {
                    var host = Path.Combine(request.Folders.Output, file[(request.Paths.Output.Length + 1)..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                    await File.WriteAllBytesAsync(host, contents, cancellationToken);
                }
            }

            return new StepResult(behaviour.ExitCode, lines, TimeSpan.Zero);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A toolchain environment with fake image ids and fake runners; counts what it was asked for.</summary>
internal sealed class FakeToolchains : IToolchainEnvironment
{
    private int _maxConcurrency;

    public ConcurrentDictionary<string, string> ImageIds { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<StepRunRequest> Requests { get; } = new();

    public List<FakeRunner> Runners { get; } = [];

    /// <summary>Decides each step's behaviour; default: success, writing a component.</summary>
    public Func<StepRunRequest, FakeStepBehaviour> Behaviour { get; set; } = _ => new FakeStepBehaviour(Contents: FakeWasm.Component);

    /// <summary>Runs before each step (to hold it, or to see it start).</summary>
    public Func<StepRunRequest, CancellationToken, Task>? BeforeStep { get; set; }

    /// <summary>Images reported missing.</summary>
    public HashSet<string> MissingImages { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids known without the engine (<see cref="IToolchainEnvironment.RecordedImageId"/>); every engine answer lands here, as in the real record.</summary>
    public ConcurrentDictionary<string, string> RecordedIds { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, asking the engine fails as with Docker down.</summary>
    public bool EngineDown { get; set; }

    /// <summary>How often the engine was asked for an image id.</summary>
    public int EngineQueries => Volatile.Read(ref _engineQueries);

    private int _engineQueries;

    public int MaxConcurrency => Volatile.Read(ref _maxConcurrency);

    public Task<string> GetImageIdAsync(string image, string bundleName, string toolchain, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _engineQueries);
        if (EngineDown)
        {
            throw new Wasmc.Docker.DockerException("Docker is not reachable (fake engine down)");
        }

        if (MissingImages.Contains(image))
        {
            throw new ToolchainImageMissingException(image, bundleName, toolchain);
        }

        var id = ImageIds.GetOrAdd(image, reference => "sha256:" + BundleTextHash(reference));
        RecordedIds[image] = id;
        return Task.FromResult(id);
    }

    public string? RecordedImageId(string image, string bundleName, string toolchain) => RecordedIds.GetValueOrDefault(image);

    public Task<IToolchainRunner> CreateRunnerAsync(CancellationToken cancellationToken)
    {
        var runner = new FakeRunner(this);
        lock (Runners)
        {
            Runners.Add(runner);
        }

        return Task.FromResult<IToolchainRunner>(runner);
    }

    public void RecordConcurrency(int concurrent)
    {
        int seen;
        while (concurrent > (seen = Volatile.Read(ref _maxConcurrency)) && Interlocked.CompareExchange(ref _maxConcurrency, concurrent, seen) != seen)
        {
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string BundleTextHash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}

/// <summary>Collects progress events.</summary>
internal sealed class RecordingProgress : IBuildProgress
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<StepOutputLine> Lines { get; } = new();

    public void Started(ComponentBuildStart start) => Events.Enqueue(BuildMessages.Building(start));

    public void StepStarting(string component, string description) => Events.Enqueue($"step {component}: {description}");

    public void Output(StepOutputLine line) => Lines.Enqueue(line);

    public void Finished(ComponentBuildOutcome outcome) => Events.Enqueue($"finished {outcome.Component}: {BuildMessages.StatusName(outcome.Status)}");
}

/// <summary>The in-memory bundle the fake workspace builds with: one toolchain <c>tools</c> that has wasm-tools.</summary>
internal static class FakeBundle
{
    public const string Name = "test-bundle";

    public static Bundle Create(params (string Name, string[] Tools)[] toolchains)
    {
        if (toolchains.Length == 0)
        {
            toolchains = [("tools", ["fakecc", "wasm-tools"])];
        }

        return new Bundle
        {
            Name = Name,
            Description = "a bundle for tests",
            Wasi = [WasiLevel.Preview2],
            Runner = "jco",
            Languages = [FakePlugin.Language],
            Base = "wasmc/debian:test",
            Tools = new Dictionary<string, string> { ["fakecc"] = "1.0.0", ["wasm-tools"] = "1.239.0" },
            Paths = new Dictionary<string, string>(),
            Toolchains = [.. toolchains.Select(toolchain => new BundleToolchain
            {
                BundleName = Name,
                Name = toolchain.Name,
                Base = "wasmc/debian:test",
                Dockerfile = $"toolchains/{toolchain.Name}.Dockerfile",
                Tools = toolchain.Tools,
                Args = new Dictionary<string, string>(),
                Packages = new Dictionary<string, string>(),
                Npm = new Dictionary<string, string>(),
                NpmOverrides = new Dictionary<string, string>(),
                InputFiles = [],
            })],
            FilePath = "/nonexistent/bundles/test-bundle.toml",
            SourceFile = new BundleInputFile("bundles/test-bundle.toml", "0"),
        };
    }
}
