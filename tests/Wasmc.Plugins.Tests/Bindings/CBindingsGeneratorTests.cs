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
    public void An_exported_resource_is_a_user_defined_struct_with_handles_builtins_and_a_destructor()
    {
        var bindings = Generate("""
            package example:r@1.0.0;

            interface things {
                resource thing {
                    constructor(start: s32);
                    get: func() -> s32;
                    merge: static func(a: borrow<thing>, b: borrow<thing>) -> thing;
                }
            }

            world r {
                export things;
            }
            """, "r");

        var header = bindings.Header;
        header.ShouldContain("typedef struct exports_example_r_things_thing_t exports_example_r_things_thing_t;");
        header.ShouldContain("typedef exports_example_r_things_thing_t *exports_example_r_things_borrow_thing_t;");
        header.ShouldContain("exports_example_r_things_own_thing_t exports_example_r_things_thing_new(exports_example_r_things_thing_t *rep);");
        header.ShouldContain("void exports_example_r_things_thing_destructor(exports_example_r_things_thing_t *rep);");
        header.ShouldContain("exports_example_r_things_own_thing_t exports_example_r_things_constructor_thing(int32_t start);");
        header.ShouldContain("int32_t exports_example_r_things_method_thing_get(exports_example_r_things_borrow_thing_t self);");
        header.ShouldContain("exports_example_r_things_own_thing_t exports_example_r_things_static_thing_merge(exports_example_r_things_borrow_thing_t a, exports_example_r_things_borrow_thing_t b);");
        var source = bindings.Source;
        source.ShouldContain("__attribute__((__export_name__(\"example:r/things@1.0.0#[dtor]thing\")))");
        source.ShouldContain("__attribute__((__import_module__(\"[export]example:r/things@1.0.0\"), __import_name__(\"[resource-new]thing\")))");
        source.ShouldContain("__attribute__((__export_name__(\"example:r/things@1.0.0#[method]thing.get\")))");
        // A borrowed own resource arrives as its representation.
        source.ShouldContain("p0 = (__typeof__(p0))(uintptr_t)(arg0);");
    }

    [Fact]
    public void What_the_bindings_cannot_express_is_refused_with_its_wit_location()
    {
        var error = Should.Throw<WasmcPluginException>(() => Generate("""
            package example:s@1.0.0;

            interface io {
                pump: func(s: stream<u8>);
            }

            world s {
                export io;
            }
            """, "s"));

        error.Message.ShouldContain("world.wit:4:");
        error.Message.ShouldContain("stream in function 'example:s/io@1.0.0.pump': wasmc's C bindings do not support this yet");
    }
}
