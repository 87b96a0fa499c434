using Wasmc.Containers.Bundles;
using Wasmc.Containers.Running;
using Wasmc.Docker;
using Wasmc.Plugins.Abstractions;
using Wasmc.Workspace;

namespace Wasmc.Core.Tests.Testing.Integration;

/// <summary>
/// A workspace with three JavaScript components built ONCE per test run with componentize-js in the bundle's
/// node image (~20 s each): <c>calc</c> (the calculator library), <c>cmd</c> (a wasi:cli/run command) and
/// <c>kinds</c> (every value kind through identity functions).
/// The artifacts go where <c>dotnet wasmc build</c> puts them, so the tests use <c>BuiltComponentArtifacts</c>.
/// </summary>
public sealed class JcoWorkspaceFixture : IAsyncLifetime
{
    public const string CalculatorWit = """
        package local:calc@0.1.0;

        interface calculator {
            add: func(a: f64, b: f64) -> f64;
            subtract: func(a: f64, b: f64) -> f64;
            multiply: func(a: f64, b: f64) -> f64;
            divide: func(a: f64, b: f64) -> result<f64, string>;
        }

        world calc {
            export calculator;
        }
        """;

    public const string CalculatorJs = """
        export const calculator = {
          add(a, b) { return a + b; },
          subtract(a, b) { return a - b; },
          multiply(a, b) { return a * b; },
          divide(a, b) {
            if (b === 0) throw "Division by zero";
            return a / b;
          },
        };
        """;

    private const string CommandJs = """
        import { getArguments, getEnvironment } from "wasi:cli/environment@0.2.12";
        import { getStdin } from "wasi:cli/stdin@0.2.12";
        import { exit } from "wasi:cli/exit@0.2.12";

        export const run = {
          run() {
            const args = getArguments().slice(1);
            const env = getEnvironment().map(([k, v]) => `${k}=${v}`);
            // At the end of an empty stdin Wasmtime reports the stream closed (an error); jco returns no bytes.
            let input = "";
            try { input = new TextDecoder().decode(getStdin().blockingRead(4096n)); } catch { }
            console.log(`args=${args.join(",")} env=${env.join(",")} stdin=${input}`);
            console.error("done");
            if (args.includes("fail")) exit({ tag: "err" });
          },
        };
        """;

    /// <summary>Every value kind the Wasmtime .NET API passes: a WAVE value goes in and comes back out.</summary>
    public const string KindsWit = """
        package local:kinds@0.1.0;

        interface kinds {
            record point { x: s32, label: string }
            variant shape { circle(f64), square(u8), nothing }
            enum color { red, dark-blue }
            flags perms { read, write, exec }

            echo-point: func(p: point) -> point;
            echo-shape: func(s: shape) -> shape;
            echo-color: func(c: color) -> color;
            echo-perms: func(p: perms) -> perms;
            pair: func(t: tuple<u64, s8, bool>) -> tuple<u64, s8, bool>;
            bytes: func(l: list<u8>) -> list<u8>;
            names: func(l: list<string>) -> list<string>;
            maybe: func(o: option<string>) -> option<string>;
            nested: func(o: option<option<u32>>) -> option<option<u32>>;
            checked: func(r: result<s64, string>) -> result<s64, string>;
            letter: func(c: char) -> char;
            float: func(f: f32) -> f32;
            fails: func() -> s32;
        }

        world kinds-component {
            export kinds;
        }
        """;

    private const string KindsJs = """
        const same = (x) => x;
        export const kinds = {
          echoPoint: same, echoShape: same, echoColor: same, echoPerms: same, pair: same, bytes: same, names: same,
          maybe: same, nested: same, letter: same, float: same,
          checked(r) { if (r.tag === "err") throw r.val; return r.val; },
          fails() { throw new Error("deliberately broken"); },
        };
        """;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wasmc-jco-tests", Guid.NewGuid().ToString("N")[..12]);

    public Bundle Bundle { get; private set; } = null!;

    public string? Problem { get; private set; }

    public async Task InitializeAsync()
    {
        // WASMC_CONTAINERS_DIR (as for the tool) points at another containers folder, e.g. a committed copy.
        var containers = Environment.GetEnvironmentVariable("WASMC_CONTAINERS_DIR") is { Length: > 0 } overridden
            ? overridden
            : BundleCatalog.FindContainersDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("no containers/bundles folder above " + AppContext.BaseDirectory);
        var catalog = BundleCatalog.Load(containers);
        using var docker = await DockerClientFactory.ConnectAsync();
        // WASMC_TEST_BUNDLE picks the bundle; otherwise trixie first (sid-2026.11.2's node image lacked
        // @bytecodealliance/preview2-shim when these tests were written, which breaks componentize-js there).
        var preferred = Environment.GetEnvironmentVariable("WASMC_TEST_BUNDLE");
        foreach (var candidate in catalog.Bundles
                     .Where(b => b.Runner == "jco" && (string.IsNullOrEmpty(preferred) || b.Name == preferred))
                     .OrderByDescending(b => b.Name.StartsWith("trixie", StringComparison.Ordinal)))
        {
            if (await docker.Images.InspectAsync(candidate.GetToolchain("node").ImageReference) is not null)
            {
                Bundle = candidate;
                break;
            }
        }

        if (Bundle is null)
        {
            Problem = "no jco bundle has its node image built here; run `dotnet wasmc bundle build trixie-2026.11.2` (or .ci/setup-docker.sh)";
            return;
        }

        Write("wasmc.toml", $"""
            [workspace]
            default-bundle = "js"

            [bundles.js]
            bundle = "{Bundle.Name}"

            [[components]]
            name = "calc"
            language = "js"
            path = "calc"
            world = "calc"

            [[components]]
            name = "cmd"
            language = "js"
            path = "cmd"
            world = "cmd"

            [[components]]
            name = "kinds"
            language = "js"
            path = "kinds"
            world = "kinds-component"
            """);
        Write("kinds/wit/kinds.wit", KindsWit);
        Write("kinds/src/kinds.js", KindsJs);
        Write("calc/wit/calc.wit", CalculatorWit);
        Write("calc/src/calc.js", CalculatorJs);
        Write("cmd/wit/cmd.wit", "package local:cmd@0.1.0;\n\nworld cmd {\n    include wasi:cli/imports@0.2.12;\n    export wasi:cli/run@0.2.12;\n}\n");
        Write("cmd/src/cmd.js", CommandJs);
        CopyFolder(Path.Combine(RepositoryRoot(), "src", "Wasmc.Wit", "Wasi", "0.2.12", "deps"), Path.Combine(Root, "cmd", "wit", "deps"));

        await using var runner = new DockerToolchainRunner(await DockerClientFactory.ConnectAsync());
        await ComponentizeAsync(runner, "calc");
        await ComponentizeAsync(runner, "cmd");
        await ComponentizeAsync(runner, "kinds", "kinds-component");
    }

    public WorkspaceManifest Manifest()
    {
        var result = ManifestLoader.Load(Path.Combine(Root, "wasmc.toml"),
            new ManifestContext(["js"], [new KnownBundle(Bundle.Name, Bundle.Wasi)]));
        result.Errors.ShouldBeEmpty();
        return result.Manifest!;
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private async Task ComponentizeAsync(DockerToolchainRunner runner, string name, string? world = null)
    {
        // Through the JS plugin's glue: it starts Wizer with the step's HOME (/tmp); componentize-js alone gives Wizer
        // no environment, and the image's root file system (root's home included) is read-only.
        var scratch = Path.Combine(Root, "target", "scratch", name);
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "componentize.mjs"), GlueScript());
        var step = new PlanStep($"componentize {name}", "node",
            ["node", "/scratch/componentize.mjs", "componentize", "--", "componentize-js", "--wit", $"/workspace/{name}/wit", "--world-name", world ?? name, "--out", $"/out/{name}.wasm", $"/workspace/{name}/src/{name}.js"],
            $"/workspace/{name}");
        var request = new StepRunRequest(step, Bundle.GetToolchain("node").ImageReference, Bundle.Name, name,
            new HostFolders(Root, Path.Combine(Root, "target", "wasmc", "debug", name), scratch),
            new ContainerPaths("/workspace", $"/workspace/{name}", "/out", "/scratch"));
        var result = await runner.RunAsync(request);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"componentize-js failed for {name}:\n{result.OutputText}");
        }
    }

    private static string GlueScript()
    {
        using var stream = typeof(Wasmc.Plugins.Js.JsPlugin).Assembly.GetManifestResourceStream("Wasmc.Plugins.Js.componentize.mjs")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WasmCli.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("WasmCli.sln not found above " + AppContext.BaseDirectory);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
