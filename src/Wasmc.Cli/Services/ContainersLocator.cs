using Wasmc.Cli.Infrastructure;
using Wasmc.Containers.Bundles;

namespace Wasmc.Cli.Services;

/// <summary>
/// Finds the <c>containers/</c> folder (bundle definitions, Dockerfiles, npm locks) and reads its
/// bundle catalog once per invocation. Order: <c>WASMC_CONTAINERS_DIR</c>; the copy shipped inside the
/// tool package (next to the tool's assembly); a wasmc checkout above the working directory.
/// </summary>
internal sealed class ContainersLocator(CliEnvironment environment)
{
    public const string OverrideVariable = "WASMC_CONTAINERS_DIR";

    private BundleCatalog? catalog;
    private BundleCatalog? checkedCatalog;

    public string FindContainersDirectory()
    {
        if (environment.Variable(OverrideVariable) is { } overridden)
        {
            var full = Path.GetFullPath(overridden, environment.WorkingDirectory);
            return Directory.Exists(Path.Combine(full, BundleCatalog.BundlesFolder))
                ? full
                : throw new EnvironmentProblemException($"{OverrideVariable}={overridden} has no '{BundleCatalog.BundlesFolder}' folder");
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, "containers");
        if (Directory.Exists(Path.Combine(shipped, BundleCatalog.BundlesFolder)))
        {
            return shipped;
        }

        return BundleCatalog.FindContainersDirectory(environment.WorkingDirectory)
            ?? throw new EnvironmentProblemException(
                $"the bundle definitions were not found (looked in {shipped}); reinstall the tool or set {OverrideVariable}");
    }

    /// <summary>
    /// The bundles; a malformed bundle file is bad input (exit 2) with every located problem. Whether each npm lock was
    /// made for the packages its bundle declares is checked only by <see cref="CatalogForImageBuilds"/>: only an image
    /// build uses the locks, and parsing them is a measurable part of a no-op build's start-up.
    /// </summary>
    public BundleCatalog Catalog() => catalog ??= Load(checkNpmLocks: false);

    /// <summary>The bundles, npm locks checked against the declared packages too: for building images.</summary>
    public BundleCatalog CatalogForImageBuilds() => checkedCatalog ??= Load(checkNpmLocks: true);

    private BundleCatalog Load(bool checkNpmLocks)
    {
        try
        {
            return BundleCatalog.Load(FindContainersDirectory(), checkNpmLocks);
        }
        catch (BundleCatalogException e)
        {
            throw new DiagnosticsException(
                "the bundle definitions are invalid",
                e.Errors.Select(error => $"{error.Location}: error: {error.Message}").ToList());
        }
    }

    /// <summary>The named bundle; an unknown name is bad input (exit 2).</summary>
    public Bundle Get(string name)
    {
        try
        {
            return Catalog().Get(name);
        }
        catch (BundleNotFoundException e)
        {
            throw new BadInputException(e.Message);
        }
    }
}
