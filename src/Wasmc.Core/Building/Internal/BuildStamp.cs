using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wasmc.Core.Building.Internal;

/// <summary>
/// What a successful build records next to its artifacts: the cache key it was built for and the
/// artifacts it produced (relative to the output folder). Only a build whose every step succeeded and
/// whose component validated writes one, so the cache is never poisoned by a failure.
/// </summary>
internal sealed record BuildStamp(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("bundle")] string Bundle,
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("images")] IReadOnlyDictionary<string, string> Images,
    [property: JsonPropertyName("artifacts")] IReadOnlyList<StampedArtifact> Artifacts,
    [property: JsonPropertyName("built")] DateTimeOffset Built)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>The stamp at <paramref name="path"/>, or null when it is missing or unreadable (both mean: build).</summary>
    public static BuildStamp? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BuildStamp>(File.ReadAllText(path), Options) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the stamp through a temporary file and a rename, so a reader never sees half of it.</summary>
    public void WriteAtomically(string path)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>An artifact in a stamp.</summary>
/// <param name="Kind">Artifact kind.</param>
/// <param name="RelativePath">Path relative to the component's output folder, <c>/</c> separators.</param>
internal sealed record StampedArtifact(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string RelativePath);
