using System.Globalization;
using System.Text;
using System.Xml;

namespace Wasmc.Core.Testing;

/// <summary>Readable and machine-readable forms of a <see cref="TestRunReport"/> (docs/testing.md).</summary>
public static class TestReports
{
    /// <summary>
    /// The console summary: per case <c>PASS</c>/<c>FAIL</c>/<c>SKIP</c> (expected vs actual under a failure),
    /// per component totals, and a final line.
    /// </summary>
    public static IReadOnlyList<string> Summary(TestRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>();
        foreach (var component in report.Components)
        {
            lines.Add($"{component.Component} ({component.Runner}{(component.Detail is { Length: > 0 } detail ? ", " + detail : "")})");
            foreach (var testCase in component.Cases)
            {
                var status = testCase.Status switch
                {
                    TestCaseStatus.Passed => "PASS",
                    TestCaseStatus.Failed => "FAIL",
                    _ => "SKIP",
                };
                lines.Add($"  {status} {testCase.Name}{Timing(testCase.Duration)}");
                if (testCase.Status == TestCaseStatus.Failed)
                {
                    lines.Add($"       at {testCase.Location}");
                    lines.Add($"       expected: {testCase.Expected}");
                    lines.Add($"       actual:   {testCase.Actual}");
                    if (testCase.Message is { } message && !message.StartsWith("expected ", StringComparison.Ordinal))
                    {
                        lines.AddRange(Indent(message, "       "));
                    }

                    if (testCase.Output is { Length: > 0 } output)
                    {
                        lines.Add("       output:");
                        lines.AddRange(Indent(output, "         | "));
                    }
                }
                else if (testCase.Status == TestCaseStatus.Skipped && testCase.Message is { } reason)
                {
                    lines.Add($"       {reason}");
                }
            }

            lines.Add($"  {Totals(component.Passed, component.Failed, component.Skipped)} in {Seconds(component.Duration)}");
        }

        var count = report.Components.Sum(c => c.Cases.Count);
        lines.Add(report.Components.Count == 0
            ? "no test files found (add <component>/tests/*.test.toml)"
            : $"{(report.Succeeded ? "PASSED" : "FAILED")}: {Totals(report.Passed, report.Failed, report.Skipped)} ({count} cases, {report.Components.Count} component{(report.Components.Count == 1 ? "" : "s")}) in {Seconds(report.Duration)}");
        return lines;
    }

    /// <summary>The report as a JUnit XML document: one testsuite per component, one testcase per case.</summary>
    public static string JUnitXml(TestRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(new StringWriterUtf8(builder), settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "wasmc test");
            writer.WriteAttributeString("tests", Count(report.Components.Sum(c => c.Cases.Count)));
            writer.WriteAttributeString("failures", Count(report.Failed));
            writer.WriteAttributeString("errors", "0");
            writer.WriteAttributeString("skipped", Count(report.Skipped));
            writer.WriteAttributeString("time", Time(report.Duration));
            foreach (var component in report.Components)
            {
                writer.WriteStartElement("testsuite");
                writer.WriteAttributeString("name", component.Component);
                writer.WriteAttributeString("tests", Count(component.Cases.Count));
                writer.WriteAttributeString("failures", Count(component.Failed));
                writer.WriteAttributeString("errors", "0");
                writer.WriteAttributeString("skipped", Count(component.Skipped));
                writer.WriteAttributeString("time", Time(component.Duration));
                writer.WriteStartElement("properties");
                writer.WriteStartElement("property");
                writer.WriteAttributeString("name", "runner");
                writer.WriteAttributeString("value", component.Runner);
                writer.WriteEndElement();
                writer.WriteEndElement();
                foreach (var testCase in component.Cases)
                {
                    writer.WriteStartElement("testcase");
                    writer.WriteAttributeString("name", Clean(testCase.Name));
                    writer.WriteAttributeString("classname", $"{component.Component}.{Path.GetFileName(testCase.File).Replace(".test.toml", "", StringComparison.Ordinal)}");
                    writer.WriteAttributeString("file", testCase.File);
                    writer.WriteAttributeString("line", Count(testCase.Line));
                    writer.WriteAttributeString("time", Time(testCase.Duration));
                    if (testCase.Status == TestCaseStatus.Failed)
                    {
                        writer.WriteStartElement("failure");
                        writer.WriteAttributeString("message", Clean(testCase.Message ?? "failed"));
                        writer.WriteAttributeString("type", "assertion");
                        writer.WriteString(Clean($"at {testCase.Location}\nexpected: {testCase.Expected}\nactual:   {testCase.Actual}\n"));
                        writer.WriteEndElement();
                    }
                    else if (testCase.Status == TestCaseStatus.Skipped)
                    {
                        writer.WriteStartElement("skipped");
                        writer.WriteAttributeString("message", Clean(testCase.Message ?? "skipped"));
                        writer.WriteEndElement();
                    }

                    if (testCase.Output is { Length: > 0 } output)
                    {
                        writer.WriteElementString("system-out", Clean(output));
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return builder.ToString();
    }

    /// <summary>Writes <see cref="JUnitXml"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void WriteJUnit(TestRunReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, JUnitXml(report), new UTF8Encoding(false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The report as plain data for <c>--json</c> (camelCase when serialised by the CLI).</summary>
    public static object JsonModel(TestRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            passed = report.Passed,
            failed = report.Failed,
            skipped = report.Skipped,
            durationMs = Math.Round(report.Duration.TotalMilliseconds, 3),
            components = report.Components.Select(c => new
            {
                component = c.Component,
                runner = c.Runner,
                runnerDetail = c.Detail,
                passed = c.Passed,
                failed = c.Failed,
                skipped = c.Skipped,
                durationMs = Math.Round(c.Duration.TotalMilliseconds, 3),
                cases = c.Cases.Select(t => new
                {
                    name = t.Name,
                    status = t.Status.ToString().ToLowerInvariant(),
                    file = t.File,
                    line = t.Line,
                    durationMs = Math.Round(t.Duration.TotalMilliseconds, 3),
                    expected = t.Expected,
                    actual = t.Actual,
                    message = t.Message,
                    output = t.Output,
                }),
            }),
        };
    }

    private static IEnumerable<string> Indent(string text, string prefix) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').Select(line => prefix + line);

    private static string Totals(int passed, int failed, int skipped) =>
        $"{passed} passed, {failed} failed" + (skipped > 0 ? $", {skipped} skipped" : "");

    private static string Timing(TimeSpan duration) =>
        duration > TimeSpan.Zero ? $" ({duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms)" : "";

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters, even escaped; they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\uFFFD');
            }
        }

        return builder.ToString();
    }

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
