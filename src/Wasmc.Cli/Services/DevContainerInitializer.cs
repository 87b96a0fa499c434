using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Wasmc.Cli.Infrastructure;
using Wasmc.Containers.Bundles;
using Wasmc.Containers.DevContainers;
using Wasmc.Docker;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc devcontainer init</c> asks for.</summary>
/// <param name="Bundle">Bundle (the manifest's name for it, or the published name); null: the workspace's default bundle.</param>
/// <param name="Mode"><c>outside</c> (default) or <c>toolchain</c>.</param>
/// <param name="Toolchain">Toolchain mode: which toolchain image; null: the one most of the bundle's components use.</param>
/// <param name="Force">Replace wasmc's files in an existing <c>.devcontainer/</c>.</param>
/// <param name="WasmcFrom">A self-contained Linux publish of wasmc to copy instead of the running tool and its runtime.</param>
internal sealed record DevContainerInitRequest(string? Bundle, string? Mode, string? Toolchain, bool Force, string? WasmcFrom);

/// <summary>What was written.</summary>
internal sealed record DevContainerInitResult(string Folder, DevContainerMode Mode, string Bundle, string Image, IReadOnlyList<string> Files, string RemoteUser);

/// <summary>
/// Writes <c>.devcontainer/</c> for the workspace (<see cref="DevContainerTemplate"/>) and copies wasmc into
/// <c>.devcontainer/wasmc/</c>: the running tool (Linux native libraries only) and the .NET runtime it runs on, or a
/// self-contained publish given with <c>--wasmc-from</c>.
/// </summary>
internal sealed class DevContainerInitializer(WorkspaceService workspace, ContainersLocator containers, PluginCatalogProvider plugins, CliSession session)
{
    public const string FolderName = ".devcontainer";

    /// <summary>The toolchain a language's steps mostly run in, for the default of toolchain mode.</summary>
    private static readonly Dictionary<string, string> LanguageToolchains = new(StringComparer.Ordinal)
    {
        ["js"] = "node",
        ["rust"] = "rust",
        ["c"] = "clang",
        ["cpp"] = "clang",
        ["go"] = "go",
    };

    public async Task<DevContainerInitResult> InitAsync(DevContainerInitRequest request)
    {
        var mode = request.Mode switch
        {
            null or "outside" => DevContainerMode.Outside,
            "toolchain" => DevContainerMode.Toolchain,
            var other => throw new BadInputException($"--mode {other} is not a mode: use 'outside' (the host's engine runs the toolchains) or 'toolchain' (the dev container is a bundle toolchain image)"),
        };
        var manifest = await workspace.LoadValidatedAsync(plugins).ConfigureAwait(false);
        var root = manifest.RootDirectory;
        var bundle = ChooseBundle(manifest, request.Bundle);
        var toolchain = mode == DevContainerMode.Toolchain ? ChooseToolchain(manifest, bundle, request.Toolchain) : null;

        var folder = Path.Combine(root, FolderName);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !request.Force)
        {
            throw new BadInputException($"{folder} already exists; nothing was written. Use --force to replace devcontainer.json, Dockerfile, .gitignore and wasmc/ in it (other files stay).");
        }

        var remoteUser = IsRoot() ? "root" : "wasmc";
        string? socket = null;
        int? socketGroup = null;
        if (mode == DevContainerMode.Outside)
        {
            socket = HostSocket();
            socketGroup = remoteUser == "root" ? null : GroupOf(socket);
        }

        var files = DevContainerTemplate.Render(new DevContainerRequest
        {
            Mode = mode,
            Bundle = bundle,
            Toolchain = toolchain,
            RemoteUser = remoteUser,
            DockerSocket = socket,
            DockerSocketGroup = socketGroup,
            CommandLine = CommandLine(mode, bundle, toolchain),
        });

        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        var toolTarget = Path.Combine(folder, DevContainerTemplate.ToolContextFolder);
        if (Directory.Exists(toolTarget))
        {
            Directory.Delete(toolTarget, recursive: true);
        }

        CopyWasmc(toolTarget, request.WasmcFrom is null ? null : Path.GetFullPath(request.WasmcFrom, session.WorkingDirectory));
        return new DevContainerInitResult(
            folder,
            mode,
            bundle.Name,
            toolchain?.ImageReference ?? bundle.Base,
            [.. files.Keys.Order(StringComparer.Ordinal), DevContainerTemplate.ToolContextFolder + "/"],
            remoteUser);
    }

    private Bundle ChooseBundle(WorkspaceManifest manifest, string? requested)
    {
        var catalog = containers.Catalog();
        var name = requested ?? manifest.DefaultBundle;
        if (name is null)
        {
            throw new BadInputException("the workspace names no default-bundle; say which with --bundle");
        }

        var published = manifest.Bundles.FirstOrDefault(instance => instance.Name == name)?.Bundle ?? name;
        return catalog.Bundles.FirstOrDefault(bundle => bundle.Name == published)
            ?? throw new BadInputException($"unknown bundle '{name}'; bundles: {string.Join(", ", manifest.Bundles.Select(b => $"{b.Name} ({b.Bundle})").Concat(catalog.Bundles.Select(b => b.Name)).Distinct())}");
    }

    private static BundleToolchain ChooseToolchain(WorkspaceManifest manifest, Bundle bundle, string? requested)
    {
        if (requested is not null)
        {
            return bundle.Toolchains.FirstOrDefault(toolchain => toolchain.Name == requested)
                ?? throw new BadInputException($"bundle '{bundle.Name}' has no toolchain '{requested}'; it has: {string.Join(", ", bundle.Toolchains.Select(t => t.Name))}");
        }

        var used = manifest.Components
            .Where(component => manifest.PublishedBundleFor(component) == bundle.Name)
            .Select(component => LanguageToolchains.GetValueOrDefault(component.Language))
            .OfType<string>()
            .Where(name => bundle.Toolchains.Any(toolchain => toolchain.Name == name))
            .GroupBy(name => name, StringComparer.Ordinal)
            .OrderByDescending(group => group.Count())
            .Select(group => group.Key)
            .FirstOrDefault();
        return used is null
            ? throw new BadInputException($"no component of the workspace builds with bundle '{bundle.Name}' in a toolchain wasmc knows; say which toolchain with --toolchain ({string.Join(", ", bundle.Toolchains.Select(t => t.Name))})")
            : bundle.Toolchains.First(toolchain => toolchain.Name == used);
    }

    private static string CommandLine(DevContainerMode mode, Bundle bundle, BundleToolchain? toolchain) =>
        mode == DevContainerMode.Outside
            ? $"dotnet wasmc devcontainer init --mode outside --bundle {bundle.Name}"
            : $"dotnet wasmc devcontainer init --mode toolchain --bundle {bundle.Name} --toolchain {toolchain!.Name}";

    /// <summary>Whether the effective user is root (Linux: <c>/proc/self/status</c>; elsewhere never).</summary>
    private static bool IsRoot()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var uids = File.ReadLines(status).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return uids is { Length: > 2 } && uids[2] == "0";
    }

    /// <summary>The engine's socket on this host: the container mounts it at /var/run/docker.sock.</summary>
    private static string HostSocket()
    {
        DockerEndpoint endpoint;
        try
        {
            endpoint = DockerEndpointDiscovery.Find();
        }
        catch (DockerException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }

        if (endpoint.Uri.Scheme != "unix")
        {
            throw new EnvironmentProblemException(
                $"mode outside mounts the engine's Unix socket, but the engine is at {endpoint.Uri} (from {endpoint.Source}); " +
                "use --mode toolchain, or set DOCKER_HOST to a local socket");
        }

        return endpoint.Uri.LocalPath;
    }

    /// <summary>The group id owning the socket (the container user joins it), or null when it cannot be read.</summary>
    private static int? GroupOf(string path)
    {
        try
        {
            using var stat = Process.Start(new ProcessStartInfo("stat", ["-L", "-c", "%g", path]) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (stat is null)
            {
                return null;
            }

            var text = stat.StandardOutput.ReadToEnd();
            stat.WaitForExit();
            return stat.ExitCode == 0 && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var gid) ? gid : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies wasmc: <c>tool/</c> (its assemblies, bundle definitions, the container's native libraries) and, for a
    /// framework-dependent tool, <c>dotnet/</c> (the .NET host and the runtime it runs on now); <c>bin/</c> holds the
    /// <c>dotnet</c> and <c>dotnet-wasmc</c> commands.
    /// </summary>
    private static void CopyWasmc(string target, string? selfContained)
    {
        var rid = "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var bin = Directory.CreateDirectory(Path.Combine(target, "bin")).FullName;
        string launcher;
        if (selfContained is not null)
        {
            if (!File.Exists(Path.Combine(selfContained, "dotnet-wasmc")) || !File.Exists(Path.Combine(selfContained, "System.Private.CoreLib.dll")))
            {
                throw new BadInputException($"--wasmc-from {selfContained} is not a self-contained Linux publish of wasmc (dotnet publish src/Wasmc.Cli -r linux-x64 --self-contained -o DIR)");
            }

            CopyFolder(selfContained, Path.Combine(target, "tool"), rid);
            launcher = $"exec {DevContainerTemplate.ToolFolder}/tool/dotnet-wasmc \"$@\"";
        }
        else
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new EnvironmentProblemException(
                    "this wasmc runs on another system than the dev container (Linux): publish a Linux wasmc and pass it, " +
                    "e.g. dotnet publish src/Wasmc.Cli -r linux-x64 --self-contained -o wasmc-linux, then --wasmc-from wasmc-linux");
            }

            CopyFolder(AppContext.BaseDirectory, Path.Combine(target, "tool"), rid);
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "System.Private.CoreLib.dll")))
            {
                CopyRuntime(Path.Combine(target, "dotnet"));
                launcher = $"exec {DevContainerTemplate.ToolFolder}/dotnet/dotnet {DevContainerTemplate.ToolFolder}/tool/dotnet-wasmc.dll \"$@\"";
            }
            else
            {
                launcher = $"exec {DevContainerTemplate.ToolFolder}/tool/dotnet-wasmc \"$@\"";
            }
        }

        WriteScript(Path.Combine(bin, "dotnet-wasmc"), $"""
            #!/bin/sh
            # wasmc, copied by `dotnet wasmc devcontainer init`.
            {launcher}

            """);
        WriteScript(Path.Combine(bin, "dotnet"), """
            #!/bin/sh
            # `dotnet wasmc ...` in this dev container (made by `dotnet wasmc devcontainer init`): only the wasmc command is here.
            if [ "$1" = wasmc ]; then
              shift
              exec dotnet-wasmc "$@"
            fi
            echo "this dev container has only 'dotnet wasmc' (made by dotnet wasmc devcontainer init); add the .NET SDK to its Dockerfile for other dotnet commands" >&2
            exit 1

            """);
    }

    /// <summary>The .NET host (<c>dotnet</c>, <c>host/fxr</c>) and the shared runtime this process runs on.</summary>
    private static void CopyRuntime(string target)
    {
        var runtime = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var version = Path.GetFileName(runtime);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var muxer = Path.Combine(dotnetRoot, "dotnet");
        if (!File.Exists(muxer) || !Directory.Exists(Path.Combine(dotnetRoot, "host", "fxr")))
        {
            throw new EnvironmentProblemException(
                $"the .NET runtime this wasmc runs on ({runtime}) is not in a standard .NET folder; publish a self-contained wasmc and pass it with --wasmc-from");
        }

        CopyFolder(runtime, Path.Combine(target, "shared", "Microsoft.NETCore.App", version), rid: null);
        CopyFolder(Path.Combine(dotnetRoot, "host", "fxr"), Path.Combine(target, "host", "fxr"), rid: null);
        CopyFile(muxer, Path.Combine(target, "dotnet"));
    }

    /// <summary>Copies a folder, keeping file modes; below <c>runtimes/</c> only <paramref name="rid"/>; no symbols or XML docs.</summary>
    private static void CopyFolder(string source, string target, string? rid)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (rid is not null && parts.Length > 2 && parts[0] == "runtimes" && parts[1] != rid)
            {
                continue;
            }

            if (rid is not null && (relative.EndsWith(".pdb", StringComparison.Ordinal) || (relative.EndsWith(".xml", StringComparison.Ordinal) && parts.Length == 1)))
            {
                continue;
            }

            CopyFile(file, Path.Combine(target, relative));
        }
    }

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
