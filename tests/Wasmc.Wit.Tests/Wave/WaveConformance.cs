using System.Text;
using Wasmc.Wit.Wave;

namespace Wasmc.Wit.Tests.Wave;

/// <summary>
/// Runs wasm-wave's ui suite (<c>conformance/wasm-wave/ui</c>) the way its <c>tests/ui.rs</c> does:
/// each <c>;\n</c>-separated call in <c>X.waves</c> must print the matching line of <c>X.out</c>.
/// </summary>
internal static class WaveConformance
{
    public static string Directory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("WASMC_CONFORMANCE_DIR");
            var root = overridden ?? Path.Combine(RepoRoot, "..", "shared", "conformance");
            var directory = Path.GetFullPath(Path.Combine(root, "wasm-wave", "ui"));
            if (!System.IO.Directory.Exists(directory))
            {
                throw new InvalidOperationException(
                    $"wasm-wave conformance data not found at {directory}; set WASMC_CONFORMANCE_DIR to the conformance folder.");
            }

            return directory;
        }
    }

    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("WasmCli.sln not found above the test assembly");
        }
    }

    public static IEnumerable<string> CaseFiles() =>
        System.IO.Directory.GetFiles(Directory, "*.waves").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>Runs one file; returns (expected line, actual line, input) for every case.</summary>
    public static IReadOnlyList<CaseResult> Run(string name, UiFunctions functions)
    {
        var inputs = File.ReadAllText(Path.Combine(Directory, name + ".waves")).TrimEnd().TrimEnd(';');
        var expected = File.ReadAllText(Path.Combine(Directory, name + ".out")).Split('\n');
        var results = new List<CaseResult>();
        var line = 0;
        foreach (var raw in inputs.Split(";\n"))
        {
            var input = raw;
            while (input.StartsWith("//", StringComparison.Ordinal) && input.Contains('\n', StringComparison.Ordinal))
            {
                var newline = input.IndexOf('\n', StringComparison.Ordinal);
                var comment = input[..newline];
                results.Add(new CaseResult(name, comment, comment, expected.ElementAtOrDefault(line++) ?? "<missing>", IsComment: true));
                input = input[(newline + 1)..];
            }

            results.Add(new CaseResult(name, input, RunCase(input, functions), expected.ElementAtOrDefault(line++) ?? "<missing>", IsComment: false));
        }

        return results;
    }

    private static string RunCase(string input, UiFunctions functions)
    {
        try
        {
            var call = WaveParser.ParseCall(input, functions.Lookup);
            var parameters = functions.Lookup(call.Name)!;
            return WavePrinter.PrintCall(call.Name, parameters, call.Arguments);
        }
        catch (WaveException e) when (e.Kind == WaveErrorKind.UnknownFunction)
        {
            // The reference harness panics with this text for names outside ui.wit.
            return $"unknown test func {e.Detail}";
        }
        catch (WaveException e)
        {
            return e.ReferenceText;
        }
    }

    public static string Summary(IEnumerable<CaseResult> results)
    {
        var cases = results.Where(r => !r.IsComment).ToList();
        var builder = new StringBuilder();
        var passed = cases.Count(c => c.Passed);
        builder.AppendLine($"wasm-wave ui conformance: {passed} passed, {cases.Count - passed} failed");
        foreach (var group in cases.GroupBy(c => c.File))
        {
            builder.AppendLine($"  {group.Key}: {group.Count(c => c.Passed)}/{group.Count()}");
        }

        foreach (var failure in cases.Where(c => !c.Passed))
        {
            builder.AppendLine($"FAIL {failure.File}: {failure.Input.ReplaceLineEndings("\\n")}");
            builder.AppendLine($"  expected: {failure.Expected}");
            builder.AppendLine($"  actual:   {failure.Actual}");
        }

        return builder.ToString();
    }
}

internal sealed record CaseResult(string File, string Input, string Actual, string Expected, bool IsComment)
{
    public bool Passed => Actual == Expected;
}
