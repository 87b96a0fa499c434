using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Shared;

/// <summary>
/// The WIT, names and test cases shared by every built-in <c>library</c> template: a package
/// <c>local:NAME@0.1.0</c> with an interface <c>calculator</c> of scalar functions, exported by a world named
/// after the component. Scalar-only signatures let the Rust, C and Go sources export the canonical ABI names
/// by hand until wasmc generates guest bindings.
/// </summary>
internal sealed class CalculatorTemplate
{
    public const string TemplateId = "library";
    public const string InterfaceName = "calculator";
    public const string WitFolder = "wit";

    public CalculatorTemplate(ScaffoldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ComponentNames.Validate(request.ComponentName);
        Name = request.ComponentName;
        World = ComponentNames.World(Name, InterfaceName);
    }

    public static ComponentTemplate Descriptor { get; } =
        new(TemplateId, "A library component exporting a small 'calculator' interface, with tests");

    public string Name { get; }

    public string World { get; }

    public string Package => $"local:{Name}@0.1.0";

    /// <summary>The core-module export name of <paramref name="function"/> (<c>local:calc/calculator@0.1.0#add</c>).</summary>
    public string ExportName(string function) => $"local:{Name}/{InterfaceName}@0.1.0#{function}";

    /// <summary>The functions of the interface: name, WIT doc line, and the operator each language implements it with.</summary>
    public static IReadOnlyList<(string Name, string Doc, char Operator)> Functions { get; } =
    [
        ("add", "Returns a + b.", '+'),
        ("subtract", "Returns a - b.", '-'),
        ("multiply", "Returns a * b.", '*'),
    ];

    public ScaffoldFile Wit() => new(
        $"{WitFolder}/{Name}.wit",
        $$"""
        package {{Package}};

        /// Arithmetic on 64-bit floats.
        interface {{InterfaceName}} {
        {{string.Join("\n", Functions.Select(f => $"    /// {f.Doc}\n    {f.Name}: func(a: f64, b: f64) -> f64;"))}}
        }

        /// The {{Name}} component: it exports the calculator.
        world {{World}} {
            export {{InterfaceName}};
        }

        """);

    public ScaffoldFile Tests() => new(
        $"tests/{Name}.test.toml",
        $$"""
        # Test cases run by `wasmc test`: each case calls an export of the component with WAVE-encoded
        # arguments and compares the result with `expect` (also WAVE).
        component = "{{Name}}"
        interface = "local:{{Name}}/{{InterfaceName}}@0.1.0"

        [[case]]
        name = "adds"
        call = "add(1.0, 2.0)"
        expect = "3.0"

        [[case]]
        name = "subtracts"
        call = "subtract(5.5, 2.0)"
        expect = "3.5"

        [[case]]
        name = "multiplies"
        call = "multiply(-2.0, 4.0)"
        expect = "-8.0"

        """);

    public ScaffoldResult Result(params ScaffoldFile[] languageFiles) =>
        new([Wit(), .. languageFiles, Tests()], World, WitFolder);

    /// <summary>Throws for template ids this plugin does not offer.</summary>
    public static void RequireKnownTemplate(ScaffoldRequest request, IReadOnlyList<ComponentTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!templates.Any(t => t.Id == request.TemplateId))
        {
            throw new WasmcPluginException(
                $"unknown template '{request.TemplateId}'; available: {string.Join(", ", templates.Select(t => t.Id))}");
        }
    }
}
