using System.Security.Cryptography;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing.Checking;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Testing.Running.Jco;

/// <summary>
/// The default runner: transpiles the component once with <c>jco transpile --instantiation async</c>
/// (cached by the component's hash), then runs every case of the component in ONE Node process
/// (<see cref="JcoHarness"/>) inside the bundle's node image, network off. Command cases
/// (<c>[[run]]</c>) get a child Node process each, for their own stdin, stdout, stderr and exit code.
/// </summary>
internal sealed class JcoTestRunner : ITestCaseRunner
{
    public const string RunnerName = "jco";
    private const string TranspiledFolder = "js";
    private const string StampFile = ".wasmc-transpiled";

    public string Name => RunnerName;

    public bool NeedsToolchain => true;

    /// <summary>How long one command case may run before the harness kills it.</summary>
    public TimeSpan RunCaseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string? Check(CheckedCase testCase) =>
        testCase is CheckedRun run && (run.Directories.Count > 0 || run.Spec.Scratch is not null)
            ? "the jco runner cannot give a [[run]] directories ('dirs', 'scratch'); use the wasmtime runner"
            : null;

    /// <summary>The toolchain of <paramref name="bundle"/> with Node and jco (<c>node</c> first).</summary>
    public static BundleToolchain Toolchain(Bundle bundle) =>
        bundle.Toolchains.Where(t => t.Tools.Contains("jco") && t.Tools.Contains("node"))
            .OrderBy(t => t.Name == "node" ? 0 : 1)
            .FirstOrDefault()
        ?? throw new TestEnvironmentException(
            $"bundle '{bundle.Name}' declares runner \"jco\" but none of its toolchains provides both node and jco");

    public async Task<RunnerResult> RunAsync(TestTarget target, IReadOnlyList<CheckedCase> cases, CancellationToken cancellationToken)
    {
        var toolchain = Toolchain(target.Bundle).Name;
        WorkspacePaths.CreateFolder(target.Folders.Workspace, target.Folders.Scratch);
        await TranspileAsync(target, toolchain, cancellationToken).ConfigureAwait(false);

        WorkspacePaths.WriteText(target.Folders.Workspace, target.ScratchHostPath(JcoHarness.FileName), JcoHarness.Script);
        WorkspacePaths.WriteText(target.Folders.Workspace, target.ScratchHostPath("cases.json"), JcoCases.Write(target.Component, cases, RunCaseTimeout));
        var resultsHost = target.ScratchHostPath("results.jsonl");
        File.Delete(resultsHost);

        var step = HarnessStep(target, toolchain);
        StepResult? result = null;
        try
        {
            result = await target.ToolchainRunner.RunAsync(target.Request(step), null, cancellationToken).ConfigureAwait(false);
        }
        catch (StepTimeLimitExceededException e)
        {
            result = new StepResult(-1, e.Output, e.TimeLimit);
        }

        var lines = File.Exists(resultsHost) ? await File.ReadAllLinesAsync(resultsHost, cancellationToken).ConfigureAwait(false) : [];
        return new RunnerResult(JcoCases.Read(lines, cases, result), "Node");
    }

    /// <summary>The step that runs the harness over every case.</summary>
    internal static PlanStep HarnessStep(TestTarget target, string toolchain) =>
        new("test (jco)", toolchain,
            ["node", target.ScratchPath(JcoHarness.FileName), "calls", target.ScratchPath("cases.json"), target.ScratchPath("results.jsonl")],
            target.Paths.Scratch);

    /// <summary>The step that transpiles the component into the scratch folder.</summary>
    internal static PlanStep TranspileStep(TestTarget target, string toolchain) =>
        new("transpile (jco)", toolchain,
            ["jco", "transpile", target.ComponentPath, "-o", target.ScratchPath(TranspiledFolder), "--name", JcoCases.ModuleName,
             "--instantiation", "async", "--no-typescript", "--quiet"],
            target.Paths.Scratch);

    private static async Task TranspileAsync(TestTarget target, string toolchain, CancellationToken cancellationToken)
    {
        var stampPath = target.ScratchHostPath($"{TranspiledFolder}/{StampFile}");
        var stamp = $"{await HashAsync(target.ComponentHostPath, cancellationToken).ConfigureAwait(false)} {target.Bundle.GetToolchain(toolchain).ImageReference}";
        if (File.Exists(stampPath) && await File.ReadAllTextAsync(stampPath, cancellationToken).ConfigureAwait(false) == stamp)
        {
            return;
        }

        var folder = target.ScratchHostPath(TranspiledFolder);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var result = await target.ToolchainRunner.RunAsync(target.Request(TranspileStep(target, toolchain)), null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new TestEnvironmentException(
                $"[{target.Component}] jco transpile failed (exit code {result.ExitCode}):{Environment.NewLine}{result.OutputText}");
        }

        WorkspacePaths.WriteText(target.Folders.Workspace, stampPath, stamp);
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
