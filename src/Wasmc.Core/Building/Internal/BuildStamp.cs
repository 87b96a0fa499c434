using System.Text.Json;
using System.Text.Json.Serialization;
using Wasmc.Containers.Running;

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
    /// <summary>The workspace files the toolchains reported reading (dependency files), with their hashes at build time.</summary>
    [JsonPropertyName("reads")]
    public IReadOnlyList<StampedFile> Reads { get; init; } = [];

    /// <summary>The stamp at <paramref name="path"/>, or null when it is missing or unreadable (both mean: build).</summary>
    public static BuildStamp? TryRead(string path)
    {
        try
        {
            // A committed link or a huge file is not a stamp wasmc wrote: build.
            return File.Exists(path) && !WorkspacePaths.IsLink(path) && new FileInfo(path).Length <= 16 * 1024 * 1024
                ? JsonSerializer.Deserialize(File.ReadAllText(path), BuildStampJson.Default.BuildStamp)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the stamp through a temporary file and a rename, so a reader never sees half of it.</summary>
    public void WriteAtomically(BuildLayout layout, string path) =>
        WorkspacePaths.WriteText(layout.Workspace, path, JsonSerializer.Serialize(this, BuildStampJson.Default.BuildStamp), layout.OutputRoot);
}

/// <summary>An artifact in a stamp.</summary>
/// <param name="Kind">Artifact kind.</param>
/// <param name="RelativePath">Path relative to the component's output folder, <c>/</c> separators.</param>
/// <param name="Sha256">The artifact's hash: an artifact that changed since (truncated, replaced) is not up to date.</param>
internal sealed record StampedArtifact(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string RelativePath,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>A file a build read: workspace-relative path, sha256 (<c>missing</c> when it did not exist).</summary>
internal sealed record StampedFile(
    [property: JsonPropertyName("path")] string RelativePath,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>Stamps are read by every build, up to date or not: serialised by generated code, not reflection, which costs start-up time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BuildStamp))]
internal sealed partial class BuildStampJson : JsonSerializerContext;
