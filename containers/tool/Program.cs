using System.Diagnostics;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Docker;

// Usage (from the repository root):
//   dotnet run --project containers/tool -- build --all | NAME... [--toolchain T] [--force]
//   dotnet run --project containers/tool -- status
//   dotnet run --project containers/tool -- package-json BUNDLE TOOLCHAIN
//   dotnet run --project containers/tool -- lock
var containersDirectory = Environment.GetEnvironmentVariable("WASMC_CONTAINERS_DIR") is { Length: > 0 } fromEnvironment
    ? fromEnvironment
    : BundleCatalog.FindContainersDirectory(Directory.GetCurrentDirectory())
        ?? BundleCatalog.FindContainersDirectory(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("containers/bundles not found above the current folder; set WASMC_CONTAINERS_DIR");

try
{
    // package-json makes the input of a new lock, so an out-of-date lock must not stop it.
    var catalog = BundleCatalog.Load(containersDirectory, checkNpmLocks: args is not ["package-json", ..]);
    return args switch
    {
        ["package-json", var bundle, var toolchain] => PrintPackageJson(catalog, bundle, toolchain),
        ["lock"] => PrintLock(catalog),
        ["status"] => await StatusAsync(catalog),
        ["build", .. var rest] => await BuildAsync(catalog, rest),
        _ => Usage(),
    };
}
catch (Exception e) when (e is BundleCatalogException or BundleNotFoundException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (Exception e) when (e is BaseImageMissingException or PinnedPackagesUnavailableException or DebianMirrorUnreachableException or DockerUnreachableException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 3;
}
catch (DockerException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: build (--all | NAME...) [--toolchain T] [--force] | status | lock | package-json BUNDLE TOOLCHAIN");
    return 2;
}

// Prints bundles.lock as the bundles hash now: for adding a NEW bundle's lines, never for editing published ones.
static int PrintLock(BundleCatalog catalog)
{
    Console.Write(BundleLock.Render(catalog));
    return 0;
}

static int PrintPackageJson(BundleCatalog catalog, string bundle, string toolchain)
{
    var packageJson = catalog.Get(bundle).GetToolchain(toolchain).NpmPackageJson;
    if (packageJson is null)
    {
        Console.Error.WriteLine($"error: toolchain '{toolchain}' of bundle '{bundle}' has no npm packages");
        return 1;
    }

    Console.Write(packageJson);
    return 0;
}

static async Task<int> StatusAsync(BundleCatalog catalog)
{
    using var docker = await DockerClientFactory.ConnectAsync();
    var builder = new BundleImageBuilder(docker, catalog);
    foreach (var bundle in catalog.Bundles)
    {
        foreach (var status in await builder.GetStatusAsync(bundle))
        {
            Console.WriteLine($"{status.Reference,-45} {status.State,-8} {status.Detail}");
        }
    }

    return 0;
}

static async Task<int> BuildAsync(BundleCatalog catalog, string[] options)
{
    var names = new List<string>();
    string? toolchain = null;
    var force = false;
    var all = false;
    for (var i = 0; i < options.Length; i++)
    {
        switch (options[i])
        {
            case "--all": all = true; break;
            case "--force": force = true; break;
            case "--toolchain" when i + 1 < options.Length: toolchain = options[++i]; break;
            default: names.Add(options[i]); break;
        }
    }

    var bundles = all ? catalog.Bundles : names.Select(catalog.Get).ToList();
    if (bundles.Count == 0)
    {
        return Usage();
    }

    using var docker = await DockerClientFactory.ConnectAsync();
    var builder = new BundleImageBuilder(docker, catalog, new BundleImageOptions { Force = force });
    var progress = new ConsoleProgress();
    var total = Stopwatch.StartNew();
    foreach (var bundle in bundles)
    {
        foreach (var result in await builder.BuildAsync(bundle, toolchain, progress))
        {
            Console.WriteLine($"[{bundle.Name}/{result.Toolchain}] {(result.Built ? "built" : "kept")} {result.Reference} in {result.Duration.TotalSeconds:F1} s");
        }
    }

    Console.WriteLine($"done in {total.Elapsed.TotalSeconds:F1} s");
    return 0;
}

internal sealed class ConsoleProgress : IProgress<BundleImageProgress>
{
    public void Report(BundleImageProgress value) => Console.WriteLine($"[{value.Bundle}/{value.Toolchain}] {value.Message}");
}
