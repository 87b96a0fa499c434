using System.Text;
using Wasmc.Containers.Running;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// The files a build really read, from the make-style dependency files its toolchains wrote (<c>clang -MD</c>, the
/// JavaScript glue's import graph, cargo's dep-info): every path they name inside the workspace, with its hash, goes
/// into the stamp, and a later build is up to date only while each of them still has that hash. Paths elsewhere in the
/// image are covered by the image, paths in <c>/out</c> and <c>/scratch</c> are the build's own.
/// </summary>
internal static class DependencyFiles
{
    /// <summary>A dependency file larger than this is not read (it would not be one).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The workspace files named by the plan's dependency files, hashed now, sorted by path.</summary>
    public static IReadOnlyList<StampedFile> Read(BuildPlan plan, BuildLayout layout, string staging, IReadOnlyList<string> excludedRoots)
    {
        var workspace = Path.GetFullPath(layout.Workspace);
        var reads = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dependencyFile in plan.DependencyFiles)
        {
            var host = BuildLayout.MapBelow(dependencyFile, layout.Paths.Scratch, layout.Scratch)
                ?? BuildLayout.MapBelow(dependencyFile, layout.Paths.Output, staging);
            if (host is null || !File.Exists(host) || WorkspacePaths.IsLink(host) || new FileInfo(host).Length > MaxBytes)
            {
                continue;
            }

            WorkspacePaths.Check(workspace, host, layout.OutputRoot);
            foreach (var path in Parse(File.ReadAllText(host, Encoding.UTF8)))
            {
                var file = BuildLayout.MapBelow(path, layout.Paths.Workspace, workspace);
                if (file is null || excludedRoots.Any(root => WorkspacePaths.IsInside(Path.GetFullPath(root), file)))
                {
                    continue;
                }

                reads.TryAdd(WorkspacePathDisplay.Relative(workspace, file), BuildCacheKey.HashInput(workspace, file));
            }
        }

        return [.. reads.Select(pair => new StampedFile(pair.Key, pair.Value))];
    }

    /// <summary>Whether every file the stamp says the build read still has the hash it had.</summary>
    public static bool Unchanged(IReadOnlyList<StampedFile> reads, string workspace)
    {
        var root = Path.GetFullPath(workspace);
        return reads.All(read => BuildCacheKey.HashInput(root, Path.GetFullPath(Path.Combine(root, read.RelativePath))) == read.Sha256);
    }

    /// <summary>
    /// The prerequisites of every rule of a make-style dependency file (<c>target: a b \</c>), absolute paths only:
    /// backslash-newline continues a line, <c>\ </c> is a space in a name, <c>$$</c> a dollar.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        var paths = new List<string>();
        var joined = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n'))
        {
            var colon = RuleColon(line);
            if (colon < 0)
            {
                continue;
            }

            var token = new StringBuilder();
            for (var i = colon + 1; i <= line.Length; i++)
            {
                var c = i < line.Length ? line[i] : ' ';
                if (c == '\\' && i + 1 < line.Length && line[i + 1] is ' ' or '#' or '\\')
                {
                    token.Append(line[++i]);
                }
                else if (c == '$' && i + 1 < line.Length && line[i + 1] == '$')
                {
                    token.Append('$');
                    i++;
                }
                else if (c is ' ' or '\t')
                {
                    if (token.Length > 0 && token[0] == '/')
                    {
                        paths.Add(token.ToString());
                    }

                    token.Clear();
                }
                else
                {
                    token.Append(c);
                }
            }
        }

        return paths;
    }

    /// <summary>The colon that ends a rule's targets: the first one followed by a space, a tab or the end of the line.</summary>
    private static int RuleColon(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == ':' && (i + 1 == line.Length || line[i + 1] is ' ' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }
}
