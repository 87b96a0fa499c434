using Wasmc.Docker;

namespace Wasmc.Containers.Images;

/// <summary>Which versions of some Debian packages the mirror offers now, as seen from a base image.</summary>
public interface IDebianMirror
{
    /// <summary>Package name to the versions the mirror offers; a package the mirror does not have is absent.</summary>
    /// <exception cref="DebianMirrorUnreachableException">The mirror could not be asked.</exception>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AvailableVersionsAsync(
        string baseImage,
        IEnumerable<string> packages,
        CancellationToken cancellationToken);
}

/// <summary>
/// Asks the Debian mirror, from inside a base image, which versions of some packages it offers right now
/// (<c>apt-get update</c> + <c>apt-cache madison</c>), so pins can be resolved before a long image build starts.
/// </summary>
internal sealed class AptMirrorQuery(IDockerClient docker, string networkMode) : IDebianMirror
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AvailableVersionsAsync(
        string baseImage,
        IEnumerable<string> packages,
        CancellationToken cancellationToken)
    {
        // Package names are Debian names (lower-case, digits, + - .), validated when the bundle file is read;
        // they go to apt-cache as arguments ("$@"), never through the shell's parser.
        List<string> command = ["sh", "-c", "apt-get update -qq >/dev/null && exec apt-cache madison \"$@\"", "apt-cache-madison", .. packages.Distinct(StringComparer.Ordinal)];
        var id = await docker.Containers.CreateAsync(
            new ContainerSpec(baseImage)
            {
                Cmd = command,
                NetworkMode = networkMode,
                Labels = new Dictionary<string, string> { ["wasmc.purpose"] = "apt-mirror-query" },
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Containers.StartAsync(id, cancellationToken).ConfigureAwait(false);
            var exitCode = await docker.Containers.WaitAsync(id, cancellationToken).ConfigureAwait(false);
            await using var logs = await docker.Containers.LogsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (stdout, stderr) = await logs.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new DebianMirrorUnreachableException(
                    $"asking the Debian mirror which package versions it has (apt-get update in {baseImage}, host network) failed " +
                    $"with exit code {exitCode}: {stderr.Trim()}. Check that this machine reaches the mirror its base images use " +
                    "(containers/bootstrap --mirror URL), or load the bundle's images instead (`dotnet wasmc bundle load FILE`).");
            }

            return DebianPins.ParseMadison(stdout);
        }
        finally
        {
            // Never leave the query container behind, also when cancelled.
            await docker.Containers.RemoveAsync(id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
