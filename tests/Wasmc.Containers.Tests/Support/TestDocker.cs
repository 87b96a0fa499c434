using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Wasmc.Docker;

namespace Wasmc.Containers.Tests.Support;

/// <summary>The real engine and the tiny images Docker tests use; tests create what they need.</summary>
public static class TestDocker
{
    /// <summary>A static busybox in an otherwise empty image (~2 MB), built from the host's busybox-static.</summary>
    public const string BusyboxImage = "wasmc-test/busybox:1";

    private static readonly SemaphoreSlim ImageLock = new(1, 1);

    public static Task<IDockerClient> ConnectAsync() => DockerClientFactory.ConnectAsync();

    public static async Task<string> EnsureBusyboxImageAsync(IDockerClient docker)
    {
        ArgumentNullException.ThrowIfNull(docker);
        await ImageLock.WaitAsync();
        try
        {
            if (await docker.Images.InspectAsync(BusyboxImage) is not null)
            {
                return BusyboxImage;
            }

            using var context = BusyboxBuildContext();
            await docker.Images.BuildAsync(context, new ImageBuildParameters
            {
                Tags = [BusyboxImage],
                NetworkMode = "none",
                Labels = new Dictionary<string, string> { ["wasmc.test"] = "true" },
            });
            return BusyboxImage;
        }
        finally
        {
            ImageLock.Release();
        }
    }

    /// <summary>Dockerfile <c>FROM scratch</c> + <c>COPY rootfs/ /</c>; the rootfs holds busybox and one symlink per applet.</summary>
    public static MemoryStream BusyboxBuildContext()
    {
        var busybox = Environment.GetEnvironmentVariable("WASMC_TEST_BUSYBOX") ?? "/bin/busybox";
        if (!File.Exists(busybox))
        {
            throw new InvalidOperationException(
                $"{busybox} is missing: the Docker tests build their image from a static busybox. " +
                "Install it (`apt-get install busybox-static`) or set WASMC_TEST_BUSYBOX to a static busybox binary.");
        }

        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var dockerfile = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("FROM scratch\nCOPY rootfs/ /\n")),
            };
            tar.WriteEntry(dockerfile);
            foreach (var folder in new[] { "rootfs/bin", "rootfs/tmp", "rootfs/etc" })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder) { Mode = folder.EndsWith("tmp", StringComparison.Ordinal) ? (UnixFileMode)0x3FF | UnixFileMode.StickyBit : (UnixFileMode)0x1ED });
            }

            tar.WriteEntry(busybox, "rootfs/bin/busybox");
            foreach (var applet in Applets(busybox).Where(applet => applet != "busybox"))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "rootfs/bin/" + applet) { LinkName = "busybox" });
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "rootfs/etc/passwd")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("root:x:0:0:root:/root:/bin/sh\n")),
                Mode = (UnixFileMode)0x1A4,
            });
        }

        stream.Position = 0;
        return stream;
    }

    private static string[] Applets(string busybox)
    {
        using var process = Process.Start(new ProcessStartInfo(busybox, "--list") { RedirectStandardOutput = true })!;
        var list = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
