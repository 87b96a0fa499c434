using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.FileSystemGlobbing;
using Wasmc.Containers.Running;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Building.Internal;

/// <summary>A file that keys the cache: workspace-relative path and content hash ("missing" when absent).</summary>
internal sealed record InputFile(string RelativePath, string Sha256);

/// <summary>
/// The content-addressed build cache key: sha256 of a canonical JSON document holding the plan, the
/// bundle and the ids of the toolchain images used, and the hash of every input file. Anything that
/// could change the artifacts changes the key; nothing else (timestamps, host paths) is in it.
/// </summary>
internal static class BuildCacheKey
{
    /// <summary>Bumped when the key's shape or the build's behaviour changes, so old stamps stop matching.</summary>
    public const int Format = 2;

    private static readonly string[] ExcludedFolderNames = ["target", "node_modules", ".git"];

    public static string Compute(
        ComponentSpec component,
        string profile,
        string bundle,
        IReadOnlyDictionary<string, string> imageIds,
        BuildPlan plan,
        IReadOnlyList<string>? validationArgv,
        IReadOnlyList<InputFile> inputs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("component", component.Name);
            json.WriteString("language", component.Language);
            json.WriteString("profile", profile);
            json.WriteString("bundle", bundle);
            json.WritePropertyName("images");
            WriteMap(json, imageIds);
            json.WritePropertyName("plan");
            WritePlan(json, plan);
            json.WritePropertyName("validation");
            if (validationArgv is null)
            {
                json.WriteNullValue();
            }
            else
            {
                WriteStrings(json, validationArgv);
            }

            json.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                json.WriteStartArray();
                json.WriteStringValue(input.RelativePath);
                json.WriteStringValue(input.Sha256);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>The plan as canonical JSON: fixed property order, maps sorted by key.</summary>
    public static void WritePlan(Utf8JsonWriter json, BuildPlan plan)
    {
        json.WriteStartObject();
        json.WriteStartArray("steps");
        foreach (var step in plan.Steps)
        {
            json.WriteStartObject();
            json.WriteString("description", step.Description);
            json.WriteString("toolchain", step.Toolchain);
            json.WritePropertyName("argv");
            WriteStrings(json, step.Argv);
            json.WriteString("workingDirectory", step.WorkingDirectory);
            json.WritePropertyName("environment");
            WriteMap(json, step.Environment);
            json.WriteStartArray("mounts");
            foreach (var mount in step.Mounts)
            {
                json.WriteStartObject();
                json.WriteString("kind", mount.Kind.ToString());
                json.WriteString("source", mount.Source);
                json.WriteString("target", mount.Target);
                json.WriteBoolean("readOnly", mount.ReadOnly);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("inputs");
            WriteStrings(json, step.Inputs);
            json.WritePropertyName("outputs");
            WriteStrings(json, step.Outputs);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("artifacts");
        foreach (var artifact in plan.Artifacts)
        {
            json.WriteStartObject();
            json.WriteString("kind", artifact.Kind);
            json.WriteString("path", artifact.ContainerPath);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("supportFiles");
        foreach (var file in plan.SupportFiles)
        {
            json.WriteStartObject();
            json.WriteString("path", file.ContainerPath);
            json.WriteString("contents", file.Contents);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Every input file of a component, sorted by path: the component folder (without <c>target/</c>,
    /// <c>node_modules/</c>, <c>.git/</c>, and without its test files <c>tests/*.test.toml</c>, which never reach a
    /// build), its WIT folder, the workspace files named by step inputs (globs allowed) and read-only workspace folder
    /// mounts. Inputs inside <c>/out</c> or <c>/scratch</c> are intermediate files and inputs elsewhere in the image
    /// are covered by the image id. Folder links are not followed; a file link counts only when it stays inside the workspace.
    /// </summary>
    /// <exception cref="UnsafePathException">An input is a link out of the workspace, or lies below a folder link (located).</exception>
    public static IReadOnlyList<InputFile> CollectInputs(BuildLayout layout, string componentFolder, string witFolder, BuildPlan plan, IEnumerable<string> excludedRoots, InputStatRecorder? recorder = null)
    {
        var workspace = Path.GetFullPath(layout.Workspace);
        var excluded = excludedRoots.Select(root => Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToList();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var component = Path.GetFullPath(componentFolder);
        var safeFolders = new HashSet<string>(StringComparer.Ordinal);

        void Add(string fullPath)
        {
            fullPath = Path.GetFullPath(fullPath);
            if (excluded.Exists(root => fullPath.StartsWith(root, StringComparison.Ordinal)) || IsTestFile(component, fullPath))
            {
                return;
            }

            var relative = WorkspacePathDisplay.Relative(workspace, fullPath);
            if (!files.ContainsKey(relative))
            {
                CheckSourceLink(workspace, fullPath, safeFolders);
                recorder?.File(fullPath);
                files[relative] = File.Exists(fullPath) ? HashFile(fullPath) : "missing";
            }
        }

        void AddFolder(string folder)
        {
            foreach (var file in Walk(folder, recorder))
            {
                Add(file);
            }
        }

        AddFolder(componentFolder);
        AddFolder(witFolder);
        foreach (var input in plan.Steps.SelectMany(step => step.Inputs))
        {
            foreach (var file in Expand(input, layout.Paths.Workspace, workspace, recorder))
            {
                Add(file);
            }
        }

        foreach (var mount in plan.Steps.SelectMany(step => step.Mounts).Where(mount => mount.Kind == MountKind.WorkspaceFolder && mount.ReadOnly))
        {
            AddFolder(Path.GetFullPath(Path.Combine(workspace, mount.Source)));
        }

        return [.. files.Select(pair => new InputFile(pair.Key, pair.Value))];
    }

    /// <summary>
    /// Refuses, before a plugin reads anything, every file link of the component and WIT folders that leads out of the
    /// workspace (a committed <c>src/secret.c -&gt; /etc/shadow</c>): plugins read manifests on the host, the cache
    /// hashes sources, and neither may read a host file.
    /// </summary>
    public static void CheckSourceLinks(string workspace, params string[] folders)
    {
        var root = Path.GetFullPath(workspace);
        var safeFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in folders.SelectMany(folder => Walk(folder)))
        {
            CheckSourceLink(root, Path.GetFullPath(file), safeFolders);
        }
    }

    /// <summary>Test files are read by <c>test</c>, never by a build: editing one re-runs tests without a rebuild.</summary>
    private static bool IsTestFile(string componentFolder, string fullPath) =>
        Path.GetRelativePath(componentFolder, fullPath).Replace(Path.DirectorySeparatorChar, '/') is var relative
        && relative.StartsWith("tests/", StringComparison.Ordinal)
        && relative.IndexOf('/', "tests/".Length) < 0
        && relative.EndsWith(".test.toml", StringComparison.Ordinal);

    /// <param name="workspace">The workspace root (full path).</param>
    /// <param name="fullPath">The source file.</param>
    /// <param name="safeFolders">Folders already found free of links on the way from the workspace (one check per folder).</param>
    private static void CheckSourceLink(string workspace, string fullPath, HashSet<string> safeFolders)
    {
        var location = WorkspacePathDisplay.Relative(workspace, fullPath);
        if (!WorkspacePaths.IsInside(workspace, fullPath))
        {
            return; // not a workspace file: never hashed as one (Expand only yields workspace files)
        }

        // No folder link on the way: the container would resolve it against its own root, the host against the host's.
        var parent = Path.GetDirectoryName(fullPath)!;
        if (!safeFolders.Contains(parent))
        {
            try
            {
                WorkspacePaths.Check(workspace, parent);
            }
            catch (UnsafePathException e)
            {
                throw new UnsafePathException(fullPath, $"lies below a folder link ({e.Message}); wasmc does not follow folder links in sources", location);
            }

            safeFolders.Add(parent);
        }

        var info = new FileInfo(fullPath);
        if (info.LinkTarget is null)
        {
            return;
        }

        var final = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        if (final is null || !WorkspacePaths.IsInside(workspace, final) || IsBelowLink(workspace, final))
        {
            throw new UnsafePathException(
                fullPath,
                $"a symbolic link to {info.LinkTarget}, which leads out of the workspace; wasmc follows links in sources only to files inside the workspace",
                location);
        }
    }

    private static bool IsBelowLink(string workspace, string path)
    {
        try
        {
            WorkspacePaths.Check(workspace, Path.GetDirectoryName(path)!);
            return false;
        }
        catch (UnsafePathException)
        {
            return true;
        }
    }

    /// <summary>Host files named by a step input, when it lies in the workspace; a missing plain file still counts (as "missing").</summary>
    private static IEnumerable<string> Expand(string containerPath, string containerWorkspace, string hostWorkspace, InputStatRecorder? recorder)
    {
        var segments = containerPath.Split('/');
        var firstGlob = Array.FindIndex(segments, segment => segment.IndexOfAny(['*', '?', '[']) >= 0);
        if (firstGlob < 0)
        {
            var host = BuildLayout.MapBelow(containerPath, containerWorkspace, hostWorkspace);
            if (host is null)
            {
                return [];
            }

            return Directory.Exists(host) && !WorkspacePaths.IsLink(host) ? Walk(host, recorder) : [host];
        }

        var baseContainer = string.Join('/', segments[..firstGlob]);
        var baseHost = BuildLayout.MapBelow(baseContainer, containerWorkspace, hostWorkspace);
        if (baseHost is null || !Directory.Exists(baseHost) || WorkspacePaths.IsLink(baseHost))
        {
            if (baseHost is not null)
            {
                recorder?.File(baseHost);
            }

            return [];
        }

        // Matched against our own walk, which does not follow folder links (the globbing library's would).
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments[firstGlob..]));
        return matcher.Match(baseHost, Walk(baseHost, recorder).ToList()).Files
            .Select(match => Path.GetFullPath(Path.Combine(baseHost, match.Path)))
            .Where(path => !IsInExcludedFolder(baseHost, path));
    }

    private static bool IsInExcludedFolder(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(ExcludedFolderNames.Contains);

    /// <summary>Files below <paramref name="folder"/>, not descending into excluded or symlinked folders.</summary>
    private static IEnumerable<string> Walk(string folder, InputStatRecorder? recorder = null)
    {
        if (!Directory.Exists(folder) || WorkspacePaths.IsLink(folder))
        {
            // Its appearing later must be noticed too.
            recorder?.File(folder);
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            recorder?.Folder(current);
            foreach (var file in Directory.EnumerateFiles(current, "*", options))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(current, "*", options))
            {
                var info = new DirectoryInfo(child);
                if (!ExcludedFolderNames.Contains(info.Name) && info.LinkTarget is null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// The hash of a workspace file a toolchain reported reading: <c>missing</c> when it does not exist, <c>link</c> when
    /// it is a link or below one (the host does not read through links the container resolved on its own).
    /// </summary>
    public static string HashInput(string workspace, string fullPath)
    {
        if (!WorkspacePaths.IsInside(workspace, fullPath))
        {
            return "outside";
        }

        try
        {
            WorkspacePaths.Check(workspace, fullPath);
        }
        catch (UnsafePathException)
        {
            return "link";
        }

        return File.Exists(fullPath) ? HashFile(fullPath) : "missing";
    }

    /// <summary>The sha256 of a file, hex.</summary>
    public static string HashFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return "unreadable";
        }
        catch (UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, IEnumerable<string> values)
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter json, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject();
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>' sha256, hex (used for short fingerprints in messages).</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
