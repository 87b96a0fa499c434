using System.Text.Json.Nodes;

namespace Wasmc.Wit.Tests;

/// <summary>Locates and runs the wasm-tools wit-parser ui suite (`../shared/conformance/wit-parser/ui`).</summary>
internal static class WitConformance
{
    /// <summary>Cases that need binary inputs (.wasm/.wat) which were left out of the shared copy of the suite.</summary>
    public static readonly IReadOnlyDictionary<string, string> Waivers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kinds-of-deps"] = "needs deps/d.wasm and deps/e.wat (binary-encoded WIT packages), which were left out of the suite copy",
        ["simple-wasm-text"] = "needs simple-wasm-text.wat (a binary-encoded WIT package), which was left out of the suite copy",
    };

    /// <summary>The ui tests of wit-parser resolve with the feature `active` switched on.</summary>
    public static WitLoadOptions Options { get; } = new() { Features = new HashSet<string>(StringComparer.Ordinal) { "active" } };

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WasmCli.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("could not find WasmCli.sln above the test assembly");
        }
    }

    public static string UiDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("WASMC_CONFORMANCE_DIR") ?? Path.Combine(RepoRoot, "..", "shared", "conformance");
            var ui = Path.GetFullPath(Path.Combine(root, "wit-parser", "ui"));
            return Directory.Exists(ui)
                ? ui
                : throw new InvalidOperationException($"wit-parser conformance data is missing: expected {ui} (set WASMC_CONFORMANCE_DIR to the conformance folder)");
        }
    }

    /// <summary>Every `X.wit.json` of the suite; the input is `X.wit` or the folder `X/`.</summary>
    public static IEnumerable<string> PassCases() => Directory.EnumerateFiles(UiDirectory, "*.wit.json")
        .Select(f => Path.GetFileName(f)[..^".wit.json".Length])
        .Order(StringComparer.Ordinal);

    /// <summary>Every `X.wit` or folder `X/` under parse-fail/.</summary>
    public static IEnumerable<string> FailCases()
    {
        var dir = Path.Combine(UiDirectory, "parse-fail");
        return Directory.EnumerateFiles(dir, "*.wit").Select(Path.GetFileName)
            .Concat(Directory.EnumerateDirectories(dir).Select(Path.GetFileName))
            .Select(n => n!)
            .Order(StringComparer.Ordinal);
    }

    public static string InputPath(string directory, string name)
    {
        var folder = Path.Combine(directory, name);
        return Directory.Exists(folder) ? folder : Path.Combine(directory, name.EndsWith(".wit", StringComparison.Ordinal) ? name : name + ".wit");
    }

    /// <summary>Returns null when the case passes, otherwise what went wrong.</summary>
    public static string? RunPassCase(string name)
    {
        var input = InputPath(UiDirectory, name);
        LoadedPackage loaded;
        try
        {
            loaded = WitLoader.Load(input, Options);
        }
        catch (WitException e)
        {
            return $"failed to resolve: {e.Message}";
        }

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(UiDirectory, name + ".wit.json")));
        var actual = JsonNode.Parse(WitJson.Write(loaded.Resolve));
        return Difference(expected, actual, "$");
    }

    /// <summary>Returns null when the case is rejected (as it should be), otherwise a description.</summary>
    public static string? RunFailCase(string name, out string? message)
    {
        message = null;
        try
        {
            WitLoader.Load(InputPath(Path.Combine(UiDirectory, "parse-fail"), name), Options);
            return "was accepted but must be rejected";
        }
        catch (WitException e)
        {
            message = e.Message;
            return null;
        }
    }

    public static string? Difference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.TryGetPropertyValue(key, out var other))
                    {
                        return $"{path}.{key}: missing (expected {value?.ToJsonString()})";
                    }

                    if (Difference(value, other, $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                foreach (var (key, value) in a)
                {
                    if (!e.ContainsKey(key))
                    {
                        return $"{path}.{key}: unexpected {value?.ToJsonString()}";
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (Difference(e[i], a[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return e.Count == a.Count ? null : $"{path}: expected {e.Count} items, got {a.Count}";
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
        }
    }
}
