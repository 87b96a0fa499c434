using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wasmc.Containers.Transfer;

/// <summary>One image in a docker-save tar, as its <c>manifest.json</c> and config file describe it.</summary>
/// <param name="ConfigDigest"><c>sha256:</c> of the config file's bytes.</param>
/// <param name="RepoTags">The tags <c>docker load</c> will give it.</param>
/// <param name="Labels">The labels in its config.</param>
internal sealed record SavedImage(string ConfigDigest, IReadOnlyList<string> RepoTags, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Reads what a docker-save tar would load, without Docker: <c>manifest.json</c> and the image configs it
/// names (the labels are there), so an archive is checked before anything enters the engine. Handles the
/// classic layout (<c>&lt;id&gt;.json</c>, Docker ≤ 24) and the OCI one (<c>blobs/sha256/&lt;hex&gt;</c>).
/// </summary>
internal static class DockerSaveTar
{
    private const string ManifestName = "manifest.json";

    // Only JSON is kept (manifest.json, configs): a few KB each. The bounds stop a hostile tar from exhausting memory.
    private const long MaxKeptEntryBytes = 4 << 20;
    private const long MaxKeptTotalBytes = 64 << 20;

    /// <summary>Reads the tar to its end.</summary>
    /// <exception cref="BundleVerificationException">Not a docker-save tar, or a config it names is missing or malformed (<see cref="BundleVerificationFailure.Corrupt"/>).</exception>
    public static async Task<IReadOnlyList<SavedImage>> ReadAsync(Stream tar, CancellationToken cancellationToken)
    {
        var smallFiles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long kept = 0;
        try
        {
            using var reader = new TarReader(tar, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = Normalize(entry.Name);
                var mayBeJson = name.EndsWith(".json", StringComparison.Ordinal) || name.StartsWith("blobs/", StringComparison.Ordinal);
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null
                    || !mayBeJson || entry.Length > MaxKeptEntryBytes)
                {
                    continue;
                }

                var content = new byte[entry.Length];
                await entry.DataStream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);

                // OCI blobs have no extension: configs are JSON objects, layers are tars or gzip.
                if (!LooksLikeJson(content))
                {
                    continue;
                }

                kept += content.Length;
                if (kept > MaxKeptTotalBytes)
                {
                    throw Corrupt($"the images tar holds more than {MaxKeptTotalBytes >> 20} MB of JSON, far more than image configs");
                }

                smallFiles[name] = content;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw Corrupt($"the images tar is damaged ({e.Message})", e);
        }

        if (!smallFiles.TryGetValue(ManifestName, out var manifestBytes))
        {
            throw Corrupt($"the images tar has no {ManifestName}");
        }

        JsonArray manifest;
        try
        {
            manifest = JsonNode.Parse(manifestBytes) as JsonArray ?? throw Corrupt($"the images tar's {ManifestName} is not a JSON array");
        }
        catch (JsonException e)
        {
            throw Corrupt($"the images tar's {ManifestName} is not valid JSON: {e.Message}", e);
        }

        var images = new List<SavedImage>();
        foreach (var item in manifest)
        {
            var configName = item?["Config"] is JsonValue value && value.TryGetValue<string>(out var name) ? Normalize(name) : "";
            if (!smallFiles.TryGetValue(configName, out var config))
            {
                throw Corrupt($"the images tar's {ManifestName} names config '{configName}', which is not in the tar");
            }

            var repoTags = item?["RepoTags"] is JsonArray tags
                ? tags.Select(tag => tag is JsonValue t && t.TryGetValue<string>(out var text) ? text : "").ToList()
                : [];
            images.Add(new SavedImage("sha256:" + Convert.ToHexStringLower(SHA256.HashData(config)), repoTags, Labels(config, configName)));
        }

        return images;
    }

    private static Dictionary<string, string> Labels(byte[] config, string configName)
    {
        try
        {
            var labels = JsonNode.Parse(config)?["config"]?["Labels"] as JsonObject;
            return labels?.ToDictionary(
                    pair => pair.Key,
                    pair => pair.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : "",
                    StringComparer.Ordinal)
                ?? [];
        }
        catch (JsonException e)
        {
            throw Corrupt($"image config '{configName}' is not valid JSON: {e.Message}", e);
        }
    }

    private static bool LooksLikeJson(byte[] content)
    {
        foreach (var b in content)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b == (byte)'{' || b == (byte)'[';
            }
        }

        return false;
    }

    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;

    private static BundleVerificationException Corrupt(string message, Exception? inner = null) =>
        new(BundleVerificationFailure.Corrupt, $"not a valid wasmc bundle archive: {message}", inner);
}
