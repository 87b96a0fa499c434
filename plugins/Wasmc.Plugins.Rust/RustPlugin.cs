using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust;
using Wasmc.Plugins.Rust.Bindings;
using Wasmc.Plugins.Rust.Cargo;
using Wasmc.Plugins.Shared;

[assembly: WasmcPlugin(typeof(RustPlugin))]

namespace Wasmc.Plugins.Rust;

/// <summary>
/// Rust components built with Cargo from Debian's rustc: a core module linked with plain <c>wasm-ld</c> (Debian ships
/// neither <c>rust-lld</c> nor <c>wasm-component-ld</c>), then <c>wasm-tools component embed</c> + <c>component new</c>
/// with a preview1 adapter: a <c>cdylib</c> library for <c>wasm32-wasip2</c> with the reactor adapter, or a <c>fn main</c>
/// binary (<see cref="CrateTarget"/>) for <c>wasm32-wasip1</c> with the command adapter, which exports <c>wasi:cli/run</c>.
/// </summary>
public sealed class RustPlugin : ILanguagePlugin
{
    /// <summary>The toolchain (image name inside a bundle) with rustc, cargo and lld.</summary>
    public const string Toolchain = "rust";

    /// <summary>Cargo target when the component sets no <c>target</c> option.</summary>
    public const string DefaultTarget = "wasm32-wasip2";

    /// <summary>
    /// Cargo target of a binary crate (<c>fn main</c>) when the component sets no <c>target</c> option: its <c>_start</c> and
    /// preview1 calls become a <c>wasi:cli/run</c> command through the bundle's command adapter on every bundle. (sid's
    /// rustc 1.97 links <c>wasm32-wasip2</c> binaries with wasi-libc's own <c>wasi:cli/run@0.2.0</c> export and no
    /// <c>_start</c>, which the adapter cannot wrap.)
    /// </summary>
    public const string DefaultBinaryTarget = "wasm32-wasip1";

    /// <summary>Where the per-bundle Cargo home cache volume is mounted.</summary>
    public const string CargoHome = "/cache/cargo";

    /// <inheritdoc />
    public string LanguageId => "rust";

    /// <inheritdoc />
    public string DisplayName => "Rust";

    /// <inheritdoc />
    public IReadOnlyList<string> Toolchains { get; } = [Toolchain];

    /// <inheritdoc />
    public IReadOnlyList<ComponentTemplate> Templates { get; } = [CalculatorTemplate.Descriptor, CommandTemplate.Descriptor, HttpTemplate.Descriptor];

    /// <inheritdoc />
    public bool Recognizes(ComponentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.HasFile("Cargo.toml");
    }

    /// <inheritdoc />
    public ScaffoldResult Scaffold(ScaffoldRequest request)
    {
        CalculatorTemplate.RequireKnownTemplate(request, Templates);
        if (request.TemplateId == CommandTemplate.TemplateId)
        {
            return ScaffoldCommand(new CommandTemplate(request));
        }

        if (request.TemplateId == HttpTemplate.TemplateId)
        {
            var http = new HttpTemplate(request);
            return http.Result(CargoTomlFile(http.Name), CargoLockFile(http.Name));
        }

        var template = new CalculatorTemplate(request);
        var crate = template.Name;
        var bindings = RustNames.BindingsCrate(template.Name);
        var guest = $"{bindings}::exports::local::{RustNames.Snake(template.Name)}::{RustNames.Snake(CalculatorTemplate.InterfaceName)}::Guest";
        var functions = string.Join("\n", CalculatorTemplate.Functions.Select(f => $$"""

                /// {{f.Doc}}
                fn {{f.Name}}(a: f64, b: f64) -> f64 {
                    a {{f.Operator}} b
                }
            """));
        return template.Result(
            CargoTomlFile(crate),
            CargoLockFile(crate),
            new ScaffoldFile("src/lib.rs", $$"""
                //! The `{{template.Name}}` component: implements `{{template.Package}}`'s `{{CalculatorTemplate.InterfaceName}}` interface.
                //!
                //! wasmc generates the crate `{{bindings}}` from the WIT in `wit/` for every build (Cargo.toml needs no
                //! line for it): implement its `Guest` trait, then export the implementation with its `export!` macro.

                use {{guest}};

                struct Component;

                impl Guest for Component {{{functions}}
                }

                {{bindings}}::export!(Component with_types_in {{bindings}});

                """));
    }

    // An ordinary binary crate: cargo finds src/main.rs, and the bundle's command adapter makes fn main the wasi:cli/run export.
    private static ScaffoldResult ScaffoldCommand(CommandTemplate template) => template.Result(
        new ScaffoldFile("Cargo.toml", $$"""
            [package]
            name = "{{template.Name}}"
            version = "0.1.0"
            edition = "2021"
            publish = false

            # A component is its own Cargo workspace, even inside another crate's folder.
            [workspace]

            """),
        CargoLockFile(template.Name),
        new ScaffoldFile("src/main.rs", $$"""
            //! The `{{template.Name}}` command: `wasmc run` and `[[run]]` tests run `main` through its `{{CommandTemplate.RunInterface}}` export.
            //!
            //! An ordinary Rust program: `std::env::args`, `std::io::stdin`, environment variables and preopened directories
            //! work as usual; `std::process::exit(0)` succeeds and any other code fails (WASI 0.2 reports no exit number: 1).
            //! The crate `{{RustNames.BindingsCrate(template.Name)}}`, generated from the WIT in `wit/`, calls what else the world imports.

            fn main() {
                println!("{{template.Greeting}}");
            }

            """));

    private static ScaffoldFile CargoTomlFile(string crate) => new("Cargo.toml", $$"""
        [package]
        name = "{{crate}}"
        version = "0.1.0"
        edition = "2021"
        publish = false

        [lib]
        crate-type = ["cdylib"]

        # A component is its own Cargo workspace, even inside another crate's folder.
        [workspace]

        """);

    // The workspace is mounted read-only in the build container, so Cargo must find an up-to-date lock file.
    private static ScaffoldFile CargoLockFile(string crate) => new("Cargo.lock", $$"""
        # This file is automatically @generated by Cargo.
        # It is not intended for manual editing.
        version = 3

        [[package]]
        name = "{{crate}}"
        version = "0.1.0"

        """);

    /// <inheritdoc />
    public BuildPlan PlanBuild(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var component = request.Component;
        var paths = request.Paths;
        var profile = request.Profile;
        var manifest = Manifest(request);
        var crateTarget = manifest is null ? null : CrateTarget.Choose(manifest);
        var binary = crateTarget is { IsBinary: true } ? crateTarget.Name : null;
        var target = PlanSupport.StringOption(component, "target") ?? (binary is null ? DefaultTarget : DefaultBinaryTarget);
        if (binary is not null && target != DefaultBinaryTarget)
        {
            throw new WasmcPluginException(
                $"component '{component.Name}': option 'target' is \"{target}\", but the crate builds the binary '{binary}' (fn main), which wasmc builds for " +
                $"{DefaultBinaryTarget} only (the command adapter runs its _start); remove the option");
        }

        var linker = $"wasm-ld-{request.Bundle.RequireMajorVersion("lld")}";

        // A profile the crate declares under the same name ([profile.NAME]) is used as is; otherwise the
        // built-in release or dev profile is tuned through the environment, leaving Cargo.toml untouched.
        var world = ComponentWorld.Load(request);
        var crates = request.Bundle.Crates.GetValueOrDefault(Toolchain);
        if (manifest is not null)
        {
            ComponentManifestChecks.Check(manifest, component, ComponentWorld.WitPath(request)!, world);
            if (crates is not null)
            {
                OfflineCrates.Check(manifest, crates, request.Bundle.Name);
            }
        }

        var customProfile = profile.Name is not ("dev" or "release" or "debug") && manifest?.Profiles.ContainsKey(profile.Name) == true;
        var cargoProfile = customProfile ? profile.Name : profile.Optimize ? "release" : "dev";
        var profileFolder = cargoProfile == "dev" ? "debug" : cargoProfile;
        var profileVariable = cargoProfile.Replace('-', '_').ToUpperInvariant();
        var targetDirectory = PlanSupport.Join(paths.Scratch, "target");
        var crateFile = binary ?? manifest?.LibraryName ?? ComponentNames.Snake(component.Name);
        var coreModule = $"{targetDirectory}/{target}/{profileFolder}/{crateFile}.wasm";

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CARGO_TARGET_DIR"] = targetDirectory,
            ["CARGO_HOME"] = CargoHome,
            [$"CARGO_TARGET_{target.Replace('-', '_').ToUpperInvariant()}_LINKER"] = linker,
            [$"CARGO_PROFILE_{profileVariable}_DEBUG"] = profile.DebugInfo ? "true" : "false",
            [$"CARGO_PROFILE_{profileVariable}_STRIP"] = profile.Strip ? "symbols" : "none",
        };
        var flags = ProfileFlags.Split(profile.LanguageFlags);
        if (flags.Rustc.Count > 0)
        {
            environment["RUSTFLAGS"] = string.Join(' ', flags.Rustc);
        }

        if (flags.Lto is not null)
        {
            environment[$"CARGO_PROFILE_{profileVariable}_LTO"] = flags.Lto;
        }

        // With generated bindings the crate is built with `cargo rustc`, whose trailing arguments reach the component's
        // crate only: the bindings rlib is handed to it with --extern (see BindingsCrate).
        var bindings = world is null ? null : BindingsCrate.Plan(request, world, target, OptLevel(manifest, cargoProfile), flags.Rustc, Toolchain, forBinary: binary is not null);
        string[] crateSelection = binary is null ? ["--lib"] : ["--bin", binary];
        List<string> argv = bindings is null
            ? ["cargo", "build", "--manifest-path", PlanSupport.Join(paths.Component, "Cargo.toml"), .. binary is null ? [] : crateSelection, "--target", target]
            : ["cargo", "rustc", "--manifest-path", PlanSupport.Join(paths.Component, "Cargo.toml"), .. crateSelection, "--target", target];
        if (customProfile)
        {
            argv.AddRange(["--profile", cargoProfile]);
        }
        else if (profile.Optimize)
        {
            argv.Add("--release");
        }

        argv.Add("--offline");
        if (crates is not null)
        {
            argv.AddRange(OfflineCrates.SourceReplacement(request.Bundle.Paths.GetValueOrDefault(OfflineCrates.RegistryFileKey) ?? OfflineCrates.DefaultRegistry));
        }

        var lockFile = CargoLock.Plan(request, manifest, environment);
        argv.AddRange(lockFile.Arguments);
        if (bindings is not null)
        {
            argv.AddRange(["--", "--extern", bindings.Extern]);
        }

        var compile = new PlanStep("compile (cargo)", Toolchain, argv, paths.Component)
        {
            Environment = environment,
            Mounts = [new PlanMount(MountKind.Cache, "cargo-home", CargoHome, ReadOnly: false)],
            Inputs =
            [
                PlanSupport.Join(paths.Component, "Cargo.toml"),
                lockFile.WorkspacePath,
                PlanSupport.Join(paths.Component, "src/**"),
                PlanSupport.Join(paths.Component, "build.rs"),
            ],
            Outputs = [coreModule],
        };

        if (binary is not null && manifest?.Wasmc?.Wizer is { } wizerSettings)
        {
            throw ManifestFields.Error(wizerSettings.Position,
                $"'{WasmcMetadata.Section}.wizer' pre-initialises a library crate; the crate builds the binary '{binary}' (fn main), whose start-up wasmc does not snapshot");
        }

        var wizer = WizerStep.Plan(request, manifest, coreModule);
        // A binary's fn main runs through the command adapter's wasi:cli/run export (see CommandEmbed).
        var embedWit = binary is not null && world is not null ? CommandEmbed.For(request, world, binary) : EmbedWits.For(request);
        IReadOnlyList<PlanStep> steps =
        [
            compile,
            .. wizer is null ? [] : new[] { wizer.Value.Step },
            .. PlanSupport.EmbedAndNew(request, wizer?.Output ?? coreModule, Toolchain, embedWit, binary is null ? "reactor" : "command"),
        ];
        return new BuildPlan(bindings is null ? steps : [bindings.Compile, .. steps], [PlanSupport.ComponentArtifact(request)])
        {
            SupportFiles =
            [
                .. bindings is null ? [] : new[] { bindings.Source },
                .. lockFile.Existing is null ? [] : new[] { lockFile.Existing },
                .. wizer is null ? [] : new[] { wizer.Value.Script },
                .. embedWit.Staged is null ? [] : new[] { embedWit.Staged },
            ],
            // cargo's dep-info names every source file rustc read, path dependencies outside the component folder included.
            DependencyFiles = [$"{targetDirectory}/{target}/{profileFolder}/{crateFile}.d"],
            WriteBacks = [new PlanWriteBack(lockFile.ScratchPath, lockFile.WorkspacePath)],
        };
    }

    /// <summary>The opt-level cargo uses for <paramref name="cargoProfile"/>: the crate's own setting (following <c>inherits</c>) or cargo's default.</summary>
    private static string OptLevel(CargoManifest? manifest, string cargoProfile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var name = cargoProfile; name is not null && seen.Add(name);)
        {
            if (manifest?.Profiles.GetValueOrDefault(name) is { } declared)
            {
                if (declared.OptLevel is { } level)
                {
                    return level;
                }

                name = declared.Inherits ?? (name == "dev" || name == "release" ? null : "dev");
                continue;
            }

            break;
        }

        var root = seen.LastOrDefault() ?? cargoProfile;
        return root == "release" || seen.Contains("release") ? "3" : "0";
    }

    /// <summary>The component's Cargo.toml, when the component folder is known and has one.</summary>
    private static CargoManifest? Manifest(BuildRequest request)
    {
        var path = request.Folder is null ? null : Path.Combine(request.Folder.Path, "Cargo.toml");
        return path is not null && File.Exists(path) ? CargoManifest.Load(path) : null;
    }
}
