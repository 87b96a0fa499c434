namespace Wasmc.Containers.Bundles;

/// <summary>Every bundle of a <c>containers</c> folder (<c>containers/bundles/*.toml</c>), by name.</summary>
public sealed class BundleCatalog
{
    /// <summary>Folder of the bundle files, relative to the containers folder.</summary>
    public const string BundlesFolder = "bundles";

    /// <summary>The lock file recording the hash of every published bundle's files.</summary>
    public const string LockFileName = "bundles.lock";

    /// <summary>The file listing retired bundles, relative to the containers folder.</summary>
    public const string RetiredFileName = "retired-bundles.toml";

    private BundleCatalog(string containersDirectory, IReadOnlyList<Bundle> all, IReadOnlyList<RetiredBundle> retired)
    {
        ContainersDirectory = containersDirectory;
        AllBundles = all;
        Retired = retired;
        Bundles = all.Where(b => !retired.Any(r => r.Name == b.Name)).ToList();
    }

    /// <summary>The containers folder the bundles were read from (absolute).</summary>
    public string ContainersDirectory { get; }

    /// <summary>The bundles wasmc offers, ordered by name (retired ones are not among them).</summary>
    public IReadOnlyList<Bundle> Bundles { get; }

    /// <summary>Every bundle file, retired ones included: published files stay immutable (<c>bundles.lock</c>).</summary>
    public IReadOnlyList<Bundle> AllBundles { get; }

    /// <summary>Bundles no longer offered, with their successors (<c>retired-bundles.toml</c>).</summary>
    public IReadOnlyList<RetiredBundle> Retired { get; }

    /// <summary>Path of <c>bundles/bundles.lock</c>.</summary>
    public string LockFilePath => Path.Combine(ContainersDirectory, BundlesFolder, LockFileName);

    /// <summary>Reads every <c>bundles/*.toml</c> below <paramref name="containersDirectory"/>.</summary>
    /// <exception cref="BundleCatalogException">Any bundle file is malformed; every problem is listed with its <c>file:line:col</c>.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no <c>bundles</c> folder.</exception>
    public static BundleCatalog Load(string containersDirectory) => Load(containersDirectory, checkNpmLocks: true);

    /// <summary>
    /// Like <see cref="Load(string)"/>, optionally without checking that each npm lock was made for the
    /// declared npm packages: making a new lock needs the package.json of a bundle whose old lock no longer matches.
    /// </summary>
    public static BundleCatalog Load(string containersDirectory, bool checkNpmLocks)
    {
        var root = Path.GetFullPath(containersDirectory);
        var bundlesDirectory = Path.Combine(root, BundlesFolder);
        if (!Directory.Exists(bundlesDirectory))
        {
            throw new DirectoryNotFoundException($"no bundles folder at {bundlesDirectory}");
        }

        var errors = new List<BundleError>();
        var bundles = new List<Bundle>();
        var inputs = new BundleInputCache();
        foreach (var file in Directory.EnumerateFiles(bundlesDirectory, "*.toml").Order(StringComparer.Ordinal))
        {
            if (BundleFileReader.Read(root, file, errors, checkNpmLocks, inputs) is { } bundle)
            {
                bundles.Add(bundle);
            }
        }

        var retired = RetiredBundleReader.Read(Path.Combine(root, RetiredFileName), bundles, errors);
        if (errors.Count > 0)
        {
            throw new BundleCatalogException(errors);
        }

        return new BundleCatalog(root, bundles.OrderBy(b => b.Name, StringComparer.Ordinal).ToList(), retired);
    }

    /// <summary>
    /// Finds the containers folder of a wasmc checkout: walks up from <paramref name="startDirectory"/> to a
    /// folder that has <c>containers/bundles</c>. Returns null when there is none.
    /// </summary>
    public static string? FindContainersDirectory(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "containers");
            if (Directory.Exists(Path.Combine(candidate, BundlesFolder)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Looks an offered (not retired) bundle up by name.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Bundle? bundle)
    {
        bundle = Bundles.FirstOrDefault(b => b.Name == name);
        return bundle is not null;
    }

    /// <summary>The retirement of <paramref name="name"/>, or null when it is not retired.</summary>
    public RetiredBundle? FindRetired(string name) => Retired.FirstOrDefault(r => r.Name == name);

    /// <summary>The offered bundle called <paramref name="name"/>.</summary>
    /// <exception cref="BundleNotFoundException">No such bundle, or it is retired; the message lists the known ones or names the successor.</exception>
    public Bundle Get(string name)
    {
        if (TryGet(name, out var bundle))
        {
            return bundle;
        }

        if (FindRetired(name) is { } retired)
        {
            throw new BundleNotFoundException(retired.Explanation);
        }

        throw new BundleNotFoundException(
            $"no bundle named '{name}' (known bundles: {string.Join(", ", Bundles.Select(b => b.Name))}); bundles live in {Path.Combine(ContainersDirectory, BundlesFolder)}");
    }
}
