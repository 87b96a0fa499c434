using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Wasmc.Containers.Running;
using Wasmtime;
using Wasmtime.Components;

namespace Wasmc.Core.Components;

/// <summary>Whether a component's machine code came from a compile or from the compiled-component cache.</summary>
public enum CompileSource
{
    /// <summary>Compiled now (and written to the cache when there is one).</summary>
    Compiled,

    /// <summary>Read from the cache: nothing was compiled.</summary>
    Cached,
}

/// <summary>
/// Limits of one call or one command run (docs/testing.md, "Limits"). The time limit is enforced with
/// epoch interruption, so a guest that loops forever traps with <c>interrupt</c> instead of hanging.
/// </summary>
/// <param name="Time">Wall time one call (or run) may take, instantiation included.</param>
/// <param name="MemoryBytes">The size a linear memory may grow to; growing past it fails (the guest usually traps).</param>
/// <param name="Fuel">Instructions' worth of fuel, or null for no fuel limit (fuel slows the guest; use it to pin a deterministic budget).</param>
public sealed record ExecutionLimits(TimeSpan Time, long MemoryBytes, ulong? Fuel = null)
{
    /// <summary>10 s, 1 GiB, no fuel.</summary>
    public static ExecutionLimits Default { get; } = new(TimeSpan.FromSeconds(10), 1L << 30);
}

/// <summary>
/// One Wasmtime engine for a wasmc process: component model and epoch interruption on (fuel when asked),
/// WASI 0.2 linked in, a ticker that advances the epoch, and the compiled-component cache. Components
/// loaded here may be instantiated any number of times, each in a fresh store.
/// </summary>
public sealed class ComponentRuntime : IDisposable
{
    /// <summary>How often the epoch advances; time limits are rounded up to whole ticks.</summary>
    public static readonly TimeSpan EpochTick = TimeSpan.FromMilliseconds(10);

    private readonly Timer _ticker;
    private bool _disposed;

    /// <param name="fuel">Turn fuel metering on (changes the compiled code, so it is part of the cache key).</param>
    public ComponentRuntime(bool fuel = false)
    {
        Fuel = fuel;
        Engine = new Engine(new Config()
            .WithComponentModel(true)
            .WithEpochInterruption(true)
            .WithFuelConsumption(fuel));
        _ticker = new Timer(_ => Engine.IncrementEpoch(), null, EpochTick, EpochTick);
    }

    /// <summary>The version of the Wasmtime package, e.g. <c>50.0.1</c>.</summary>
    public static string WasmtimeVersion { get; } =
        (typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>Whether fuel metering is on.</summary>
    public bool Fuel { get; }

    /// <summary>
    /// The engine settings that change compiled code: a serialized component loads only into an engine
    /// configured the same way, so the cache key includes this.
    /// </summary>
    public string ConfigurationKey => $"wasmtime {WasmtimeVersion}; component-model; epoch-interruption; fuel={(Fuel ? "on" : "off")}; {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";

    internal Engine Engine { get; }

    /// <summary>
    /// Compiles <paramref name="wasmPath"/>, or loads its compiled form from <paramref name="cacheFolder"/> when
    /// the artifact's hash, the Wasmtime version and the engine settings are unchanged.
    /// </summary>
    /// <param name="wasmPath">The component (<c>.wasm</c>).</param>
    /// <param name="cacheFolder">Where compiled components are kept, or null for no cache.</param>
    /// <param name="cacheName">The file name stem in the cache (the component's name); older entries with it are replaced.</param>
    /// <exception cref="ComponentLoadException">The file is not a valid component.</exception>
    public LoadedComponent Load(string wasmPath, string? cacheFolder, string? cacheName = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(wasmPath);
        if (cacheFolder is null)
        {
            return new LoadedComponent(this, Compile(File.ReadAllBytes(wasmPath), wasmPath), wasmPath, CompileSource.Compiled);
        }

        var stem = cacheName ?? Path.GetFileNameWithoutExtension(wasmPath);
        var artifactHash = ArtifactHash(wasmPath, cacheFolder, stem, out var bytes);
        var key = CacheKey(artifactHash);
        var cached = Path.Combine(cacheFolder, $"{stem}.{key}.cwasm");
        if (File.Exists(cached))
        {
            try
            {
                return new LoadedComponent(this, Component.DeserializeFile(Engine, cached), wasmPath, CompileSource.Cached);
            }
            catch (WasmtimeException)
            {
                // A truncated or foreign file: compile again and overwrite it.
                File.Delete(cached);
            }
        }

        var component = Compile(bytes ?? File.ReadAllBytes(wasmPath), wasmPath);
        Store(cacheFolder, stem, cached, component.Serialize());
        return new LoadedComponent(this, component, wasmPath, CompileSource.Compiled);
    }

    /// <summary>The cache key: the artifact's SHA-256 and <see cref="ConfigurationKey"/>, hashed together.</summary>
    internal string CacheKey(string artifactHash)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{artifactHash}\n{ConfigurationKey}"));
        return Convert.ToHexStringLower(key)[..24];
    }

    /// <summary>
    /// The artifact's SHA-256. Hashing a 12 MB component costs more than loading its compiled form, so the
    /// hash is remembered beside the cache with the file's size and modification time (as git's index does)
    /// and recomputed only when either changed. <paramref name="bytes"/> is the file when it had to be read.
    /// </summary>
    private static string ArtifactHash(string wasmPath, string cacheFolder, string stem, out byte[]? bytes)
    {
        var info = new FileInfo(wasmPath);
        var stamp = $"{info.Length} {info.LastWriteTimeUtc.Ticks}";
        var remembered = Path.Combine(cacheFolder, $"{stem}.sha256");
        if (File.Exists(remembered) && !WorkspacePaths.IsLink(remembered) && new FileInfo(remembered).Length < 1024 && File.ReadAllText(remembered).Split(' ') is [var length, var ticks, var hash] && $"{length} {ticks}" == stamp)
        {
            bytes = null;
            return hash;
        }

        bytes = File.ReadAllBytes(wasmPath);
        var computed = Convert.ToHexStringLower(SHA256.HashData(bytes));
        WorkspacePaths.WriteText(cacheFolder, remembered, $"{stamp} {computed}");
        return computed;
    }

    private Component Compile(byte[] bytes, string path)
    {
        try
        {
            return Component.FromBytes(Engine, bytes);
        }
        catch (WasmtimeException e)
        {
            throw new ComponentLoadException($"{path} is not a component Wasmtime {WasmtimeVersion} can load: {FirstLine(e.Message)}", e);
        }
    }

    private static void Store(string folder, string stem, string path, byte[] serialized)
    {
        WorkspacePaths.CreateFolder(folder, folder);
        foreach (var stale in Directory.EnumerateFiles(folder, $"{stem}.*.cwasm"))
        {
            File.Delete(stale);
        }

        // Written aside and renamed (never through a link), so a concurrent reader never sees half a file.
        WorkspacePaths.WriteFile(folder, path, serialized);
    }

    internal static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ticker.Dispose();
        Engine.Dispose();
    }
}

/// <summary>A component is not valid, or cannot be linked (unknown imports).</summary>
public sealed class ComponentLoadException : Exception
{
    public ComponentLoadException(string message, Exception? innerException = null) : base(message, innerException) { }
}
