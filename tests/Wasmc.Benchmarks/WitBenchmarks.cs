using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wasmc.Wit;

namespace Wasmc.Benchmarks;

/// <summary>
/// Warm WIT resolve of the WASI 0.2 set (<c>wasi-0.2/</c>: io, clocks, random, cli, filesystem,
/// sockets, http): the same process loads it again and again. Cold start (a fresh process per run)
/// is measured with hyperfine over <c>dotnet-wasmc wit check</c>; see docs/benchmarks.md.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class WitBenchmarks
{
    /// <summary>In-process, because an out-of-process rebuild of the solution times out on 2 shared cores.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private string _folder = "";
    private string _printed = "";
    private LoadedPackage _loaded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WasmCli.sln")))
        {
            dir = dir.Parent;
        }

        _folder = Path.Combine(
            dir?.FullName ?? throw new InvalidOperationException("WasmCli.sln not found above " + AppContext.BaseDirectory),
            "src", "Wasmc.Wit", "Wasi", "0.2.12");
        _loaded = WitLoader.Load(_folder);
        _printed = WitPrinter.PrintAll(_loaded.Resolve, _loaded.PackageId);
    }

    /// <summary>Read the 7 packages' files, parse, resolve, build the public model.</summary>
    [Benchmark(Baseline = true)]
    public LoadedPackage LoadWasiFolder() => WitLoader.Load(_folder);

    /// <summary>The same packages from one text in memory (nested packages): no file system.</summary>
    [Benchmark]
    public LoadedPackage LoadWasiText() => WitLoader.LoadText(_printed, "wasi.wit");

    [Benchmark]
    public string PrintWasi() => WitPrinter.PrintAll(_loaded.Resolve, _loaded.PackageId);
}
