using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Shared;

/// <summary>
/// The WIT, names and test shared by every built-in <c>command</c> template: a package <c>local:NAME@0.1.0</c>
/// whose world exports <c>wasi:cli/run@0.2.12</c> (shipped with wasmc, so <c>wit/deps</c> stays empty) and a
/// program that prints one greeting line. WASI 0.2 only: the toolchains of the bundles build no WASI 0.3 command.
/// </summary>
internal sealed class CommandTemplate
{
    public const string TemplateId = "command";
    public const string WitFolder = "wit";
    public const string WasiVersion = "0.2.12";
    public const string RunInterface = "wasi:cli/run@" + WasiVersion;

    public CommandTemplate(ScaffoldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ComponentNames.Validate(request.ComponentName);
        if (request.Wasi != WasiLevel.Preview2)
        {
            throw new WasmcPluginException(
                $"template '{TemplateId}' exports {RunInterface}, a WASI preview2 interface: it is offered for --wasi preview2 only");
        }

        Name = request.ComponentName;
        World = ComponentNames.World(Name, "run");
    }

    public static ComponentTemplate Descriptor { get; } =
        new(TemplateId, $"A command component (exports {RunInterface}, WASI preview2) that prints a greeting, with a test");

    public string Name { get; }

    public string World { get; }

    public string Package => $"local:{Name}@0.1.0";

    /// <summary>The line the program prints (without the newline); the test file expects exactly this.</summary>
    public string Greeting => $"Hello from {Name}!";

    /// <summary>The WIT: a world that only exports wasi:cli/run (each language prints through its own standard library).</summary>
    public ScaffoldFile Wit() => new(
        $"{WitFolder}/{Name}.wit",
        $$"""
        package {{Package}};

        /// The {{Name}} command: `wasmc run` and `[[run]]` tests call its wasi:cli/run export.
        /// wasi:* packages ship with wasmc; wit/deps is only needed for other packages.
        world {{World}} {
            export {{RunInterface}};
        }

        """);

    public ScaffoldFile Tests() => new(
        $"tests/{Name}.test.toml",
        $$"""
        # Test cases run by `wasmc test`: a [[run]] runs the command (its wasi:cli/run export) and checks what it
        # printed and its exit code (0: run returned ok).
        component = "{{Name}}"

        [[run]]
        name = "prints a greeting"
        expect-stdout = "{{Greeting}}\n"
        expect-exit = 0

        """);

    public ScaffoldResult Result(params ScaffoldFile[] languageFiles) =>
        new([Wit(), .. languageFiles, Tests()], World, WitFolder);
}
