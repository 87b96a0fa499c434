using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Transfer;

namespace Wasmc.Containers.Tests.Transfer;

/// <summary>One image to put into a fake docker-save tar.</summary>
internal sealed record FakeImage(string Reference, IReadOnlyDictionary<string, string> Labels);

/// <summary>Bundle archives made without Docker, in the classic docker-save layout, to test verification alone.</summary>
internal static class FakeArchives
{
    private static readonly DateTimeOffset Time = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string> LabelsOf(BundleToolchain toolchain) => new()
    {
        [ImageLabels.Bundle] = toolchain.BundleName,
        [ImageLabels.Toolchain] = toolchain.Name,
        [ImageLabels.DefinitionHash] = toolchain.DefinitionHash,
        [ImageLabels.BaseImageId] = "sha256:" + new string('b', 64),
    };

    public static List<FakeImage> ImagesOf(Bundle bundle) => [.. bundle.Toolchains.Select(t => new FakeImage(t.ImageReference, LabelsOf(t)))];

    /// <summary>A docker-save tar (layer folder, config file named after its digest, manifest.json) and each image's config digest.</summary>
    public static (byte[] Tar, IReadOnlyList<string> ConfigDigests) DockerSaveTar(IReadOnlyList<FakeImage> images, bool ociLayout = false)
    {
        var digests = new List<string>();
        var manifest = new JsonArray();
        using var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (var i = 0; i < images.Count; i++)
            {
                var layerBytes = Encoding.UTF8.GetBytes(new string('x', 3000 + i));
                var layer = ociLayout ? $"blobs/sha256/{Convert.ToHexStringLower(SHA256.HashData(layerBytes))}" : $"{new string((char)('a' + i), 64)}/layer.tar";
                Add(tar, layer, layerBytes);
                var config = Encoding.UTF8.GetBytes(new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["os"] = "linux",
                    ["config"] = new JsonObject { ["Labels"] = new JsonObject([.. images[i].Labels.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]) },
                    ["rootfs"] = new JsonObject { ["type"] = "layers" },
                }.ToJsonString());
                var hex = Convert.ToHexStringLower(SHA256.HashData(config));
                var configName = ociLayout ? $"blobs/sha256/{hex}" : $"{hex}.json";
                Add(tar, configName, config);
                digests.Add("sha256:" + hex);
                manifest.Add(new JsonObject
                {
                    ["Config"] = configName,
                    ["RepoTags"] = new JsonArray(JsonValue.Create(images[i].Reference)),
                    ["Layers"] = new JsonArray(JsonValue.Create(layer)),
                });
            }

            Add(tar, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        return (stream.ToArray(), digests);
    }

    /// <summary>The manifest <c>bundle save</c> would write for these images (image id = config digest, as on the classic store).</summary>
    public static BundleArchiveManifest ManifestFor(Bundle bundle, byte[] imagesTar, IReadOnlyList<string> configDigests) => new(
        bundle.Name,
        Time,
        Convert.ToHexStringLower(SHA256.HashData(imagesTar)),
        imagesTar.Length,
        [.. bundle.Toolchains.Select((t, i) => new ArchivedToolchain(t.Name, t.ImageReference, configDigests[i], configDigests[i], t.DefinitionHash))]);

    /// <summary>Writes the outer tar as <c>bundle save</c> does: images first, then the manifest.</summary>
    public static void Write(string path, BundleArchiveManifest manifest, byte[] imagesTar) => Write(path, manifest.ToJson(), imagesTar);

    public static void Write(string path, byte[] manifestJson, byte[] imagesTar)
    {
        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Gnu);
        Add(tar, BundleArchiveManifest.ImagesEntryName, imagesTar, TarEntryFormat.Gnu);
        Add(tar, BundleArchiveManifest.EntryName, manifestJson, TarEntryFormat.Gnu);
    }

    /// <summary>A correct archive of <paramref name="bundle"/>; returns its manifest.</summary>
    public static BundleArchiveManifest WriteValid(string path, Bundle bundle)
    {
        var (tar, digests) = DockerSaveTar(ImagesOf(bundle));
        var manifest = ManifestFor(bundle, tar, digests);
        Write(path, manifest, tar);
        return manifest;
    }

    private static void Add(TarWriter tar, string name, byte[] content, TarEntryFormat format = TarEntryFormat.Pax)
    {
        TarEntry entry = format == TarEntryFormat.Gnu
            ? new GnuTarEntry(TarEntryType.RegularFile, name)
            : new PaxTarEntry(TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(content);
        entry.ModificationTime = Time;
        tar.WriteEntry(entry);
    }
}
