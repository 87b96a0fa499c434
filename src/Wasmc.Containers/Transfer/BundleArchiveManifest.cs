using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wasmc.Containers.Transfer;

/// <summary>One toolchain image in a bundle archive.</summary>
/// <param name="Name">Toolchain name.</param>
/// <param name="Reference">Local reference (<c>wasmc/BUNDLE/TOOLCHAIN:TAG</c>); the docker-save tar tags the image with it.</param>
/// <param name="ImageId">The engine's image id when saved.</param>
/// <param name="ConfigDigest">sha256 of the image's config JSON in the docker-save tar (equals the id on the classic image store).</param>
/// <param name="DefinitionHash">The image's <c>wasmc.definition-hash</c> label.</param>
internal sealed record ArchivedToolchain(string Name, string Reference, string ImageId, string ConfigDigest, string DefinitionHash);

/// <summary>
/// <c>wasmc-bundle.json</c>, the manifest of a bundle archive: which bundle, which images, and the checksum
/// of the docker-save tar next to it. See docs/bundles.md, "Moving images".
/// </summary>
internal sealed partial record BundleArchiveManifest(
    string Bundle,
    DateTimeOffset Created,
    string ImagesSha256,
    long ImagesSize,
    IReadOnlyList<ArchivedToolchain> Toolchains)
{
    /// <summary>The <c>format</c> value that marks a wasmc bundle archive.</summary>
    public const string FormatName = "wasmc-bundle-archive";

    /// <summary>Bump when readers of the previous version would misread the archive.</summary>
    public const int FormatVersion = 1;

    /// <summary>Name of the manifest entry in the outer tar.</summary>
    public const string EntryName = "wasmc-bundle.json";

    /// <summary>Name of the docker-save tar entry in the outer tar.</summary>
    public const string ImagesEntryName = "images.tar";

    // Config files and manifests are a few KB; a bigger manifest is not ours.
    private const int MaxManifestBytes = 1 << 20;

    public byte[] ToJson()
    {
        var json = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = FormatVersion,
            ["bundle"] = Bundle,
            ["created"] = Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["images"] = new JsonObject
            {
                ["file"] = ImagesEntryName,
                ["sha256"] = ImagesSha256,
                ["size"] = ImagesSize,
            },
            ["toolchains"] = new JsonArray([.. Toolchains.Select(toolchain => (JsonNode)new JsonObject
            {
                ["name"] = toolchain.Name,
                ["reference"] = toolchain.Reference,
                ["imageId"] = toolchain.ImageId,
                ["configDigest"] = toolchain.ConfigDigest,
                ["definitionHash"] = toolchain.DefinitionHash,
            })]),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads and checks the manifest's shape.</summary>
    /// <exception cref="BundleVerificationException">Not a manifest this wasmc can read (<see cref="BundleVerificationFailure.Corrupt"/>).</exception>
    public static BundleArchiveManifest Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxManifestBytes)
        {
            throw Corrupt($"{EntryName} is {utf8.Length} bytes, far more than a manifest");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw Corrupt($"{EntryName} is not valid JSON: {e.Message}");
        }

        if (root is not JsonObject document)
        {
            throw Corrupt($"{EntryName} is not a JSON object");
        }

        if (Text(document, "format") != FormatName)
        {
            throw Corrupt($"{EntryName} has format '{Text(document, "format")}', not '{FormatName}'");
        }

        var version = Number(document, "version");
        if (version != FormatVersion)
        {
            throw Corrupt($"the archive has format version {version}; this wasmc reads version {FormatVersion} (a newer wasmc may have written it)");
        }

        var images = document["images"] as JsonObject ?? throw Corrupt($"{EntryName} has no 'images' object");
        if (Text(images, "file") != ImagesEntryName)
        {
            throw Corrupt($"{EntryName} names images file '{Text(images, "file")}', expected '{ImagesEntryName}'");
        }

        var sha256 = Text(images, "sha256");
        if (!Sha256Hex().IsMatch(sha256))
        {
            throw Corrupt($"{EntryName} has no valid images sha256 ('{sha256}')");
        }

        var size = Number(images, "size");
        if (size <= 0)
        {
            throw Corrupt($"{EntryName} has no valid images size");
        }

        if (document["toolchains"] is not JsonArray toolchainArray || toolchainArray.Count == 0)
        {
            throw Corrupt($"{EntryName} lists no toolchains");
        }

        var toolchains = new List<ArchivedToolchain>();
        foreach (var item in toolchainArray)
        {
            if (item is not JsonObject toolchain)
            {
                throw Corrupt($"{EntryName}: every toolchain must be an object");
            }

            var entry = new ArchivedToolchain(
                Required(toolchain, "name"),
                Required(toolchain, "reference"),
                RequiredDigest(toolchain, "imageId"),
                RequiredDigest(toolchain, "configDigest"),
                Required(toolchain, "definitionHash"));
            if (toolchains.Any(t => t.Name == entry.Name))
            {
                throw Corrupt($"{EntryName} lists toolchain '{entry.Name}' twice");
            }

            toolchains.Add(entry);
        }

        var created = DateTimeOffset.TryParse(Text(document, "created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : DateTimeOffset.MinValue;
        return new BundleArchiveManifest(Required(document, "bundle"), created, sha256, size, toolchains);
    }

    private static BundleVerificationException Corrupt(string message) =>
        new(BundleVerificationFailure.Corrupt, $"not a valid wasmc bundle archive: {message}");

    private static string Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static long Number(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : -1;

    private static string Required(JsonObject json, string name) =>
        Text(json, name) is { Length: > 0 } text ? text : throw Corrupt($"{EntryName} has no '{name}'");

    private static string RequiredDigest(JsonObject json, string name)
    {
        var digest = Required(json, name);
        return digest.StartsWith("sha256:", StringComparison.Ordinal) && Sha256Hex().IsMatch(digest["sha256:".Length..])
            ? digest
            : throw Corrupt($"{EntryName}: '{name}' is not a sha256 digest ('{digest}')");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
