using System.Text.RegularExpressions;

namespace Wasmc.Containers.Images;

/// <summary>
/// How to ask a toolchain image which version of a bundle tool it holds: a command and a pattern whose
/// first group is the version as the bundle's <c>[tools]</c> table writes it.
/// </summary>
/// <param name="Tool">Tool name as in <c>[tools]</c>.</param>
/// <param name="Argv">Command run in the image (no shell).</param>
/// <param name="Pattern">Regular expression; group 1 is the version.</param>
public sealed record ToolVersionProbe(string Tool, IReadOnlyList<string> Argv, string Pattern)
{
    private const string NpmRoot = "/opt/wasmc/npm/node_modules";

    /// <summary>Probes for every tool wasmc bundles name.</summary>
    public static IReadOnlyDictionary<string, ToolVersionProbe> Known { get; } = new[]
    {
        new ToolVersionProbe("rustc", ["rustc", "--version"], @"^rustc (\S+)"),
        new ToolVersionProbe("cargo", ["cargo", "--version"], @"^cargo (\S+)"),
        new ToolVersionProbe("clang", ["clang", "--version"], @"clang version (\d+\.\d+\.\d+)"),
        new ToolVersionProbe("lld", ["wasm-ld", "--version"], @"LLD (\d+\.\d+\.\d+)"),
        new ToolVersionProbe("wasi-libc", ["dpkg-query", "--show", "--showformat=${Version}", "wasi-libc"], @"(git\d{8})"),
        new ToolVersionProbe("go", ["go", "version"], @"go version go(\S+)"),
        new ToolVersionProbe("node", ["node", "--version"], @"^v(\S+)"),
        new ToolVersionProbe("npm", ["npm", "--version"], @"^(\S+)"),
        new ToolVersionProbe("jco", ["jco", "--version"], @"^(\d+\.\d+\.\d+)"),
        NpmPackage("componentize-js", "@bytecodealliance/componentize-js"),
        NpmPackage("wizer", "@bytecodealliance/wizer"),
        new ToolVersionProbe("wasm-tools", ["wasm-tools", "--version"], @"^wasm-tools (\S+)"),
        new ToolVersionProbe("binaryen", ["wasm-opt", "--version"], @"version (\d+)"),
    }.ToDictionary(p => p.Tool, StringComparer.Ordinal);

    /// <summary>The version in <paramref name="output"/>, or null when the pattern does not match.</summary>
    public string? ParseVersion(string output)
    {
        var match = Regex.Match(output.Trim(), Pattern, RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : null;
    }

    // npm packages whose CLI has no --version: read the installed package.json.
    private static ToolVersionProbe NpmPackage(string tool, string package) =>
        new(tool, ["node", "-p", $"require('{NpmRoot}/{package}/package.json').version"], @"^(\S+)");
}
