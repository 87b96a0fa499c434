using System.Globalization;
using System.Text;
using System.Text.Json;
using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.DevContainers;

/// <summary>How the dev container of <c>wasmc devcontainer init</c> builds.</summary>
public enum DevContainerMode
{
    /// <summary>A plain Debian image with wasmc and the host's Docker socket: every step runs in the bundle's images next to it (docker-outside-of-docker).</summary>
    Outside,

    /// <summary>Built from one bundle toolchain's image: that toolchain's steps run in the dev container itself, no engine needed for them.</summary>
    Toolchain,
}

/// <summary>What <see cref="DevContainerTemplate.Render"/> writes.</summary>
public sealed record DevContainerRequest
{
    /// <summary>Outside or toolchain.</summary>
    public required DevContainerMode Mode { get; init; }

    /// <summary>The bundle the workspace builds with.</summary>
    public required Bundle Bundle { get; init; }

    /// <summary>Toolchain mode: the toolchain whose image the dev container is built from.</summary>
    public BundleToolchain? Toolchain { get; init; }

    /// <summary>
    /// The user in the container: <c>root</c> when the host user is root (the Dev Containers CLI cannot map a user to uid 0),
    /// else <c>wasmc</c>, whose uid and gid the CLI changes to the host user's (<c>updateRemoteUserUID</c>).
    /// </summary>
    public required string RemoteUser { get; init; }

    /// <summary>Outside mode: the engine's Unix socket on the host (<c>/var/run/docker.sock</c>).</summary>
    public string? DockerSocket { get; init; }

    /// <summary>Outside mode with a non-root user: the group id that owns the socket, added to the user's groups.</summary>
    public int? DockerSocketGroup { get; init; }

    /// <summary>The command line that made the files, for their first comment.</summary>
    public required string CommandLine { get; init; }
}

/// <summary>
/// The files of <c>.devcontainer/</c>: <c>devcontainer.json</c> (JSON with comments, as the Dev Containers spec allows),
/// a <c>Dockerfile</c> from the bundle's image that adds wasmc (copied into <c>.devcontainer/wasmc/</c> by the CLI) and a
/// user, and a <c>.gitignore</c> for that copy. Pure: the CLI writes them and copies the tool.
/// </summary>
public static class DevContainerTemplate
{
    /// <summary>Where the copy of wasmc goes in the container (not /opt/wasmc: the node images keep their npm packages there).</summary>
    public const string ToolFolder = "/opt/wasmc-tool";

    /// <summary>The folder of <c>.devcontainer/</c> that holds the copy of wasmc (the Docker build context's <c>wasmc/</c>).</summary>
    public const string ToolContextFolder = "wasmc";

    /// <summary>The files by name relative to <c>.devcontainer/</c>.</summary>
    public static IReadOnlyDictionary<string, string> Render(DevContainerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode == DevContainerMode.Toolchain && request.Toolchain is null)
        {
            throw new ArgumentException("toolchain mode needs a toolchain", nameof(request));
        }

        if (request.Mode == DevContainerMode.Outside && request.DockerSocket is null)
        {
            throw new ArgumentException("outside mode needs the engine's socket", nameof(request));
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["devcontainer.json"] = DevContainerJson(request),
            ["Dockerfile"] = Dockerfile(request),
            [".gitignore"] = $"""
                # The copy of wasmc the Dockerfile puts in the image ({request.CommandLine} makes it again).
                /{ToolContextFolder}/

                """.Replace("\r\n", "\n", StringComparison.Ordinal),
        };
    }

    /// <summary>The value of <see cref="Workplace.ToolchainsVariable"/> for a toolchain image.</summary>
    public static string ToolchainsValue(BundleToolchain toolchain)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        return new LocalToolchain(toolchain.BundleName, toolchain.Name, toolchain.DefinitionHash).ToString();
    }

    private static string DevContainerJson(DevContainerRequest request)
    {
        var outside = request.Mode == DevContainerMode.Outside;
        var name = outside ? $"wasmc ({request.Bundle.Name}, Docker outside)" : $"wasmc ({request.Bundle.Name}, {request.Toolchain!.Name} inside)";
        var runArgs = new List<string> { "--network=none" };
        if (outside && request.DockerSocketGroup is { } group && request.RemoteUser != "root")
        {
            runArgs.Add("--group-add=" + group.ToString(CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder();
        text.Append("// Made by `").Append(request.CommandLine).Append("`; see docs/devcontainers.md of wasmc.\n");
        text.Append(outside
            ? "// Mode outside: wasmc runs here and starts the bundle's toolchain containers on the host's engine (docker-outside-of-docker).\n"
            : $"// Mode toolchain: built from {request.Toolchain!.ImageReference}; its steps run here, other toolchains need an engine.\n");
        text.Append("{\n");
        text.Append("  \"name\": ").Append(Json(name)).Append(",\n");
        text.Append("  \"build\": { \"dockerfile\": \"Dockerfile\", \"context\": \".\" },\n");
        text.Append("  // No network: builds use only what the images hold. It also keeps the container off the default bridge,\n");
        text.Append("  // which engines started with --bridge=none do not have.\n");
        text.Append("  \"runArgs\": [").Append(string.Join(", ", runArgs.Select(Json))).Append("],\n");
        if (outside)
        {
            text.Append("  // The host's engine: wasmc finds this container through it and translates bind mounts to host paths.\n");
            text.Append("  \"mounts\": [").Append(Json($"source={request.DockerSocket},target=/var/run/docker.sock,type=bind")).Append("],\n");
        }

        if (request.RemoteUser == "root")
        {
            text.Append("  // The host user was root when this was made: the Dev Containers CLI cannot give a user uid 0, so the container runs as root\n");
            text.Append("  // and files it writes belong to root, as on the host. For other users, make it again as that user.\n");
            text.Append("  \"remoteUser\": \"root\"\n");
        }
        else
        {
            text.Append("  // Files written in the workspace belong to the host user: the CLI gives 'wasmc' the host user's uid and gid.\n");
            text.Append("  \"remoteUser\": ").Append(Json(request.RemoteUser)).Append(",\n");
            text.Append("  \"updateRemoteUserUID\": true\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static string Dockerfile(DevContainerRequest request)
    {
        var outside = request.Mode == DevContainerMode.Outside;
        var image = outside ? request.Bundle.Base : request.Toolchain!.ImageReference;
        var text = new StringBuilder();
        text.Append("# Made by `").Append(request.CommandLine).Append("`; see docs/devcontainers.md of wasmc.\n");
        text.Append(outside
            ? $"# The bundle's base image: the toolchains run in their own images, started on the host's engine.\n"
            : $"# Toolchain '{request.Toolchain!.Name}' of bundle {request.Bundle.Name}: its steps run in this container.\n");
        text.Append("FROM ").Append(image).Append('\n');
        text.Append('\n');
        text.Append(outside
            ? "# Tells wasmc what this container is (doctor shows it).\n"
            : $"# Tells wasmc what this container is (doctor shows it); {Workplace.ToolchainsVariable} repeats the image's labels,\n# which cannot be read from inside without an engine.\n");
        text.Append("ENV ").Append(Workplace.DevContainerVariable).Append('=').Append(outside ? "outside" : "toolchain");
        if (!outside)
        {
            text.Append(" \\\n    ").Append(Workplace.ToolchainsVariable).Append('=').Append(ToolchainsValue(request.Toolchain!));
        }

        text.Append('\n');
        text.Append('\n');
        text.Append("# wasmc itself, with the .NET runtime it runs on: `dotnet wasmc ...` works without a .NET SDK in the image.\n");
        text.Append("COPY ").Append(ToolContextFolder).Append("/ ").Append(ToolFolder).Append("/\n");
        text.Append("ENV PATH=").Append(ToolFolder).Append("/bin:$PATH \\\n");
        text.Append("    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \\\n");
        text.Append("    DOTNET_CLI_TELEMETRY_OPTOUT=1 \\\n");
        text.Append("    DOTNET_NOLOGO=1\n");
        text.Append('\n');
        text.Append("# The user the Dev Containers CLI maps to the host user (remoteUser in devcontainer.json).\n");
        text.Append("RUN id -u wasmc >/dev/null 2>&1 || useradd --create-home --shell /bin/bash wasmc\n");
        return text.ToString();
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);
}
