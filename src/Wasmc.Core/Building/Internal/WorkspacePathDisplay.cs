using System.Text.RegularExpressions;
using Wasmc.Containers.Running;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// Shortens absolute paths below the workspace root to workspace-relative ones in tool output:
/// the runner already turned <c>/workspace/components/calc/src/app.js:3:5</c> into
/// <c>/home/me/ws/components/calc/src/app.js:3:5</c>; users read (and click) <c>components/calc/src/app.js:3:5</c>.
/// </summary>
internal sealed class WorkspacePathDisplay
{
    private readonly Regex? _root;

    public WorkspacePathDisplay(string workspaceRoot)
    {
        var root = Path.GetFullPath(workspaceRoot).TrimEnd('/', '\\');
        _root = root.Length <= 1
            ? null
            : new Regex(@"(?<![\w.\-/~])" + Regex.Escape(root) + "/", RegexOptions.CultureInvariant);
    }

    public string Shorten(string text) => _root is null ? text : _root.Replace(text, "");

    public StepOutputLine Shorten(StepOutputLine line) => line with { Text = Shorten(line.Text) };

    public static string Relative(string workspaceRoot, string path) =>
        Path.GetRelativePath(workspaceRoot, path).Replace('\\', '/');
}
