using System.Text.Json;
using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Go.Bindings;

namespace Wasmc.Plugins.Tests.Bindings;

/// <summary>The generated Go packages as users read them, and how they enter the plan (an overlay into the user's module).</summary>
public sealed class GoBindingsTests : IDisposable
{
    private const string ShapesWit = """
        package example:shapes@1.0.0;

        interface types {
            /// A point.
            record point { x: f64, y: f64 }
            variant shape { circle(f64), polygon(list<point>), empty }
            enum unit { mm, cm }
            flags style { bold, dashed }
            type name = string;
        }

        interface canvas {
            use types.{point, shape, name};
            clear: func(title: name, shapes: list<shape>, tag: option<string>) -> tuple<u32, char>;
            measure: func(s: shape) -> result<f64, string>;
        }

        world shapes {
            import canvas;
            import log: func(message: string);
            export types;
            export render: func(scale: f32, style: style) -> list<u8>;
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string> Generate(string wit, string world)
    {
        _folder.Write("wit/world.wit", wit);
        return GoBindingsGenerator.Generate(BindingsWorld.Load(Path.Combine(_folder.Path, "wit"), world), "shapes")
            .ToDictionary(f => f.RelativePath, f => f.Content);
    }

    [Fact]
    public void Every_kind_is_a_package_per_interface_with_upstream_go_names()
    {
        var files = Generate(ShapesWit, "shapes");

        files.Keys.ShouldBe(
            ["gen/cm/cm.go", "gen/internal/abi/abi.go", "gen/example/shapes/types/types.wit.go", "gen/example/shapes/canvas/canvas.wit.go", "gen/example/shapes/shapes/shapes.wit.go"],
            ignoreOrder: true);
        files["gen/cm/cm.go"].ShouldContain("type List[T any] struct");
        files["gen/cm/cm.go"].ShouldContain("func Some[T any](value T) Option[T]");
        files["gen/cm/cm.go"].ShouldContain("type Tuple[T0, T1 any] struct {\n\tF0 T0\n\tF1 T1\n}");
        files["gen/internal/abi/abi.go"].ShouldContain("//go:wasmexport cabi_realloc\n");

        var types = files["gen/example/shapes/types/types.wit.go"];
        types.ShouldContain("package types\n");
        types.ShouldContain("// A point.\ntype Point struct {\n\tX float64\n\tY float64\n}");
        types.ShouldContain("type Shape struct {\n\ttag     uint8\n\tpayload any\n}");
        types.ShouldContain("func ShapeCircle(data float64) Shape { return Shape{tag: 0, payload: data} }");
        types.ShouldContain("func (v Shape) Polygon() *cm.List[Point] {");
        types.ShouldContain("func (v Shape) Empty() bool { return v.tag == 2 }");
        types.ShouldContain("type Unit uint8\n\nconst (\n\tUnitMm Unit = iota\n\tUnitCm\n)");
        types.ShouldContain("type Style uint8\n\nconst (\n\tStyleBold Style = 1 << iota\n\tStyleDashed\n)");
        types.ShouldContain("type Name = string");
        // Types only: an exported interface without functions has no Exports.
        types.ShouldNotContain("var Exports");

        var canvas = files["gen/example/shapes/canvas/canvas.wit.go"];
        canvas.ShouldContain("\texample_shapes_types \"shapes/gen/example/shapes/types\"\n");
        canvas.ShouldContain("type Shape = example_shapes_types.Shape");
        // Four flat parameters and a tuple result in memory: the caller passes a return area.
        canvas.ShouldContain("//go:wasmimport example:shapes/canvas@1.0.0 clear\nfunc wasmimportClear(p0 int32, p1 int32, p2 int32, p3 int32, p4 int32, p5 int32, p6 int32)");
        canvas.ShouldContain("func Clear(title Name, shapes cm.List[Shape], tag cm.Option[string]) cm.Tuple[uint32, rune] {");
        canvas.ShouldContain("func Measure(s Shape) cm.Result[float64, string] {");
        canvas.ShouldContain("\tmark := abi.Mark()\n");
        canvas.ShouldContain("\tabi.Release(mark)\n\treturn result\n");
        // The joined variant slots: circle's f64 and polygon's pointer share an i64 slot.
        canvas.ShouldContain("func wasmimportMeasure(p0 int32, p1 int64, p2 int32, p3 int32)");

        var world = files["gen/example/shapes/shapes/shapes.wit.go"];
        world.ShouldContain("//go:wasmimport $root log\nfunc wasmimportLog(p0 int32, p1 int32)");
        world.ShouldContain("func Log(message string) {");
        world.ShouldContain("var Exports struct {\n\tRender func(scale float32, style example_shapes_types.Style) cm.List[uint8]\n}");
        world.ShouldContain("//go:wasmexport render\nfunc wasmexportRender(p0 float32, p1 int32) int32 {");
        world.ShouldContain("panic(\"shapes.Exports.Render is not set: assign it in an init function\")");
        world.ShouldContain("\tabi.Reset()\n\tresult := Exports.Render(scale, style)\n\tret := abi.Alloc(8, 4)\n");
        world.ShouldContain("//go:wasmexport cabi_post_render\nfunc wasmexportRenderPostReturn(int32) {\n\tabi.Reset()\n}");
    }

    [Fact]
    public void Resources_are_a_located_error_naming_what_is_not_supported_yet()
    {
        var error = Should.Throw<WasmcPluginException>(() => Generate("""
            package example:r@1.0.0;

            interface things {
                resource thing {
                    get: func() -> u32;
                }
            }

            world r {
                export things;
            }
            """, "r"));

        error.Message.ShouldContain("world.wit:5:9: resource in function 'example:r/things@1.0.0.[method]thing.get'");
        error.Message.ShouldContain("wasmc's Go bindings do not support this yet");
    }

    [Fact]
    public void The_plan_overlays_the_generated_packages_into_the_users_module()
    {
        _folder.Write("go.mod", "module example.com/calc // the component\n\ngo 1.24\n");
        _folder.Write("wit/calc.wit", """
            package local:calc@0.1.0;

            interface calculator {
                add: func(a: f64, b: f64) -> f64;
            }

            world calc {
                export calculator;
            }
            """);

        var plan = new GoPlugin().PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release) with { Folder = _folder.Folder });

        var build = plan.Steps[0];
        build.Argv.ShouldContain("-overlay=/scratch/calc/wasmc/go-bindings/overlay.json");
        var overlay = plan.SupportFiles.Single(f => f.ContainerPath.EndsWith("overlay.json", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(overlay.Contents);
        var replace = json.RootElement.GetProperty("Replace");
        replace.GetProperty("/src/components/calc/gen/local/calc/calculator/calculator.wit.go").GetString()
            .ShouldBe("/scratch/calc/wasmc/go-bindings/gen/local/calc/calculator/calculator.wit.go");
        replace.EnumerateObject().Count().ShouldBe(3);
        var calculator = plan.SupportFiles.Single(f => f.ContainerPath.EndsWith("calculator.wit.go", StringComparison.Ordinal));
        calculator.Contents.ShouldContain("\tabi \"example.com/calc/gen/internal/abi\"\n");
        calculator.Contents.ShouldContain("//go:wasmexport local:calc/calculator@0.1.0#add\nfunc wasmexportAdd(p0 float64, p1 float64) float64 {");
        build.Inputs.ShouldContain(overlay.ContainerPath);
    }

    [Fact]
    public void A_go_mod_without_a_module_line_is_a_located_error()
    {
        _folder.Write("go.mod", "go 1.24\n");
        _folder.Write("wit/calc.wit", "package local:calc@0.1.0;\n\nworld calc {\n    export add: func(a: f64) -> f64;\n}\n");

        var error = Should.Throw<WasmcPluginException>(() => new GoPlugin().PlanBuild(PlanFixtures.Request("go", PlanFixtures.Release) with { Folder = _folder.Folder }));

        error.Message.ShouldContain("go.mod:1:1: no `module` line");
    }
}
