using System.Formats.Tar;
using System.Text;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;

namespace Wasmc.Containers.Tests.Images;

public sealed class BuildContextTests
{
    private static Dictionary<string, string?> ReadTar(Stream stream)
    {
        var entries = new Dictionary<string, string?>();
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            entries[entry.Name] = entry.DataStream is null ? null : new StreamReader(entry.DataStream, Encoding.UTF8).ReadToEnd();
        }

        return entries;
    }

    [Fact]
    public void A_context_holds_the_dockerfile_the_ca_bundle_and_the_npm_files()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);
        var node = catalog.Get("trixie-2026.11.2").GetToolchain("node");

        using var context = BuildContext.Create(node, catalog.ContainersDirectory, Encoding.ASCII.GetBytes("CERTS"));
        var entries = ReadTar(context);

        entries.Keys.ShouldBe(["Dockerfile", "ca-bundle.crt", "npm-install.sh", "npm/", "npm/package.json", "npm/package-lock.json"], ignoreOrder: true);
        entries["Dockerfile"].ShouldBe(File.ReadAllText(Path.Combine(catalog.ContainersDirectory, "toolchains/node.Dockerfile")));
        entries["ca-bundle.crt"].ShouldBe("CERTS");
        entries["npm/package.json"].ShouldBe(node.NpmPackageJson);
    }

    [Fact]
    public void A_toolchain_without_npm_packages_gets_an_empty_npm_folder()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);
        var go = catalog.Get("sid-2026.11.2").GetToolchain("go");

        using var context = BuildContext.Create(go, catalog.ContainersDirectory, []);

        ReadTar(context).Keys.ShouldBe(["Dockerfile", "ca-bundle.crt", "npm-install.sh", "npm/"], ignoreOrder: true);
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes()
    {
        var catalog = BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory);
        var rust = catalog.Get("trixie-2026.11.2").GetToolchain("rust");

        using var first = BuildContext.Create(rust, catalog.ContainersDirectory, [1, 2, 3]);
        using var second = BuildContext.Create(rust, catalog.ContainersDirectory, [1, 2, 3]);

        first.ToArray().ShouldBe(second.ToArray());
    }

    [Fact]
    public void The_extra_ca_bundle_is_appended_to_the_hosts()
    {
        var directory = Directory.CreateTempSubdirectory("wasmc-ca-");
        try
        {
            var host = Path.Combine(directory.FullName, "host.crt");
            var extra = Path.Combine(directory.FullName, "proxy.crt");
            File.WriteAllText(host, "HOST");
            File.WriteAllText(extra, "PROXY");

            var bundle = BuildContext.ReadCaBundle(new BundleImageOptions { HostCaBundlePath = host, ExtraCaBundlePath = extra });

            Encoding.ASCII.GetString(bundle).ShouldBe("HOST\nPROXY\n");
            Should.Throw<FileNotFoundException>(() => BuildContext.ReadCaBundle(new BundleImageOptions { HostCaBundlePath = host, ExtraCaBundlePath = extra + ".missing" }))
                .Message.ShouldContain("WASMC_EXTRA_CA_BUNDLE");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
