using System.Text;
using System.Text.Json;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// The <c>package.json</c> of a toolchain image, generated from the bundle file so npm versions are
/// written once. The committed <c>package-lock.json</c> is made from exactly this text.
/// </summary>
internal static class NpmManifest
{
    public const string PackageName = "wasmc-toolchain";

    public static string Render(IReadOnlyDictionary<string, string> dependencies, IReadOnlyDictionary<string, string> overrides)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("name", PackageName);
            json.WriteBoolean("private", true);
            WriteTable(json, "dependencies", dependencies);
            if (overrides.Count > 0)
            {
                WriteTable(json, "overrides", overrides);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The root dependencies a <c>package-lock.json</c> was resolved for.</summary>
    public static IReadOnlyDictionary<string, string> ReadLockedRootDependencies(string lockText)
    {
        using var document = JsonDocument.Parse(lockText);
        return LockedRootDependencies(document);
    }

    /// <summary>Like <see cref="ReadLockedRootDependencies(string)"/>, from the lock file's UTF-8 bytes (a BOM is allowed).</summary>
    public static IReadOnlyDictionary<string, string> ReadLockedRootDependencies(ReadOnlyMemory<byte> lockUtf8)
    {
        var bom = "\uFEFF"u8;
        using var document = JsonDocument.Parse(lockUtf8.Span.StartsWith(bom) ? lockUtf8[bom.Length..] : lockUtf8);
        return LockedRootDependencies(document);
    }

    private static Dictionary<string, string> LockedRootDependencies(JsonDocument document)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("packages", out var packages)
            && packages.TryGetProperty("", out var root)
            && root.TryGetProperty("dependencies", out var dependencies))
        {
            foreach (var dependency in dependencies.EnumerateObject())
            {
                result[dependency.Name] = dependency.Value.GetString() ?? "";
            }
        }

        return result;
    }

    private static void WriteTable(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> table)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in table)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
