namespace Wasmc.Containers.Bundles;

/// <summary>
/// The files the bundle files of one catalog load refer to, each read, hashed and (for npm locks) parsed once:
/// every toolchain of every bundle names the install script, and bundles of one Debian release share a lock.
/// </summary>
internal sealed class BundleInputCache
{
    private readonly Dictionary<string, CachedInputFile> _files = new(StringComparer.Ordinal);

    /// <summary>The file at <paramref name="fullPath"/>, read on first use.</summary>
    public CachedInputFile Get(string fullPath)
    {
        if (!_files.TryGetValue(fullPath, out var file))
        {
            file = new CachedInputFile(File.ReadAllBytes(fullPath));
            _files.Add(fullPath, file);
        }

        return file;
    }
}

/// <summary>One input file's bytes, with its text hash and npm lock contents computed when first asked for.</summary>
internal sealed class CachedInputFile(byte[] bytes)
{
    private string? _sha256;
    private IReadOnlyDictionary<string, string>? _lockedRootDependencies;

    public byte[] Bytes { get; } = bytes;

    /// <summary><see cref="BundleText.Sha256OfTextFile"/> of the bytes.</summary>
    public string Sha256 => _sha256 ??= BundleText.Sha256OfTextFile(Bytes);

    /// <summary>The root dependencies of an npm lock.</summary>
    /// <exception cref="System.Text.Json.JsonException">The file is not JSON.</exception>
    public IReadOnlyDictionary<string, string> LockedRootDependencies => _lockedRootDependencies ??= NpmManifest.ReadLockedRootDependencies(Bytes);
}
