using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Support;

/// <summary>
/// A bundle of two tiny toolchain images on the busybox test image, with a unique name, in its own containers
/// folder: builds in about a second, so save/load/push/pull tests can move real images. Disposing removes the
/// images it built (only those: they are named after this bundle).
/// </summary>
internal sealed class TinyBundle : IAsyncDisposable
{
    private readonly IDockerClient _docker;
    private readonly TempFolder _folder;

    private TinyBundle(IDockerClient docker, TempFolder folder, string name)
    {
        _docker = docker;
        _folder = folder;
        Name = name;
        ContainersDirectory = folder.Combine("containers");
        Catalog = BundleCatalog.Load(ContainersDirectory);
        Bundle = Catalog.Get(name);
    }

    public string Name { get; }

    public string ContainersDirectory { get; }

    public BundleCatalog Catalog { get; }

    public Bundle Bundle { get; }

    /// <summary>Writes the bundle's files (no images yet).</summary>
    public static async Task<TinyBundle> CreateAsync(IDockerClient docker)
    {
        var baseImage = await TestDocker.EnsureBusyboxImageAsync(docker);
        var name = "xfer-" + Guid.NewGuid().ToString("N")[..10];
        var folder = new TempFolder();
        WriteContainers(folder.Combine("containers"), name, baseImage, "one");
        return new TinyBundle(docker, folder, name);
    }

    /// <summary>
    /// The same bundle (same name, toolchains and image references' repositories) as another definition would
    /// have it: another Dockerfile, so other definition hashes. For refusing images of an old definition.
    /// </summary>
    public BundleCatalog OtherDefinitionCatalog()
    {
        var other = _folder.Combine("other-containers");
        WriteContainers(other, Name, Bundle.Base, "two");
        return BundleCatalog.Load(other);
    }

    /// <summary>Builds the images (offline; the Dockerfile only writes files, and the "mirror" has exactly the pins).</summary>
    public Task<IReadOnlyList<ToolchainBuildResult>> BuildAsync() => BuildAsync(new PinnedMirror(Bundle));

    /// <summary>Builds the images with <paramref name="mirror"/> standing for the Debian mirror.</summary>
    public async Task<IReadOnlyList<ToolchainBuildResult>> BuildAsync(IDebianMirror mirror) =>
        await new BundleImageBuilder(
            _docker,
            Catalog,
            new BundleImageOptions { NetworkMode = "none", HostCaBundlePath = "/nonexistent", Mirror = mirror }).BuildAsync(Bundle);

    /// <summary>A mirror that offers exactly the bundle's pinned versions.</summary>
    private sealed class PinnedMirror(Bundle bundle) : IDebianMirror
    {
        public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AvailableVersionsAsync(string baseImage, IEnumerable<string> packages, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(
                bundle.Toolchains.SelectMany(t => t.Packages).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[p.Value]));
    }

    /// <summary>Local image ids by toolchain (null when missing).</summary>
    public async Task<Dictionary<string, string?>> ImageIdsAsync()
    {
        var ids = new Dictionary<string, string?>();
        foreach (var toolchain in Bundle.Toolchains)
        {
            ids[toolchain.Name] = (await _docker.Images.InspectAsync(toolchain.ImageReference))?.Id;
        }

        return ids;
    }

    /// <summary>Removes every local image named after this bundle (any tag).</summary>
    public async Task RemoveImagesAsync()
    {
        var images = await _docker.Images.ListAsync(new Dictionary<string, string?> { [ImageLabels.Bundle] = Name });
        foreach (var image in images)
        {
            await _docker.Images.RemoveAsync(image.Id, force: true);
        }

        foreach (var toolchain in Bundle.Toolchains)
        {
            await _docker.Images.RemoveAsync(toolchain.ImageReference, force: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoveImagesAsync();
        }
        finally
        {
            _folder.Dispose();
        }
    }

    // The first step after FROM names the bundle, so no two test bundles share a build-cache layer: tests run in
    // parallel, and one removing its images must not take a cached layer from under another's build.
    private static void WriteContainers(string containers, string name, string baseImage, string flavour)
    {
        Write(containers, "toolchains/npm-install.sh", "#!/bin/sh\nexit 0\n");
        Write(containers, "toolchains/tiny.Dockerfile", $$"""
            ARG BASE
            FROM ${BASE}
            RUN echo "{{name}}" > /bundle-name
            ARG PACKAGES
            ARG TOOL
            RUN echo "{{flavour}} ${TOOL} ${PACKAGES}" > /tool-version

            """);
        Write(containers, $"bundles/{name}.toml", $$"""
            name = "{{name}}"
            description = "tiny test bundle for moving images"
            wasi = ["preview2"]
            runner = "jco"
            languages = ["c"]
            base = "{{baseImage}}"

            [tools]
            alpha = "1.0.0"
            beta = "2.0.0"

            [toolchains.alpha]
            dockerfile = "toolchains/tiny.Dockerfile"
            tools = ["alpha"]
            args = { TOOL = "alpha" }

            [toolchains.alpha.packages]
            alpha = "1.0.0-1"

            [toolchains.beta]
            dockerfile = "toolchains/tiny.Dockerfile"
            tools = ["beta"]
            args = { TOOL = "beta" }

            [toolchains.beta.packages]
            beta = "2.0.0-1"

            """);
    }

    private static void Write(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
