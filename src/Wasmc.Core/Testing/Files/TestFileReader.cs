using System.Globalization;
using Wasmc.Toml;

namespace Wasmc.Core.Testing.Files;

/// <summary>
/// Reads <c>*.test.toml</c> files (format: docs/testing.md). Every problem is collected with its
/// <c>file:line:col</c>; a file with problems yields no cases.
/// </summary>
internal static class TestFileReader
{
    public const string FolderName = "tests";
    public const string Suffix = ".test.toml";

    /// <summary>Limits, settable for a whole file and per case (docs/testing.md, "Limits").</summary>
    private static readonly string[] LimitKeys = ["timeout-ms", "memory-limit-mib", "fuel"];
    private static readonly string[] FileKeys = ["component", "interface", "case", "run", "request", .. LimitKeys];
    private static readonly string[] CallKeys = ["name", "call", "expect", "expect-error", "tolerance", "relative-tolerance", "skip", .. LimitKeys];
    private static readonly string[] RunKeys =
        ["name", "args", "env", "stdin", "dirs", "scratch", "expect-stdout", "expect-stderr", "expect-stdout-contains", "expect-stderr-contains", "expect-exit", "skip", .. LimitKeys];

    // A request runs in Node (jco), where none of the limits applies.
    private static readonly string[] RequestKeys =
        ["name", "method", "path", "headers", "body", "expect-status", "expect-body", "expect-body-contains", "expect-headers", "skip"];

    /// <summary>The test files of a component folder: <c>tests/*.test.toml</c>, in name order.</summary>
    public static IReadOnlyList<string> FindFiles(string componentFolder)
    {
        var folder = Path.Combine(componentFolder, FolderName);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*" + Suffix).Order(StringComparer.Ordinal)]
            : [];
    }

    public static TestFile? ReadFile(string path, string displayPath, List<TestDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = TomlDocument.DecodeUtf8(InputFiles.ReadAllBytes(path), displayPath);
        }
        catch (IOException e)
        {
            diagnostics.Add(new TestDiagnostic(displayPath, 1, 1, $"cannot read the test file: {e.Message}"));
            return null;
        }
        catch (TomlException e)
        {
            diagnostics.Add(At(e.Position, e.Reason));
            return null;
        }

        return Read(text, path, displayPath, diagnostics);
    }

    public static TestFile? Read(string text, string path, string displayPath, List<TestDiagnostic> diagnostics)
    {
        TomlTable root;
        try
        {
            root = TomlDocument.Parse(text, displayPath);
        }
        catch (TomlException e)
        {
            diagnostics.Add(At(e.Position, e.Reason));
            return null;
        }

        var before = diagnostics.Count;
        var reader = new Reader(diagnostics);
        reader.UnknownKeys(root, FileKeys, "a test file");
        var component = reader.OptionalText(root, "component");
        var @interface = reader.OptionalText(root, "interface");
        var limits = reader.Limits(root);
        var cases = new List<CaseSpec>();
        foreach (var table in reader.Tables(root, "case"))
        {
            if (reader.ReadCall(table) is { } call)
            {
                cases.Add(call);
            }
        }

        foreach (var table in reader.Tables(root, "run"))
        {
            if (reader.ReadRun(table) is { } run)
            {
                cases.Add(run);
            }
        }

        foreach (var table in reader.Tables(root, "request"))
        {
            if (reader.ReadRequest(table) is { } request)
            {
                cases.Add(request);
            }
        }

        if (cases.Count == 0 && diagnostics.Count == before)
        {
            diagnostics.Add(new TestDiagnostic(displayPath, 1, 1, "the test file has no [[case]], [[run]] or [[request]] tables"));
        }

        // The cases that read well are returned even when others did not: their WAVE values are checked too, so one
        // run lists every problem of the file (the run stops anyway, because diagnostics were added).
        return new TestFile(path, displayPath, text, component, @interface,
                [.. cases.OrderBy(c => c.Position.Line).ThenBy(c => c.Position.Column)])
        { Limits = limits };
    }

    private static TestDiagnostic At(TomlPosition position, string message) =>
        new(position.File, position.Line, position.Column, message);

    private sealed class Reader(List<TestDiagnostic> diagnostics)
    {
        public void UnknownKeys(TomlTable table, string[] known, string what)
        {
            foreach (var key in table.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
            {
                diagnostics.Add(At(table.KeyPosition(key), $"unknown key '{key}' in {what} (known keys: {string.Join(", ", known)})"));
            }
        }

        public IEnumerable<TomlTable> Tables(TomlTable root, string key)
        {
            if (!root.TryGetValue(key, out var node))
            {
                yield break;
            }

            if (node is not TomlArray { IsArrayOfTables: true } array)
            {
                diagnostics.Add(At(root.KeyPosition(key), $"'{key}' must be an array of tables: write each one as [[{key}]]"));
                yield break;
            }

            foreach (var item in array.OfType<TomlTable>())
            {
                yield return item;
            }
        }

        public CallCaseSpec? ReadCall(TomlTable table)
        {
            var before = diagnostics.Count;
            UnknownKeys(table, CallKeys, "a [[case]]");
            var call = OptionalText(table, "call");
            if (call is null && !table.ContainsKey("call"))
            {
                diagnostics.Add(At(table.Position, "a [[case]] needs 'call', e.g. call = \"add(1.0, 2.0)\""));
            }

            var expect = OptionalText(table, "expect");
            var expectError = OptionalText(table, "expect-error");
            if (expect is not null && expectError is not null)
            {
                diagnostics.Add(At(table.KeyPosition("expect-error"), "a [[case]] has either 'expect' or 'expect-error', not both"));
            }

            var spec = new CallCaseSpec
            {
                Name = OptionalString(table, "name"),
                Position = table.Position,
                SkipReason = Skip(table),
                Call = call ?? new LocatedText("", table.Position),
                Expect = expect,
                ExpectError = expectError,
                Tolerance = Tolerance(table, "tolerance"),
                RelativeTolerance = Tolerance(table, "relative-tolerance"),
                Limits = Limits(table),
            };
            return diagnostics.Count > before ? null : spec;
        }

        public RunCaseSpec? ReadRun(TomlTable table)
        {
            var before = diagnostics.Count;
            UnknownKeys(table, RunKeys, "a [[run]]");
            var spec = new RunCaseSpec
            {
                Name = OptionalString(table, "name"),
                Position = table.Position,
                SkipReason = Skip(table),
                Args = StringList(table, "args"),
                Env = StringTable(table, "env"),
                Stdin = OptionalString(table, "stdin") ?? "",
                ExpectStdout = OptionalString(table, "expect-stdout"),
                ExpectStderr = OptionalString(table, "expect-stderr"),
                ExpectStdoutContains = OptionalString(table, "expect-stdout-contains"),
                ExpectStderrContains = OptionalString(table, "expect-stderr-contains"),
                ExpectExit = ExitCode(table),
                Directories = StringTable(table, "dirs"),
                Scratch = OptionalString(table, "scratch"),
                Limits = Limits(table),
            };
            return diagnostics.Count > before ? null : spec;
        }

        public RequestCaseSpec? ReadRequest(TomlTable table)
        {
            var before = diagnostics.Count;
            UnknownKeys(table, RequestKeys, "a [[request]]");
            var method = OptionalText(table, "method");
            if (method is not null && !IsToken(method.Value))
            {
                diagnostics.Add(At(method.Position, $"'method' must be an HTTP method such as \"GET\" or \"POST\", found \"{method.Value}\""));
            }

            var path = OptionalText(table, "path");
            if (path is not null && (!path.Value.StartsWith('/') || path.Value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                diagnostics.Add(At(path.Position, $"'path' must start with / and hold no spaces or control characters (a path and query such as \"/items?id=1\"), found \"{path.Value}\""));
            }

            var spec = new RequestCaseSpec
            {
                Name = OptionalString(table, "name"),
                Position = table.Position,
                SkipReason = Skip(table),
                Method = method?.Value.ToUpperInvariant() ?? "GET",
                Path = path?.Value ?? "/",
                Headers = HeaderTable(table, "headers"),
                Body = OptionalString(table, "body"),
                ExpectStatus = StatusCode(table),
                ExpectBody = OptionalString(table, "expect-body"),
                ExpectBodyContains = OptionalString(table, "expect-body-contains"),
                ExpectHeaders = HeaderTable(table, "expect-headers"),
            };
            return diagnostics.Count > before ? null : spec;
        }

        public LocatedText? OptionalText(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is TomlValue { Value: string text })
            {
                return new LocatedText(text, node.Position);
            }

            diagnostics.Add(At(node.Position, $"'{key}' must be a string, found {Describe(node)}"));
            return null;
        }

        public LimitsSpec Limits(TomlTable table) =>
            new(PositiveInteger(table, "timeout-ms"), PositiveInteger(table, "memory-limit-mib"), PositiveInteger(table, "fuel"));

        private long? PositiveInteger(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is TomlValue { Value: long value } && value > 0)
            {
                return value;
            }

            diagnostics.Add(At(node.Position, $"'{key}' must be a whole number > 0, found {Describe(node)}"));
            return null;
        }

        private string? OptionalString(TomlTable table, string key) => OptionalText(table, key)?.Value;

        private string? Skip(TomlTable table)
        {
            if (!table.TryGetValue("skip", out var node))
            {
                return null;
            }

            switch (node)
            {
                case TomlValue { Value: bool skip }:
                    return skip ? "skipped" : null;
                case TomlValue { Value: string reason }:
                    return reason.Length == 0 ? "skipped" : reason;
                default:
                    diagnostics.Add(At(node.Position, $"'skip' must be a boolean or a reason (string), found {Describe(node)}"));
                    return null;
            }
        }

        private double Tolerance(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return 0;
            }

            var value = node switch
            {
                TomlValue { Value: double d } => d,
                TomlValue { Value: long l } => l,
                _ => double.NaN,
            };
            if (double.IsNaN(value) || value < 0 || double.IsInfinity(value))
            {
                diagnostics.Add(At(node.Position, $"'{key}' must be a finite number >= 0, found {Describe(node)}"));
                return 0;
            }

            return value;
        }

        private int ExitCode(TomlTable table)
        {
            if (!table.TryGetValue("expect-exit", out var node))
            {
                return 0;
            }

            if (node is TomlValue { Value: long code } && code is >= 0 and <= 255)
            {
                return (int)code;
            }

            diagnostics.Add(At(node.Position, $"'expect-exit' must be an integer from 0 to 255, found {Describe(node)}"));
            return 0;
        }

        private int StatusCode(TomlTable table)
        {
            if (!table.TryGetValue("expect-status", out var node))
            {
                return 200;
            }

            if (node is TomlValue { Value: long code } && code is >= 100 and <= 599)
            {
                return (int)code;
            }

            diagnostics.Add(At(node.Position, $"'expect-status' must be an HTTP status code from 100 to 599, found {Describe(node)}"));
            return 200;
        }

        /// <summary>A table of header names to values; names must be HTTP tokens, values single lines.</summary>
        private List<KeyValuePair<string, string>> HeaderTable(TomlTable table, string key)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (table.TryGetValue(key, out var node) && node is not TomlTable)
            {
                diagnostics.Add(At(node.Position, $"'{key}' must be a table of strings, e.g. {key} = {{ content-type = \"text/plain\" }}"));
                return headers;
            }

            foreach (var (name, value) in StringTable(table, key))
            {
                var position = ((TomlTable)node!).KeyPosition(name);
                if (!IsToken(name))
                {
                    diagnostics.Add(At(position, $"'{key}': '{name}' is not a valid HTTP header name"));
                }
                else if (value.Any(c => c is '\r' or '\n' or '\0'))
                {
                    diagnostics.Add(At(position, $"'{key}.{name}': a header value cannot hold line breaks"));
                }
                else
                {
                    headers.Add(new(name, value));
                }
            }

            return headers;
        }

        // RFC 9110 token: what HTTP allows in methods and header names.
        private static bool IsToken(string text) =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

        private List<string> StringList(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return [];
            }

            if (node is TomlArray array && array.All(item => item is TomlValue { Value: string }))
            {
                return [.. array.Select(item => (string)((TomlValue)item).Value)];
            }

            diagnostics.Add(At(node.Position, $"'{key}' must be an array of strings, e.g. {key} = [\"--verbose\", \"x\"]"));
            return [];
        }

        private Dictionary<string, string> StringTable(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return [];
            }

            if (node is TomlTable values)
            {
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in values)
                {
                    if (value is TomlValue { Value: string text })
                    {
                        result[name] = text;
                    }
                    else
                    {
                        diagnostics.Add(At(value.Position, $"'{key}.{name}' must be a string, found {Describe(value)}"));
                    }
                }

                return result;
            }

            diagnostics.Add(At(node.Position, $"'{key}' must be a table of strings, e.g. {key} = {{ NAME = \"value\" }}"));
            return [];
        }

        private static string Describe(TomlNode node) => node switch
        {
            TomlValue value => value.KindName + (value.Value is long or double ? " " + Convert.ToString(value.Value, CultureInfo.InvariantCulture) : ""),
            TomlArray => "an array",
            _ => "a table",
        };
    }
}
