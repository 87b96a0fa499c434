using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wasmc.Containers.Running;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// What a component's up-to-date build looked like on disk: the size and write time of every file its cache key hashed,
/// the write time of every folder walked to find them, and the key it vouches for. While all of it is unchanged (and the
/// manifest, bundle, profile and wasmc itself are the same), the stamp's key still holds, so a no-op build need not plan,
/// parse WIT or hash sources again; the artifacts are still checked against their hashes. Anything different (an edit, a
/// new or removed file, a touched file) only means the full check runs.
/// </summary>
/// <remarks>
/// Stats are taken before the contents are hashed, and a snapshot is not kept when anything changed in the last
/// <see cref="QuietPeriod"/> (an edit within the file system's timestamp resolution would otherwise go unseen).
/// </remarks>
internal sealed record InputSnapshot(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("files")] IReadOnlyList<SnapshotEntry> Files,
    [property: JsonPropertyName("folders")] IReadOnlyList<SnapshotEntry> Folders)
{
    /// <summary>Next to the stamp in the component's output folder.</summary>
    public const string FileName = ".wasmc-inputs.json";

    /// <summary>Bumped when what a snapshot covers changes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Files or folders written this recently make a snapshot unsafe to keep.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Whether every file and folder still has the size and write time recorded.</summary>
    public bool StillMatchesDisk() =>
        Folders.All(folder => Directory.Exists(folder.Path) && Directory.GetLastWriteTimeUtc(folder.Path).Ticks == folder.WrittenTicks)
        && Files.All(file => file.Length < 0 ? !File.Exists(file.Path) && !Directory.Exists(file.Path) : Matches(new FileInfo(file.Path), file));

    private static bool Matches(FileInfo info, SnapshotEntry file) =>
        info.Exists && info.Length == file.Length && info.LastWriteTimeUtc.Ticks == file.WrittenTicks;

    /// <summary>The snapshot at <paramref name="path"/>, or null when it is missing, a link or unreadable.</summary>
    public static InputSnapshot? TryRead(string path)
    {
        try
        {
            return File.Exists(path) && !WorkspacePaths.IsLink(path) && new FileInfo(path).Length <= 64 * 1024 * 1024
                ? JsonSerializer.Deserialize(File.ReadAllText(path), InputSnapshotJson.Default.InputSnapshot)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the snapshot atomically; a snapshot that cannot be written only makes the next no-op build slower.</summary>
    public void TryWrite(BuildLayout layout, string path)
    {
        try
        {
            WorkspacePaths.WriteText(layout.Workspace, path, JsonSerializer.Serialize(this, InputSnapshotJson.Default.InputSnapshot), layout.OutputRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
        }
    }

    /// <summary>Removes a snapshot that no longer vouches for the stamp beside it.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale snapshot never matches a different stamp key: harmless.
        }
    }

    /// <summary>
    /// Everything besides the files that decides the plan and so the key: wasmc and the plugin (their assemblies'
    /// module ids change with any code change), the manifest's bytes, the component, profile, bundle definition and WASI level.
    /// </summary>
    public static string ContextOf(ILanguagePlugin plugin, string manifestSha256, string component, string profile, string bundle, string bundleDefinition, WasiLevel? wasi)
    {
        var text = new StringBuilder()
            .Append("format ").Append(CurrentFormat).Append(" key-format ").Append(BuildCacheKey.Format).Append('\n')
            .Append("wasmc ").Append(AssemblyIdentities(typeof(InputSnapshot).Assembly)).Append('\n')
            .Append("plugin ").Append(plugin.LanguageId).Append(' ').Append(AssemblyIdentities(plugin.GetType().Assembly)).Append('\n')
            .Append("manifest ").Append(manifestSha256).Append('\n')
            .Append("component ").Append(component).Append('\n')
            .Append("profile ").Append(profile).Append('\n')
            .Append("bundle ").Append(bundle).Append(' ').Append(bundleDefinition).Append(' ').Append(wasi?.ToString() ?? "default").Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, string> Identities = new();

    // An assembly and the wasmc assemblies it references: a new bindings generator changes the plan as much as a new plugin.
    private static string AssemblyIdentities(Assembly assembly) => Identities.GetOrAdd(assembly, IdentitiesOf);

    private static string IdentitiesOf(Assembly assembly)
    {
        var ids = new List<string> { $"{assembly.GetName().Name}={assembly.ManifestModule.ModuleVersionId}" };
        foreach (var reference in assembly.GetReferencedAssemblies().Where(name => name.Name?.StartsWith("Wasmc.", StringComparison.Ordinal) == true))
        {
            var loaded = Assembly.Load(reference);
            ids.Add($"{reference.Name}={loaded.ManifestModule.ModuleVersionId}");
        }

        return string.Join(' ', ids.Order(StringComparer.Ordinal));
    }
}

/// <summary>A file (<see cref="Length"/> -1: it did not exist) or a folder (<see cref="Length"/> 0) and its write time.</summary>
internal sealed record SnapshotEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("written")] long WrittenTicks);

/// <summary>
/// Collects, while the cache key's inputs are gathered, each file's size and write time before it is hashed and each
/// folder's write time before it is listed.
/// </summary>
internal sealed class InputStatRecorder
{
    private readonly Dictionary<string, SnapshotEntry> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnapshotEntry> _folders = new(StringComparer.Ordinal);
    private long _newestTicks;

    public void Folder(string fullPath)
    {
        if (!_folders.ContainsKey(fullPath))
        {
            var written = Directory.GetLastWriteTimeUtc(fullPath).Ticks;
            _folders[fullPath] = new SnapshotEntry(fullPath, 0, written);
            _newestTicks = Math.Max(_newestTicks, written);
        }
    }

    public void File(string fullPath)
    {
        if (!_files.ContainsKey(fullPath))
        {
            var info = new FileInfo(fullPath);
            var entry = info.Exists ? new SnapshotEntry(fullPath, info.Length, info.LastWriteTimeUtc.Ticks) : new SnapshotEntry(fullPath, -1, 0);
            _files[fullPath] = entry;
            _newestTicks = Math.Max(_newestTicks, entry.WrittenTicks);
        }
    }

    /// <summary>The snapshot vouching for <paramref name="key"/>, or null when something was written too recently to trust timestamps.</summary>
    public InputSnapshot? Snapshot(string context, string key, DateTime nowUtc) =>
        _newestTicks >= (nowUtc - InputSnapshot.QuietPeriod).Ticks
            ? null
            : new InputSnapshot(
                InputSnapshot.CurrentFormat,
                context,
                key,
                [.. _files.Values.OrderBy(entry => entry.Path, StringComparer.Ordinal)],
                [.. _folders.Values.OrderBy(entry => entry.Path, StringComparer.Ordinal)]);
}

/// <summary>Read by every no-op build: generated serialisation, no reflection at start-up.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(InputSnapshot))]
internal sealed partial class InputSnapshotJson : JsonSerializerContext;
