using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp.Bindings;

namespace Wasmc.Plugins.Tests.Bindings;

/// <summary>The generated C header and glue as users read them: wit-bindgen's C names per WIT kind.</summary>
public sealed class CBindingsGeneratorTests : IDisposable
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
            resource pen {
                constructor(width: u32);
                move-to: func(p: point);
                draw: func(s: shape) -> result<u32, string>;
            }
            clear: func(title: name, shapes: list<shape>, tag: option<string>) -> tuple<u32, char>;
            stamp: func(p: borrow<pen>) -> u64;
        }

        world shapes {
            use types.{point, shape, unit, name};
            import canvas;
            import log: func(message: string);
            export types;
            export render: func(scale: f32, s: shape, unit: unit) -> list<u8>;
            export check: func(p: point) -> result<_, string>;
            export find: func(n: name) -> option<point>;
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private CBindings Generate(string wit, string world)
    {
        _folder.Write("wit/world.wit", wit);
        return CBindingsGenerator.Generate(BindingsWorld.Load(Path.Combine(_folder.Path, "wit"), world));
    }

    [Fact]
    public void Every_kind_of_export_and_import_is_spelt_as_wit_bindgen_c_users_expect()
    {
        var bindings = Generate(ShapesWit, "shapes");

        bindings.BaseName.ShouldBe("shapes");
        Snapshot.Verify("c-bindings-shapes.h", bindings.Header);
        Snapshot.Verify("c-bindings-shapes.c", bindings.Source);
        var header = bindings.Header;
        // The world's own `use` refers to the imported interface; the exported one has its own types.
        header.ShouldContain("typedef struct shapes_string_t {");
        header.ShouldContain("typedef struct exports_example_shapes_types_point_t {");
        header.ShouldContain("#define EXPORTS_EXAMPLE_SHAPES_TYPES_SHAPE_POLYGON 1");
        header.ShouldContain("#define EXPORTS_EXAMPLE_SHAPES_TYPES_STYLE_DASHED (((exports_example_shapes_types_style_t)1) << 1)");
        header.ShouldContain("typedef example_shapes_types_shape_t example_shapes_canvas_shape_t;");
        header.ShouldContain("example_shapes_canvas_own_pen_t example_shapes_canvas_constructor_pen(uint32_t width);");
        header.ShouldContain("bool example_shapes_canvas_method_pen_draw(example_shapes_canvas_borrow_pen_t self, example_shapes_canvas_shape_t *s, uint32_t *ret, shapes_string_t *err);");
        header.ShouldContain("void example_shapes_canvas_clear(example_shapes_canvas_name_t *title, shapes_list_shape_t *shapes, shapes_option_string_t *tag, shapes_tuple2_u32_char_t *ret);");
        header.ShouldContain("void example_shapes_canvas_pen_drop_own(example_shapes_canvas_own_pen_t handle);");
        header.ShouldContain("void shapes_log(shapes_string_t *message);");
        header.ShouldContain("void exports_shapes_render(float scale, shapes_shape_t *s, shapes_unit_t unit, shapes_list_u8_t *ret);");
        header.ShouldContain("bool exports_shapes_check(shapes_point_t *p, shapes_string_t *err);");
        header.ShouldContain("bool exports_shapes_find(shapes_name_t *n, shapes_point_t *ret);");
        header.ShouldContain("void shapes_list_u8_free(shapes_list_u8_t *ptr);");
        var source = bindings.Source;
        source.ShouldContain("__attribute__((__export_name__(\"render\")))");
        source.ShouldContain("__attribute__((__export_name__(\"cabi_post_render\")))");
        source.ShouldContain("__attribute__((__import_module__(\"example:shapes/canvas@1.0.0\"), __import_name__(\"[method]pen.draw\")))");
        source.ShouldContain("__attribute__((__import_module__(\"example:shapes/canvas@1.0.0\"), __import_name__(\"[resource-drop]pen\")))");
        source.ShouldContain("__attribute__((__import_module__(\"$root\"), __import_name__(\"log\")))");
        bindings.CppHeader.ShouldContain("inline std::string_view view(const shapes_string_t &s)");
    }

    [Fact]
    public void An_exported_resource_is_refused_with_its_wit_location()
    {
        var error = Should.Throw<WasmcPluginException>(() => Generate("""
            package example:r@1.0.0;

            interface things {
                resource thing {
                    constructor();
                }
            }

            world r {
                export things;
            }
            """, "r"));

        error.Message.ShouldContain("world.wit:4:");
        error.Message.ShouldContain("resource 'thing' exported by 'example:r/things@1.0.0': wasmc's C bindings do not support this yet");
    }
}
