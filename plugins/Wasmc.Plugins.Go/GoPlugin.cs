using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Go.Bindings;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(GoPlugin))]

namespace Wasmc.Plugins.Go;

/// <summary>
/// Go components built with the standard Go toolchain (1.26; trixie's 1.24 output traps under the adapter):
/// a <c>wasip1</c> reactor module (<c>-buildmode=c-shared</c>, <c>//go:wasmexport</c>), merged with a tiny
/// non-Go allocator exporting <c>cabi_realloc_adapter</c> (the adapter allocates before the Go runtime starts,
/// and a Go-exported <c>cabi_realloc</c> traps then) that hands out a Go global (<see cref="AdapterMemory"/>),
/// then embedded and componentized with the reactor adapter.
/// The bindings generated from the component's WIT are packages of the user's module, added with <c>-overlay</c>.
/// </summary>
public sealed class GoPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with Go.</summary>
    public const string Toolchain = "go";

    /// <summary>The toolchain that holds binaryen's <c>wasm-merge</c> when a bundle has a dedicated one.</summary>
    public const string BinaryenToolchain = "binaryen";

    /// <summary>Where the per-bundle Go cache volume is mounted.</summary>
    public const string GoCache = "/cache/go";

    /// <inheritdoc />
    public string LanguageId => "go";

    /// <inheritdoc />
    public string DisplayName => "Go";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } = [CalculatorTemplate.Descriptor, CommandTemplate.Descriptor];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.HasFile("go.mod");
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request)
    {
        CalculatorTemplate.RequireKnownTemplate(request, Templates);
        if (request.TemplateId == CommandTemplate.TemplateId)
        {
            return ScaffoldCommand(new CommandTemplate(request));
        }

        var template = new CalculatorTemplate(request);
        var functions = string.Concat(CalculatorTemplate.Functions.Select(f => $$"""

            	// {{f.Name}}: {{f.Doc}}
            	{{CalculatorTemplate.InterfaceName}}.Exports.{{char.ToUpperInvariant(f.Name[0]) + f.Name[1..]}} = func(a, b float64) float64 {
            		return a {{f.Operator}} b
            	}
            """));
        return template.Result(
            GoModule(template.Name),
            new ScaffoldFile("main.go", $$"""
                // Package main is the {{template.Name}} component: it implements {{template.Package}}'s
                // {{CalculatorTemplate.InterfaceName}} interface.
                //
                // wasmc generates the package {{template.Name}}/gen/local/{{template.Name}}/{{CalculatorTemplate.InterfaceName}} from wit/ at
                // build time (it is not written to this folder); the functions assigned to its Exports are
                // what the component exports.
                package main

                import "{{template.Name}}/gen/local/{{template.Name}}/{{CalculatorTemplate.InterfaceName}}"

                func init() {{{functions}}
                }

                // main is required by the Go toolchain; a reactor (c-shared) build never calls it.
                func main() {}

                """));
    }

    // fmt.Println goes through the preview1 adapter's fd_write, so the world needs no wasi:cli/stdout import.
    private static ScaffoldResult ScaffoldCommand(CommandTemplate template) => template.Result(
        GoModule(template.Name),
        new ScaffoldFile("main.go", $$"""
            // Package main is the {{template.Name}} command: `wasmc run` and [[run]] tests call its
            // {{CommandTemplate.RunInterface}} export.
            //
            // wasmc generates the packages {{template.Name}}/gen/wasi/cli/run and {{template.Name}}/gen/cm from wit/ at build
            // time (they are not written to this folder); the function assigned to run.Exports.Run is the program.
            package main

            import (
            	"fmt"
            	"os"

            	"{{template.Name}}/gen/cm"
            	"{{template.Name}}/gen/wasi/cli/run"
            )

            func init() {
            	// Returning cm.Err exits with code 1.
            	run.Exports.Run = func() cm.Result[struct{}, struct{}] {
            		if _, err := fmt.Println("{{template.Greeting}}"); err != nil {
            			fmt.Fprintln(os.Stderr, "cannot write to stdout:", err)
            			return cm.Err[struct{}](struct{}{})
            		}
            		return cm.OK[struct{}, struct{}](struct{}{})
            	}
            }

            // main is required by the Go toolchain; a reactor (c-shared) build never calls it.
            func main() {}

            """));

    private static ScaffoldFile GoModule(string name) => new("go.mod", $"""
        module {name}

        go 1.24

        """);

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var paths = request.Paths;
        var profile = request.Profile;
        var goModule = PlanSupport.Join(paths.Scratch, "go.wasm");
        var allocator = PlanSupport.Join(paths.Scratch, "wasmc/allocator.wat");
        var clockGuard = PlanSupport.Join(paths.Scratch, "wasmc/clock-guard.wat");
        var clockForwarder = PlanSupport.Join(paths.Scratch, "wasmc/clock-forwarder.wat");
        var guardedModule = PlanSupport.Join(paths.Scratch, "guarded.wasm");
        var coreModule = PlanSupport.Join(paths.Scratch, "core.wasm");

        List<string> build = ["go", "build", "-buildmode=c-shared", "-trimpath"];
        if (!profile.Optimize)
        {
            build.Add("-gcflags=all=-N -l");
        }

        // go build keeps only the last -ldflags for a package: the profile's own (-X main.version=...) join the stripping
        // flags in one, or they would silently undo the strip.
        var (linkerFlags, otherFlags) = LinkerFlags(profile.LanguageFlags);
        var ldflags = string.Join(' ', new[] { profile.Strip && !profile.DebugInfo ? "-s -w" : null, linkerFlags }.OfType<string>());
        if (ldflags.Length > 0)
        {
            build.Add("-ldflags=" + ldflags);
        }

        if (request.Folder is not null)
        {
            GoBindings.CheckVendored(request.Folder);
        }

        var world = ComponentWorld.Load(request);
        var bindings = world is null ? null : GoBindings.Plan(request, world);
        if (bindings is not null)
        {
            build.Add(bindings.Flag);
        }

        build.AddRange(otherFlags);
        build.AddRange(["-o", goModule, "."]);

        var compile = new PlanStep("compile (go build)", Toolchain, build, paths.Component)
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GOOS"] = "wasip1",
                ["GOARCH"] = "wasm",
                ["CGO_ENABLED"] = "0",
                ["GOCACHE"] = $"{GoCache}/build",
                ["GOPATH"] = $"{GoCache}/path",
                ["GOPROXY"] = "off",
                ["GOTOOLCHAIN"] = "local",
            },
            Mounts = [new PlanMount(MountKind.Cache, "go", GoCache, ReadOnly: false)],
            Inputs = [PlanSupport.Join(paths.Component, "go.mod"), PlanSupport.Join(paths.Component, "go.sum"), PlanSupport.Join(paths.Component, "**/*.go"),
                .. bindings is null ? [] : bindings.Files.Select(f => f.ContainerPath).Append(bindings.Overlay.ContainerPath)],
            Outputs = [goModule],
        };

        // Binaryen's wasm-merge: the allocator and the clock guard join Go's module, then the guard is given the adapter's
        // clock and poll (ClockGuard explains why two steps).
        var binaryen = request.Bundle.Toolchains.ContainsKey(BinaryenToolchain) ? BinaryenToolchain : Toolchain;
        var merge = new PlanStep(
            "merge the adapter allocator and the clock guard",
            binaryen,
            Merge([(goModule, "go"), (allocator, "allocator"), (clockGuard, ClockGuard.WasiModule)], guardedModule, profile.DebugInfo),
            paths.Component)
        {
            Inputs = [goModule, allocator, clockGuard],
            Outputs = [guardedModule],
        };
        var forward = new PlanStep(
            "link the clock guard to the adapter",
            binaryen,
            Merge([(guardedModule, "go"), (clockForwarder, ClockGuard.ForwarderModule)], coreModule, profile.DebugInfo),
            paths.Component)
        {
            Inputs = [guardedModule, clockForwarder],
            Outputs = [coreModule],
        };

        var embedWit = EmbedWits.For(request);
        return new BuildPlan(
            [compile, merge, forward, .. PlanSupport.EmbedAndNew(request, coreModule, Toolchain, embedWit)],
            [PlanSupport.ComponentArtifact(request)])
        {
            SupportFiles =
            [
                new PlanFile(allocator, AdapterMemory.AllocatorWat),
                new PlanFile(clockGuard, ClockGuard.GuardWat),
                new PlanFile(clockForwarder, ClockGuard.ForwarderWat),
                .. bindings is null ? [] : bindings.Files.Append(bindings.Overlay),
                .. embedWit.Staged is null ? [] : new[] { embedWit.Staged },
            ],
        };
    }

    /// <summary><c>wasm-merge</c> of <paramref name="modules"/> (file, name: imports from a name resolve to that module's exports).</summary>
    private static List<string> Merge(IEnumerable<(string File, string Name)> modules, string output, bool debugInfo)
    {
        List<string> argv = ["wasm-merge", .. modules.SelectMany(module => new[] { module.File, module.Name }), "--all-features"];
        if (debugInfo)
        {
            argv.Add("--debuginfo");
        }

        argv.AddRange(["-o", output]);
        return argv;
    }

    /// <summary>
    /// Splits a profile's Go flags into the value of its last pattern-less <c>-ldflags</c> (<c>-ldflags=V</c> or
    /// <c>-ldflags V</c>; go build keeps only the last) and the other flags. An <c>-ldflags</c> with a package pattern
    /// (<c>pattern=flags</c>) stays among the other flags, as go build's own rules decide where it applies.
    /// </summary>
    private static (string? Linker, IReadOnlyList<string> Other) LinkerFlags(IReadOnlyList<string> flags)
    {
        var other = new List<string>();
        string? linker = null;
        for (var i = 0; i < flags.Count; i++)
        {
            var (value, consumed) = flags[i] switch
            {
                "-ldflags" or "--ldflags" when i + 1 < flags.Count => (flags[i + 1], 2),
                var flag when flag.StartsWith("-ldflags=", StringComparison.Ordinal) => (flag["-ldflags=".Length..], 1),
                var flag when flag.StartsWith("--ldflags=", StringComparison.Ordinal) => (flag["--ldflags=".Length..], 1),
                _ => ((string?)null, 1),
            };
            if (value is not null && !HasPackagePattern(value))
            {
                linker = value;
            }
            else
            {
                other.AddRange(flags.Skip(i).Take(consumed));
            }

            i += consumed - 1;
        }

        return (linker, other);
    }

    /// <summary>go build's reading of a per-package flag value: <c>pattern=flags</c> unless it is empty or starts with <c>-</c>.</summary>
    private static bool HasPackagePattern(string value) => value.Length > 0 && value[0] != '-' && value.Contains('=', StringComparison.Ordinal);
}
