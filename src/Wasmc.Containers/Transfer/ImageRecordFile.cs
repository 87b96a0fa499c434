using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wasmc.Toml;

namespace Wasmc.Containers.Transfer;

/// <summary>What a record file says: which images of a bundle were pushed where, by digest.</summary>
internal sealed record ImageRecord(string Bundle, RegistryLocation Registry, DateTimeOffset Pushed, IReadOnlyList<PushedImage> Images);

/// <summary>
/// The record file <c>bundle push</c> writes (<c>&lt;bundle&gt;.images.toml</c>) and <c>bundle pull --record</c>
/// reads: TOML, one <c>[toolchains.NAME]</c> table per image. See docs/bundles.md, "Moving images".
/// </summary>
internal static partial class ImageRecordFile
{
    public const int FormatVersion = 1;

    /// <summary>The default file name for <paramref name="bundle"/>'s record.</summary>
    public static string DefaultFileName(string bundle) => $"{bundle}.images.toml";

    public static string Render(ImageRecord record)
    {
        var text = new StringBuilder();
        text.Append("# Images of bundle ").Append(record.Bundle).Append(" pushed by `wasmc bundle push`.\n");
        text.Append("# `wasmc bundle pull ").Append(record.Bundle).Append(" --record <this file>` pulls exactly these digests.\n");
        text.Append("format = ").Append(FormatVersion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("bundle = ").Append(Quote(record.Bundle)).Append('\n');
        text.Append("registry = ").Append(Quote(record.Registry.ToString())).Append('\n');
        text.Append("pushed = ").Append(Quote(record.Pushed.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))).Append('\n');
        foreach (var image in record.Images)
        {
            text.Append('\n').Append("[toolchains.").Append(image.Toolchain).Append("]\n");
            text.Append("repository = ").Append(Quote(image.Repository)).Append('\n');
            text.Append("tag = ").Append(Quote(image.Tag)).Append('\n');
            text.Append("digest = ").Append(Quote(image.Digest)).Append('\n');
            text.Append("image-id = ").Append(Quote(image.ImageId)).Append('\n');
            text.Append("definition-hash = ").Append(Quote(image.DefinitionHash)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads a record file.</summary>
    /// <exception cref="BundleVerificationException">Not a valid record (<see cref="BundleVerificationFailure.Corrupt"/>), with the file and position.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static ImageRecord Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        TomlTable root;
        try
        {
            root = TomlDocument.ParseUtf8(bytes, path);
        }
        catch (TomlException e)
        {
            throw Invalid(path, e.Message, e);
        }

        if (!root.TryGetInteger("format", out var format) || format != FormatVersion)
        {
            throw Invalid(path, $"'format' must be {FormatVersion} (a newer wasmc may have written it)");
        }

        var bundle = RequiredString(root, "bundle", path);
        RegistryLocation registry;
        try
        {
            registry = RegistryLocation.Parse(RequiredString(root, "registry", path));
        }
        catch (FormatException e)
        {
            throw Invalid(path, e.Message, e);
        }

        var pushed = root.TryGetString("pushed", out var pushedText)
            && DateTimeOffset.TryParse(pushedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : DateTimeOffset.MinValue;
        if (!root.TryGetTable("toolchains", out var toolchains) || toolchains.Count == 0)
        {
            throw Invalid(path, "no [toolchains.NAME] tables");
        }

        var images = new List<PushedImage>();
        foreach (var (name, node) in toolchains)
        {
            if (node is not TomlTable table)
            {
                throw Invalid(path, $"{node.Position}: toolchains.{name} must be a table");
            }

            var digest = RequiredString(table, "digest", path);
            var imageId = RequiredString(table, "image-id", path);
            foreach (var (key, value) in new[] { ("digest", digest), ("image-id", imageId) })
            {
                if (!Digest().IsMatch(value))
                {
                    throw Invalid(path, $"{table[key].Position}: toolchains.{name}.{key} is not a sha256 digest ('{value}')");
                }
            }

            images.Add(new PushedImage(
                name,
                RequiredString(table, "repository", path),
                RequiredString(table, "tag", path),
                digest,
                imageId,
                RequiredString(table, "definition-hash", path)));
        }

        return new ImageRecord(bundle, registry, pushed, images);
    }

    private static string RequiredString(TomlTable table, string key, string path) =>
        table.TryGetString(key, out var value) && value.Length > 0
            ? value
            : throw Invalid(path, $"{table.Position}: missing string '{key}'");

    private static BundleVerificationException Invalid(string path, string message, Exception? inner = null) =>
        new(BundleVerificationFailure.Corrupt, $"{path} is not a valid image record: {message}", inner);

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
