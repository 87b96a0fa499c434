using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>Reading the file and turning reader errors into diagnostics.</summary>
internal static class ManifestDocument
{
    public static TomlTable? Read(string fullPath, DiagnosticBag diagnostics)
    {
        var displayName = DisplayName(fullPath);
        byte[] bytes;
        try
        {
            bytes = InputFiles.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.MalformedToml, null, $"cannot read {displayName}: {e.Message}");
            return null;
        }

        return Located(() => TomlDocument.ParseUtf8(bytes, displayName), diagnostics);
    }

    public static TomlTable? Parse(string text, string displayName, DiagnosticBag diagnostics) =>
        Located(() => TomlDocument.Parse(text, displayName), diagnostics);

    /// <summary>Runs a TOML read; its error (invalid UTF-8 or TOML) becomes a WM001 at its position.</summary>
    public static T? Located<T>(Func<T> read, DiagnosticBag diagnostics)
        where T : class
    {
        try
        {
            return read();
        }
        catch (TomlException e)
        {
            diagnostics.Error(DiagnosticCodes.MalformedToml, e.Position, e.Reason);
            return null;
        }
    }

    /// <summary>The file as users should see it in messages: relative to the current folder when below it.</summary>
    public static string DisplayName(string fullPath) => DisplayName(fullPath, Environment.CurrentDirectory);

    public static string DisplayName(string fullPath, string currentDirectory)
    {
        var relative = Path.GetRelativePath(currentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }
}
