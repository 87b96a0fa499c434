using Wasmc.Containers.Bundles;
using Wasmc.Core.Testing;
using Wasmc.Core.Testing.Checking;
using Wasmc.Core.Testing.Files;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Testing.Support;

/// <summary>The calculator WIT the test-runner tests check cases against.</summary>
internal static class CalculatorWit
{
    public const string Text = """
        package calculator:math@1.0.0;

        interface calculator {
            record point { x-coord: s32, y: f32 }
            flags perms { read-it, write }
            enum color { dark-red, blue }
            variant shape { circle(f64), none-shape, square(u8) }
            resource counter { constructor(); get: func() -> u32; }

            add: func(a: f64, b: f64) -> f64;
            subtract: func(a: f64, b: f64) -> f64;
            multiply: func(a: f64, b: f64) -> f64;
            divide: func(a: f64, b: f64) -> result<f64, string>;
            big: func(a: u64, s: list<u8>, o: option<option<string>>, r: point, f: perms, c: color) -> tuple<u64, shape>;
            log: func(message: string);
            make-counter: func() -> counter;
        }

        interface other {
            add: func(a: s32, b: s32) -> s32;
        }

        world calc {
            export calculator;
            export other;
            export hello: func(name: string) -> string;
        }
        """;

    public static (Resolve Resolve, WitWorld World) Load(string text = Text)
    {
        var loaded = WitLoader.LoadText(text, "calc.wit");
        return (loaded.Resolve, WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, null));
    }

    /// <summary>Reads <paramref name="toml"/> as <c>tests/calc.test.toml</c> and checks it; returns the cases and the problems.</summary>
    public static (IReadOnlyList<CheckedCase> Cases, List<TestDiagnostic> Diagnostics) Check(string toml, string wit = Text, Func<CheckedCase, string?>? runnerCheck = null)
    {
        var diagnostics = new List<TestDiagnostic>();
        var file = TestFileReader.Read(toml, "/ws/calc/tests/calc.test.toml", "calc/tests/calc.test.toml", diagnostics);
        if (file is null)
        {
            return ([], diagnostics);
        }

        var (resolve, world) = Load(wit);
        var cases = new TestCaseChecker("calc", resolve, world, runnerCheck).Check(file, diagnostics);
        return (cases, diagnostics);
    }
}

/// <summary>Bundles as data for runner tests.</summary>
internal static class TestBundles
{
    public static Bundle Create(string runner, IReadOnlyDictionary<string, string> tools, string toolchain, IReadOnlyList<string> toolchainTools, WasiLevel[]? wasi = null) => new()
    {
        Name = "test-bundle",
        Description = "test",
        Wasi = wasi ?? [WasiLevel.Preview2],
        Runner = runner,
        Languages = ["js"],
        Base = "wasmc/debian:test",
        Tools = tools,
        Paths = new Dictionary<string, string>(),
        FilePath = "/containers/bundles/test-bundle.toml",
        SourceFile = new BundleInputFile("bundles/test-bundle.toml", new string('0', 64)),
        Toolchains =
        [
            new BundleToolchain
            {
                BundleName = "test-bundle",
                Name = toolchain,
                Base = "wasmc/debian:test",
                Dockerfile = "toolchains/x.Dockerfile",
                Tools = toolchainTools,
                Args = new Dictionary<string, string>(),
                Packages = new Dictionary<string, string>(),
                Npm = new Dictionary<string, string>(),
                NpmOverrides = new Dictionary<string, string>(),
                InputFiles = [],
            },
        ],
    };

    public static Bundle Wasmtime(string version, WasiLevel[]? wasi = null) =>
        Create("wasmtime", new Dictionary<string, string> { ["wasmtime"] = version }, "runtime", ["wasmtime"], wasi);

    public static Bundle Jco() =>
        Create("jco", new Dictionary<string, string> { ["node"] = "24.22.2", ["jco"] = "1.35.0" }, "node", ["node", "jco"]);
}

/// <summary>A throw-away folder.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wasmc-test-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
