using Wasmc.Toml;

namespace Wasmc.Core.Testing.Files;

/// <summary>A string value of a test file together with where its text starts, so errors inside it can be located.</summary>
/// <param name="Value">The decoded string.</param>
/// <param name="Position">Where the string token (its opening quote) starts.</param>
internal sealed record LocatedText(string Value, TomlPosition Position);

/// <summary>One <c>*.test.toml</c> file as written (not yet checked against the WIT).</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="DisplayPath">Path used in messages (relative to the workspace root).</param>
/// <param name="Text">The file's text, to locate errors inside string values.</param>
/// <param name="Component">The optional <c>component</c> key.</param>
/// <param name="Interface">The optional <c>interface</c> key: where unqualified calls are looked up first.</param>
/// <param name="Cases">Every <c>[[case]]</c>, <c>[[run]]</c> and <c>[[request]]</c>, in file order.</param>
internal sealed record TestFile(
    string Path,
    string DisplayPath,
    string Text,
    LocatedText? Component,
    LocatedText? Interface,
    IReadOnlyList<CaseSpec> Cases)
{
    /// <summary>The file's own limits (top-level keys); a case's keys override them.</summary>
    public LimitsSpec Limits { get; init; } = LimitsSpec.None;
}

/// <summary>Limits as written (<c>timeout-ms</c>, <c>memory-limit-mib</c>, <c>fuel</c>); null where not set.</summary>
internal sealed record LimitsSpec(long? TimeoutMs, long? MemoryLimitMib, long? Fuel)
{
    public static LimitsSpec None { get; } = new(null, null, null);

    /// <summary>These limits, with <paramref name="outer"/>'s where these are not set.</summary>
    public LimitsSpec Over(LimitsSpec outer) =>
        new(TimeoutMs ?? outer.TimeoutMs, MemoryLimitMib ?? outer.MemoryLimitMib, Fuel ?? outer.Fuel);
}

/// <summary>A case as written.</summary>
internal abstract record CaseSpec
{
    /// <summary>The <c>name</c> key, if any.</summary>
    public required string? Name { get; init; }

    /// <summary>Where the case's table starts.</summary>
    public required TomlPosition Position { get; init; }

    /// <summary>Set by <c>skip = true</c> or <c>skip = "reason"</c>.</summary>
    public string? SkipReason { get; init; }

    public bool Skip => SkipReason is not null;

    /// <summary>The case's own limits; the file's apply where these are not set.</summary>
    public LimitsSpec Limits { get; init; } = LimitsSpec.None;
}

/// <summary>A <c>[[case]]</c>: call an export, compare its result.</summary>
internal sealed record CallCaseSpec : CaseSpec
{
    public required LocatedText Call { get; init; }

    public LocatedText? Expect { get; init; }

    public LocatedText? ExpectError { get; init; }

    /// <summary>Absolute float tolerance (<c>tolerance</c>).</summary>
    public double Tolerance { get; init; }

    /// <summary>Relative float tolerance (<c>relative-tolerance</c>).</summary>
    public double RelativeTolerance { get; init; }
}

/// <summary>A <c>[[run]]</c>: run a command component (<c>wasi:cli/run</c>) and check its output and exit code.</summary>
internal sealed record RunCaseSpec : CaseSpec
{
    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public string Stdin { get; init; } = "";

    /// <summary>Read-only directories: guest path to host path (relative to the test file's folder).</summary>
    public IReadOnlyDictionary<string, string> Directories { get; init; } = new Dictionary<string, string>();

    /// <summary>The guest path of a fresh, empty, writable folder; null for none.</summary>
    public string? Scratch { get; init; }

    public string? ExpectStdout { get; init; }

    public string? ExpectStderr { get; init; }

    public string? ExpectStdoutContains { get; init; }

    public string? ExpectStderrContains { get; init; }

    public int ExpectExit { get; init; }
}

/// <summary>A <c>[[request]]</c>: send an HTTP request to a <c>wasi:http/incoming-handler</c> component and check its response.</summary>
internal sealed record RequestCaseSpec : CaseSpec
{
    /// <summary>The request method as sent (upper case); <c>GET</c> when not set.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The path with its query, starting with <c>/</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Request headers, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body (UTF-8); null for none.</summary>
    public string? Body { get; init; }

    public int ExpectStatus { get; init; } = 200;

    /// <summary>The exact response body (CRLF compared as LF), or null.</summary>
    public string? ExpectBody { get; init; }

    public string? ExpectBodyContains { get; init; }

    /// <summary>Response headers that must be present with exactly these values (names compared case-insensitively).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExpectHeaders { get; init; } = [];
}
