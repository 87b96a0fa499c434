using Wasmc.Cli.Infrastructure;
using Wasmc.Containers;
using Wasmc.Containers.Running;
using Wasmc.Core.Building;
using Wasmc.Core.Components;
using Wasmc.Core.Testing;
using Wasmc.Wit;
using Wasmc.Workspace;

namespace Wasmc.Cli.Services;

/// <summary>What <c>dotnet wasmc run</c> asks for.</summary>
/// <param name="Component">A component name of the workspace, or a path to a <c>.wasm</c> file.</param>
/// <param name="Arguments">Arguments after <c>--</c> (argv[0] is the component's name).</param>
internal sealed record RunInvocation(string Component, IReadOnlyList<string> Arguments)
{
    /// <summary><c>--invoke</c>: a WAVE call of one export; null runs the command.</summary>
    public string? Invoke { get; init; }

    public IReadOnlyList<Preopen> Directories { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public string? Profile { get; init; }

    public bool TrapUnknownImports { get; init; }

    /// <summary>For a <c>.wasm</c> file with <c>--invoke</c>: its WIT (a file or folder) and world.</summary>
    public string? WitPath { get; init; }

    public string? World { get; init; }
}

/// <summary>The seam between the <c>run</c> verb and the in-process runtime (Wasmc.Core.Components).</summary>
internal interface IRunService
{
    /// <summary>Runs a command (returns its exit code), or invokes an export (prints the WAVE result, returns 0).</summary>
    Task<int> RunAsync(RunInvocation invocation, CancellationToken cancellation);
}

/// <summary>
/// Builds the workspace component when needed (build-cache hits when unchanged), loads it into Wasmtime through
/// the compiled-component cache, and runs it with the terminal's streams or calls one export.
/// </summary>
internal sealed class RunService(WorkspaceService workspace, ContainersLocator containers, PluginCatalogProvider plugins, CliOutput output, CliSession session) : IRunService
{
    public async Task<int> RunAsync(RunInvocation invocation, CancellationToken cancellation)
    {
        var (wasm, cacheFolder, name, wit) = IsWasmFile(invocation.Component)
            ? FromFile(invocation)
            : await BuildAsync(invocation, cancellation).ConfigureAwait(false);

        using var runtime = new ComponentRuntime();
        try
        {
            using var component = runtime.Load(wasm, cacheFolder, name);
            component.TrapUnknownImports = invocation.TrapUnknownImports;
            var wasi = new WasiSetup
            {
                Args = [name, .. invocation.Arguments],
                Environment = invocation.Environment,
                Directories = invocation.Directories,
            };
            if (invocation.Invoke is not { } call)
            {
                var runExport = wit is null ? null : RunExport(wit.Value.Resolve, wit.Value.World);
                return ComponentCommands.Run(component, runExport, wasi, cancellation);
            }

            if (wit is not { } types)
            {
                throw new BadInputException($"--invoke needs the component's WIT to type the arguments: add --wit PATH (and --world NAME) for {invocation.Component}");
            }

            if (ComponentCommands.Invoke(component, types.Resolve, types.World, call, wasi, cancellation) is { } result)
            {
                output.Line(result);
            }

            return ExitCodes.Success;
        }
        catch (ComponentLoadException e)
        {
            throw new FailureException(e.Message);
        }
        catch (ComponentRunException e)
        {
            throw new FailureException(e.Message);
        }
        catch (WitException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    private static bool IsWasmFile(string component) => component.EndsWith(".wasm", StringComparison.OrdinalIgnoreCase) || component.Contains('/', StringComparison.Ordinal);

    private (string Wasm, string? Cache, string Name, (Resolve Resolve, WitWorld World)? Wit) FromFile(RunInvocation invocation)
    {
        var path = session.ResolvePath(invocation.Component);
        if (!File.Exists(path))
        {
            throw new BadInputException($"no such file: {path}");
        }

        (Resolve, WitWorld)? wit = null;
        if (invocation.WitPath is { } witPath)
        {
            var loaded = WitLoader.Load(session.ResolvePath(witPath));
            wit = (loaded.Resolve, WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, invocation.World));
        }

        return (path, UserCacheFolder(), Path.GetFileNameWithoutExtension(path), wit);
    }

    private async Task<(string Wasm, string? Cache, string Name, (Resolve Resolve, WitWorld World)? Wit)> BuildAsync(RunInvocation invocation, CancellationToken cancellation)
    {
        var manifest = await workspace.LoadValidatedAsync(plugins).ConfigureAwait(false);
        var entry = manifest.FindComponent(invocation.Component)
            ?? throw new BadInputException(
                $"unknown component '{invocation.Component}' (components: {string.Join(", ", manifest.Components.Select(c => c.Name))}); to run a file, give its path, e.g. ./{invocation.Component}.wasm");
        var profile = invocation.Profile ?? manifest.DefaultProfile;
        if (!manifest.HasProfile(profile))
        {
            throw new BadInputException($"unknown profile '{profile}'; profiles: {string.Join(", ", manifest.Profiles.Select(p => p.Name))}");
        }

        var catalog = await plugins.LoadAsync().ConfigureAwait(false);
        await using var toolchains = await TestService.CreateToolchainEnvironmentAsync(session, manifest, cancellation).ConfigureAwait(false);

        // Build progress goes to stderr: stdout belongs to the program.
        var builder = new WorkspaceBuilder(catalog.Plugins, containers.Catalog().Bundles, toolchains, new ConsoleBuildProgress(output, session.VerbosityOrNormal, json: true));
        IReadOnlyDictionary<string, string> built;
        try
        {
            built = await new BuildingComponentArtifacts(builder).GetAsync(manifest, [entry.Name], profile, cancellation).ConfigureAwait(false);
        }
        catch (TestBuildFailedException e)
        {
            throw new FailureException(e.Message);
        }
        catch (TestEnvironmentException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (BuildEnvironmentException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }
        catch (ToolchainRunException e)
        {
            throw new EnvironmentProblemException(e.Message, e);
        }

        var loaded = WitLoader.Load(entry.WitFullPath);
        var world = WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, entry.World);
        return (built[entry.Name], WorkspaceTester.CompiledCacheFolder(manifest, profile), entry.Name, (loaded.Resolve, world));
    }

    private static string? RunExport(Resolve resolve, WitWorld world) =>
        world.Exports
            .Select(export => export.Key)
            .Select(key => WitLoader.WorldKeyName(resolve, key))
            .FirstOrDefault(name => name.StartsWith("wasi:cli/run@", StringComparison.Ordinal));

    /// <summary><c>$XDG_CACHE_HOME/wasmc/compiled</c>, or <c>~/.cache/wasmc/compiled</c>: for components outside a workspace.</summary>
    private string UserCacheFolder() => Path.Combine(WasmcUserCache.FolderFor(session.Environment.Variable("XDG_CACHE_HOME")), "compiled");
}
