using Wasmc.Toml;

namespace Wasmc.Workspace;

/// <summary>How bad a <see cref="Diagnostic"/> is. Only errors make a manifest invalid.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The manifest is invalid; nothing is built.</summary>
    Error,

    /// <summary>Worth fixing, but the manifest is usable.</summary>
    Warning,
}

/// <summary>
/// One problem found in <c>wasmc.toml</c>. <see cref="ToString"/> prints the compiler-style line
/// <c>wasmc.toml:12:9: error WM003: unknown key 'wrld' ...</c> that editors and CI logs recognise.
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code from <see cref="DiagnosticCodes"/>.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="Position">Where it is; null when the problem has no place in the file (it cannot be read).</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, TomlPosition? Position)
{
    /// <summary>Whether this is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <inheritdoc />
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return Position is { } position
            ? $"{position}: {severity} {Code}: {Message}"
            : $"{severity} {Code}: {Message}";
    }
}

/// <summary>
/// The stable codes of manifest diagnostics. Codes never change meaning; new problems get new codes.
/// <c>docs/manifest.md</c> shows an example of each.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not valid UTF-8 or not valid TOML 1.1, or cannot be read.</summary>
    public const string MalformedToml = "WM001";

    /// <summary>A key holds the wrong type of value.</summary>
    public const string WrongType = "WM002";

    /// <summary>A key the manifest does not define (often a typo).</summary>
    public const string UnknownKey = "WM003";

    /// <summary>A required key is absent.</summary>
    public const string MissingKey = "WM004";

    /// <summary>Two components share a name.</summary>
    public const string DuplicateComponent = "WM005";

    /// <summary>No plugin provides the component's language.</summary>
    public const string UnknownLanguage = "WM006";

    /// <summary>A reference to a bundle instance that <c>[bundles]</c> does not define.</summary>
    public const string UnknownBundleInstance = "WM007";

    /// <summary>A bundle instance names a published bundle that does not exist.</summary>
    public const string UnknownPublishedBundle = "WM008";

    /// <summary>No bundle instance (or more than one, none of them the default) supports the requested WASI level.</summary>
    public const string NoBundleForWasi = "WM009";

    /// <summary>A component sets both <c>bundle</c> and <c>wasi</c>.</summary>
    public const string BundleAndWasi = "WM010";

    /// <summary>A component folder does not exist.</summary>
    public const string MissingComponentFolder = "WM011";

    /// <summary>A component's WIT folder does not exist.</summary>
    public const string MissingWitFolder = "WM012";

    /// <summary>A path is absolute, climbs out with <c>..</c>, or leads out through a symbolic link.</summary>
    public const string PathEscapesWorkspace = "WM013";

    /// <summary>Profiles inherit from each other in a circle.</summary>
    public const string ProfileCycle = "WM014";

    /// <summary>A profile inherits from a profile that does not exist.</summary>
    public const string UnknownParentProfile = "WM015";

    /// <summary>A profile name that is neither built in nor defined.</summary>
    public const string UnknownProfile = "WM016";

    /// <summary>A plugin entry sets neither or both of <c>package</c> and <c>path</c>.</summary>
    public const string PluginSource = "WM017";

    /// <summary>A value of the right type that is not allowed (bad name, unknown WASI level, empty string).</summary>
    public const string InvalidValue = "WM018";

    /// <summary>A component has no bundle: no <c>bundle</c>, no <c>wasi</c>, and no default or single instance.</summary>
    public const string NoBundle = "WM019";

    /// <summary>A plugin folder does not exist.</summary>
    public const string MissingPluginFolder = "WM020";

    /// <summary>Profile flags for a language no installed plugin provides (a warning).</summary>
    public const string FlagsForUnknownLanguage = "WM021";

    /// <summary>A new workspace was asked for where a <c>wasmc.toml</c> already exists.</summary>
    public const string ManifestExists = "WM022";

    /// <summary>A bundle instance names a retired bundle; the message names its successor.</summary>
    public const string RetiredBundle = "WM023";

    /// <summary>A component's language is not one its bundle builds; the message names the bundles that do.</summary>
    public const string LanguageNotInBundle = "WM024";

    /// <summary>Process exit code for an invalid manifest: nothing was built or written.</summary>
    public const int InvalidManifestExitCode = 2;
}
