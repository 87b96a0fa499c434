using Wasmc.Containers.Bundles;
using Wasmc.Docker;

namespace Wasmc.Core.Tests.Building.Support;

/// <summary>
/// A test that runs real steps in a bundle's toolchain image (the pattern of Wasmc.Containers.Tests' DockerFact).
/// Skipped with the reason when Docker or the image is missing, except on CI (<c>CI=true</c>), where it runs and
/// fails: CI builds the images (<c>.ci/setup-docker.sh</c>) and must never pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BundleImageFactAttribute : FactAttribute
{
    public BundleImageFactAttribute(string bundle, string toolchain)
    {
        if (BundleImages.SkipReason(bundle, toolchain) is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class BundleImages
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string ContainersDirectory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "WasmCli.sln")))
                {
                    return Path.Combine(folder.FullName, "containers");
                }
            }

            throw new DirectoryNotFoundException($"no WasmCli.sln above {AppContext.BaseDirectory}");
        }
    }

    public static BundleCatalog Catalog { get; } = BundleCatalog.Load(ContainersDirectory);

    public static string? SkipReason(string bundle, string toolchain)
    {
        if (IsCi)
        {
            return null;
        }

        var image = Catalog.Get(bundle).GetToolchain(toolchain).ImageReference;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var docker = DockerClientFactory.ConnectAsync(cancellationToken: timeout.Token).GetAwaiter().GetResult();
            return docker.Images.InspectAsync(image, timeout.Token).GetAwaiter().GetResult() is null
                ? $"image {image} is not present (dotnet wasmc bundle build {bundle}); set CI=true to make this a failure."
                : null;
        }
        catch (Exception e) when (e is DockerException or OperationCanceledException)
        {
            return "Docker is not reachable (" + e.Message + "); set CI=true to make this a failure.";
        }
    }
}
