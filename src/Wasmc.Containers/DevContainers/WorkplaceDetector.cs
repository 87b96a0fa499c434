using System.Text.RegularExpressions;
using Wasmc.Containers.Doctor;
using Wasmc.Containers.Images;
using Wasmc.Docker;

namespace Wasmc.Containers.DevContainers;

/// <summary>Finds out where wasmc runs (<see cref="Workplace"/>): from marker files and variables, then through the engine.</summary>
public static partial class WorkplaceDetector
{
    /// <summary>
    /// Detects the workplace. <paramref name="docker"/> is the engine wasmc would build with, or null when none answers
    /// (<paramref name="engineProblem"/> says why); it is used to find this container and read its mounts and labels.
    /// </summary>
    public static Task<Workplace> DetectAsync(IDockerClient? docker, string? engineProblem = null, CancellationToken cancellationToken = default) =>
        DetectAsync(SystemDoctorEnvironment.Instance, docker, engineProblem, cancellationToken);

    /// <summary>Connects to the engine (endpoint discovery) and detects; an unreachable engine is part of the answer, not an error.</summary>
    public static async Task<Workplace> DetectAsync(CancellationToken cancellationToken = default)
    {
        IDockerClient? docker = null;
        string? problem = null;
        try
        {
            docker = await DockerClientFactory.ConnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DockerException e)
        {
            problem = FirstSentence(e.Message);
        }

        using (docker)
        {
            return await DetectAsync(docker, problem, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<Workplace> DetectAsync(IDoctorEnvironment environment, IDockerClient? docker, string? engineProblem, CancellationToken cancellationToken)
    {
        var runtime = ContainerDetection.Detect(environment);
        var candidates = OwnContainerCandidates(environment);
        var evidence = new List<string>();
        if (runtime.ContainerEvidence is { } containerEvidence)
        {
            evidence.Add(containerEvidence);
        }
        else if (candidates.Count > 0)
        {
            evidence.Add($"{candidates[0].FoundBy} names container {Workplace.ShortId(candidates[0].Id)}");
        }

        var devContainer = runtime.InDevContainer;
        if (runtime.DevContainerEvidence is { } devEvidence && !evidence.Contains(devEvidence))
        {
            evidence.Add(devEvidence);
        }

        if (environment.GetEnvironmentVariable(Workplace.DevContainerVariable) is { Length: > 0 } mode)
        {
            evidence.Add($"{Workplace.DevContainerVariable}={mode} (made by wasmc devcontainer init)");
            devContainer = true;
        }

        var inContainer = runtime.InContainer || candidates.Count > 0 || devContainer;
        var workplace = new Workplace
        {
            Kind = devContainer ? WorkplaceKind.DevContainer : inContainer ? WorkplaceKind.Container : WorkplaceKind.Host,
            Engine = docker is null ? EngineLocation.None : inContainer ? EngineLocation.Inside : EngineLocation.Local,
            EngineEndpoint = docker?.Endpoint.Uri.ToString(),
            EngineProblem = docker is null ? engineProblem : null,
        };

        IReadOnlyDictionary<string, string> labels = new Dictionary<string, string>();
        if (docker is not null && inContainer)
        {
            foreach (var (id, foundBy) in candidates)
            {
                ContainerInspect? own;
                try
                {
                    own = await docker.Containers.InspectAsync(id, cancellationToken).ConfigureAwait(false);
                }
                catch (DockerApiException)
                {
                    // An ambiguous short id (hostname) or an id the engine refuses: not ours.
                    continue;
                }

                if (own is null)
                {
                    continue;
                }

                labels = own.Config.Labels;
                workplace = workplace with { Engine = EngineLocation.Outside, ContainerId = own.Id, ContainerFoundBy = foundBy, Mounts = own.Mounts };
                if (labels.GetValueOrDefault(Workplace.LocalFolderLabel) is { Length: > 0 } folder)
                {
                    evidence.Add($"label {Workplace.LocalFolderLabel}={folder}");
                    workplace = workplace with { Kind = WorkplaceKind.DevContainer };
                }

                break;
            }
        }

        var (toolchains, source) = LocalToolchains(environment, labels);
        return workplace with
        {
            Evidence = inContainer || workplace.Kind != WorkplaceKind.Host ? evidence : [],
            LocalToolchains = toolchains,
            LocalToolchainsSource = source,
        };
    }

    /// <summary>Ids this container may have, best evidence first: the engine's own files mounted in, the cgroup, the host name.</summary>
    internal static IReadOnlyList<(string Id, string FoundBy)> OwnContainerCandidates(IDoctorEnvironment environment)
    {
        var found = new List<(string Id, string FoundBy)>();
        void Add(string id, string foundBy)
        {
            if (!found.Any(candidate => candidate.Id.StartsWith(id, StringComparison.Ordinal) || id.StartsWith(candidate.Id, StringComparison.Ordinal)))
            {
                found.Add((id, foundBy));
            }
        }

        // The engine bind-mounts /etc/hostname, /etc/hosts and /etc/resolv.conf from its folder for this container. Only
        // mounts AT those paths count: on a host, the engine's archive calls (docker cp, uploads to a created container)
        // briefly mount another container's files onto its root folder, /var/lib/docker/overlay2/<layer>/merged/etc/hostname,
        // which a host process sees too.
        if (environment.ReadText("/proc/self/mountinfo") is { } mountInfo)
        {
            foreach (var id in ContainerIdsMountedAtEtc(mountInfo))
            {
                Add(id, "/proc/self/mountinfo");
            }
        }

        // cgroup v1 (and v2 with a host cgroup namespace) name the container: /docker/<id>, docker-<id>.scope.
        if (environment.ReadText("/proc/self/cgroup") is { } cgroup)
        {
            foreach (Match match in CgroupContainerId().Matches(cgroup))
            {
                Add(match.Groups[1].Value, "/proc/self/cgroup");
            }
        }

        // Docker's default host name is the short container id.
        if (environment.ReadText("/etc/hostname")?.Trim() is { } hostname && ShortContainerId().IsMatch(hostname))
        {
            Add(hostname, "hostname");
        }

        return found;
    }

    /// <summary>
    /// Container ids from mountinfo lines (<c>id parent major:minor root mount-point ...</c>) whose mount point is
    /// <c>/etc/hostname</c>, <c>/etc/hosts</c> or <c>/etc/resolv.conf</c> and whose root is that file in an engine's
    /// <c>containers/&lt;id&gt;/</c> folder.
    /// </summary>
    private static IEnumerable<string> ContainerIdsMountedAtEtc(string mountInfo)
    {
        foreach (var line in mountInfo.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length < 5 || fields[4] is not ("/etc/hostname" or "/etc/hosts" or "/etc/resolv.conf"))
            {
                continue;
            }

            var match = MountInfoContainerId().Match(fields[3]);
            if (match.Success && string.Equals(match.Groups["file"].Value, fields[4]["/etc/".Length..], StringComparison.Ordinal))
            {
                yield return match.Groups["id"].Value;
            }
        }
    }

    /// <summary>From <see cref="Workplace.ToolchainsVariable"/> when set, else from the container's image labels.</summary>
    internal static (IReadOnlyList<LocalToolchain> Toolchains, string? Source) LocalToolchains(IDoctorEnvironment environment, IReadOnlyDictionary<string, string> labels)
    {
        if (environment.GetEnvironmentVariable(Workplace.ToolchainsVariable) is { Length: > 0 } variable)
        {
            return (ParseToolchains(variable), Workplace.ToolchainsVariable);
        }

        if (labels.GetValueOrDefault(ImageLabels.Bundle) is { Length: > 0 } bundle && labels.GetValueOrDefault(ImageLabels.Toolchain) is { Length: > 0 } toolchain)
        {
            return ([new LocalToolchain(bundle, toolchain, labels.GetValueOrDefault(ImageLabels.DefinitionHash))], "the container's labels");
        }

        return ([], null);
    }

    /// <summary><c>bundle/toolchain[@hash]</c>, separated by spaces or commas; malformed entries are ignored.</summary>
    internal static IReadOnlyList<LocalToolchain> ParseToolchains(string text) =>
    [
        .. text.Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => ToolchainEntry().Match(entry))
            .Where(match => match.Success)
            .Select(match => new LocalToolchain(match.Groups["bundle"].Value, match.Groups["toolchain"].Value, match.Groups["hash"].Success ? match.Groups["hash"].Value : null)),
    ];

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    [GeneratedRegex(@"/containers/(?<id>[0-9a-f]{64})/(?<file>hostname|hosts|resolv\.conf)$")]
    private static partial Regex MountInfoContainerId();

    [GeneratedRegex(@"(?:/docker/|docker-|/libpod-)([0-9a-f]{64})\b")]
    private static partial Regex CgroupContainerId();

    [GeneratedRegex("^[0-9a-f]{12,64}$")]
    private static partial Regex ShortContainerId();

    [GeneratedRegex(@"^(?<bundle>[A-Za-z0-9][A-Za-z0-9._-]*)/(?<toolchain>[A-Za-z0-9][A-Za-z0-9._-]*)(?:@(?<hash>[0-9a-f]{12,64}))?$")]
    private static partial Regex ToolchainEntry();
}
