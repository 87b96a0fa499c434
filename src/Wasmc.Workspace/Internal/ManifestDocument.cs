using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>Reading the file and turning reader errors into diagnostics.</summary>
internal static class ManifestDocument
{
    public static TomlTable? Read(string fullPath, DiagnosticBag diagnostics)
    {
        var displayName = DisplayName(fullPath);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.MalformedToml, null, $"cannot read {displayName}: {e.Message}");
            return null;
        }

        return Parse(text, displayName, diagnostics);
    }

    public static TomlTable? Parse(string text, string displayName, DiagnosticBag diagnostics)
    {
        try
        {
            return TomlReader.Parse(text, displayName);
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
