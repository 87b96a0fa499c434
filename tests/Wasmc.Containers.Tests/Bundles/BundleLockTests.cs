using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.Tests.Bundles;

public sealed class BundleLockTests
{
    [Fact]
    public void Every_published_bundle_still_hashes_to_its_recorded_lock()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);

        var problems = BundleLock.Verify(catalog);

        problems.ShouldBeEmpty(string.Join("\n\n", problems));
    }

    private static TemporaryContainersDirectory PublishedMinimalBundle()
    {
        var containers = new TemporaryContainersDirectory();
        containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle);
        var catalog = BundleCatalog.Load(containers.Path);
        File.WriteAllText(catalog.LockFilePath, BundleLock.Render(catalog));
        return containers;
    }

    [Fact]
    public void A_freshly_recorded_bundle_verifies()
    {
        using var containers = PublishedMinimalBundle();

        BundleLock.Verify(BundleCatalog.Load(containers.Path)).ShouldBeEmpty();
    }

    [Fact]
    public void Editing_a_published_bundle_file_fails_and_asks_for_a_new_bundle_name()
    {
        using var containers = PublishedMinimalBundle();
        containers.WriteBundle("test-1", BundleTestFiles.MinimalBundle.Replace("1:19.1.7-3+b1", "1:19.1.7-4"));

        var problems = BundleLock.Verify(BundleCatalog.Load(containers.Path));

        problems.Count.ShouldBe(1);
        problems[0].ShouldContain("bundles/test-1.toml of published bundle 'test-1' changed");
        problems[0].ShouldContain("a new bundle with a new name");
    }

    [Fact]
    public void Editing_a_dockerfile_a_published_bundle_builds_from_fails()
    {
        using var containers = PublishedMinimalBundle();
        containers.WriteFile("toolchains/clang.Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN true\n");

        var problems = BundleLock.Verify(BundleCatalog.Load(containers.Path));

        problems.ShouldHaveSingleItem().ShouldContain("toolchains/clang.Dockerfile of published bundle 'test-1' changed");
    }

    [Fact]
    public void A_new_bundle_fails_with_the_lines_to_add()
    {
        using var containers = PublishedMinimalBundle();
        containers.WriteBundle("test-2", BundleTestFiles.MinimalBundle.Replace("test-1", "test-2"));
        var catalog = BundleCatalog.Load(containers.Path);
        var fileHash = catalog.Get("test-2").SourceFile.Sha256;

        var problem = BundleLock.Verify(catalog).ShouldHaveSingleItem();

        problem.ShouldContain("bundle 'test-2' is not in");
        problem.ShouldContain($"test-2 bundles/test-2.toml {fileHash}");
        problem.ShouldContain("test-2 toolchains/clang.Dockerfile ");
    }

    [Fact]
    public void Deleting_a_published_bundle_fails()
    {
        using var containers = PublishedMinimalBundle();
        containers.WriteBundle("test-2", BundleTestFiles.MinimalBundle.Replace("test-1", "test-2"));
        File.Delete(Path.Combine(containers.Path, "bundles", "test-1.toml"));

        BundleLock.Verify(BundleCatalog.Load(containers.Path))
            .ShouldContain(p => p.Contains("published bundle 'test-1'", StringComparison.Ordinal) && p.Contains("never deleted", StringComparison.Ordinal));
    }
}
