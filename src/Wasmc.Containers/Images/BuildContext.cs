using System.Formats.Tar;
using System.Text;
using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.Images;

/// <summary>
/// The tar build context of a toolchain image: <c>Dockerfile</c>, <c>npm/</c> (generated package.json
/// and the committed lock; empty without npm packages), <c>npm-install.sh</c> and <c>ca-bundle.crt</c>.
/// </summary>
internal static class BuildContext
{
    // Fixed metadata: the same inputs give the same bytes, so Docker's layer cache is reused.
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static MemoryStream Create(BundleToolchain toolchain, string containersDirectory, byte[] caBundle)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            AddFile(tar, "Dockerfile", File.ReadAllBytes(Path.Combine(containersDirectory, toolchain.Dockerfile)));
            AddFile(tar, "ca-bundle.crt", caBundle);
            AddFile(tar, "npm-install.sh", File.ReadAllBytes(Path.Combine(containersDirectory, BundleToolchain.NpmInstallScript)));
            AddDirectory(tar, "npm/");
            if (toolchain.NpmPackageJson is { } packageJson && toolchain.NpmLock is { } npmLock)
            {
                AddFile(tar, "npm/package.json", Encoding.UTF8.GetBytes(packageJson));
                AddFile(tar, "npm/package-lock.json", File.ReadAllBytes(Path.Combine(containersDirectory, npmLock)));
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>The host's CA bundle plus the optional extra one (missing host bundle: just the extra, or empty).</summary>
    public static byte[] ReadCaBundle(BundleImageOptions options)
    {
        using var bundle = new MemoryStream();
        if (File.Exists(options.HostCaBundlePath))
        {
            bundle.Write(File.ReadAllBytes(options.HostCaBundlePath));
            bundle.WriteByte((byte)'\n');
        }

        if (options.ExtraCaBundlePath is { } extra)
        {
            if (!File.Exists(extra))
            {
                throw new FileNotFoundException($"extra CA bundle {extra} (WASMC_EXTRA_CA_BUNDLE) does not exist", extra);
            }

            bundle.Write(File.ReadAllBytes(extra));
            bundle.WriteByte((byte)'\n');
        }

        return bundle.ToArray();
    }

    private static void AddFile(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content),
            Mode = FileMode,
            ModificationTime = FixedTime,
        };
        tar.WriteEntry(entry);
    }

    private static void AddDirectory(TarWriter tar, string name) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, name) { Mode = DirectoryMode, ModificationTime = FixedTime });
}
