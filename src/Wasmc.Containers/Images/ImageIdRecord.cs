using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wasmc.Docker;

namespace Wasmc.Containers.Images;

/// <summary>
/// The image ids one engine last reported for toolchain image references, kept in the user's cache
/// (<c>$XDG_CACHE_HOME/wasmc/image-ids/&lt;engine&gt;.json</c>). Builds key their cache on image ids; with this record an
/// up-to-date build decides without contacting the engine. Every inspect, image build, load and pull wasmc does
/// refreshes it. An image rebuilt behind wasmc's back (a plain <c>docker build</c> with wasmc's tag) is seen at the
/// next build that runs a step, or with <c>build --force</c>. Best effort: an unreadable record is an empty one.
/// </summary>
public sealed class ImageIdRecord
{
    private const int MaximumBytes = 1024 * 1024;
    private readonly Lock _lock = new();
    private SortedDictionary<string, string>? _lastRead;
    private (DateTime WrittenUtc, long Length)? _lastReadStamp;

    /// <param name="path">The record file.</param>
    public ImageIdRecord(string path) => Path = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The record file.</summary>
    public string Path { get; }

    /// <summary>The record of the engine at <paramref name="endpoint"/> in the default cache folder.</summary>
    public static ImageIdRecord For(DockerEndpoint endpoint, string? cacheRoot = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var engine = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint.Uri.ToString())))[..16];
        return new ImageIdRecord(System.IO.Path.Combine(cacheRoot ?? DefaultFolder, engine + ".json"));
    }

    /// <summary>The record of the engine wasmc would connect to now (<c>DOCKER_HOST</c>, context, socket); null when none can be named.</summary>
    public static ImageIdRecord? ForDiscoveredEngine()
    {
        try
        {
            return For(DockerEndpointDiscovery.Find());
        }
        catch (DockerException)
        {
            return null;
        }
    }

    /// <summary><c>$XDG_CACHE_HOME/wasmc/image-ids</c>, or <c>~/.cache/wasmc/image-ids</c>.</summary>
    public static string DefaultFolder => System.IO.Path.Combine(WasmcUserCache.Folder, "image-ids");

    /// <summary>The id last seen for <paramref name="reference"/>, or null.</summary>
    public string? Find(string reference)
    {
        lock (_lock)
        {
            // Every component of a no-op build asks; the file is parsed again only when it changed.
            var stamp = FileStamp();
            if (_lastRead is null || stamp != _lastReadStamp)
            {
                _lastRead = Read();
                _lastReadStamp = stamp;
            }

            return _lastRead.GetValueOrDefault(reference);
        }
    }

    private (DateTime WrittenUtc, long Length)? FileStamp()
    {
        try
        {
            var file = new FileInfo(Path);
            return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records that <paramref name="reference"/> is image <paramref name="imageId"/> (written through a temporary file and a rename).</summary>
    public void Remember(string reference, string imageId)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(imageId);
        lock (_lock)
        {
            _lastRead = null;
            var entries = Read();
            if (entries.TryGetValue(reference, out var known) && known == imageId)
            {
                return;
            }

            entries[reference] = imageId;
            var temporary = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                File.WriteAllText(temporary, JsonSerializer.Serialize(entries, ImageIdRecordJson.Default.SortedDictionaryStringString));
                File.Move(temporary, Path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only a later no-op build is slower (it asks the engine): never a reason to fail.
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Forgets <paramref name="reference"/> (its image was removed or replaced).</summary>
    public void Forget(string reference)
    {
        lock (_lock)
        {
            _lastRead = null;
            var entries = Read();
            if (entries.Remove(reference))
            {
                try
                {
                    File.WriteAllText(Path, JsonSerializer.Serialize(entries, ImageIdRecordJson.Default.SortedDictionaryStringString));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    TryDelete(Path);
                }
            }
        }
    }

    private SortedDictionary<string, string> Read()
    {
        try
        {
            var file = new FileInfo(Path);
            if (!file.Exists || file.LinkTarget is not null || file.Length > MaximumBytes)
            {
                return new(StringComparer.Ordinal);
            }

            var entries = JsonSerializer.Deserialize(File.ReadAllText(Path), ImageIdRecordJson.Default.DictionaryStringString);
            return entries is null ? new(StringComparer.Ordinal) : new(entries, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new(StringComparer.Ordinal);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless.
        }
    }
}

/// <summary>Read by every build: serialised by generated code, not reflection, which costs start-up time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class ImageIdRecordJson : JsonSerializerContext;
