using Wasmc.Bindings;
using Wasmc.Plugins.Rust.Bindings;

namespace Wasmc.Plugins.Tests.Bindings;

/// <summary>The generated crate as users read it (the fixed runtime module left out): names, types and glue per WIT kind.</summary>
public sealed class RustBindingsGeneratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Generate(string wit, string world, string crate = "shapes_bindings")
    {
        _folder.Write("wit/world.wit", wit);
        var source = RustBindingsGenerator.Generate(BindingsWorld.Load(Path.Combine(_folder.Path, "wit"), world), crate);
        // The runtime module (rt.rs, indented) is the same in every crate: cut it out up to its closing brace at column 0.
        var start = source.IndexOf("pub mod _rt {\n", StringComparison.Ordinal) + "pub mod _rt {\n".Length;
        var end = source.IndexOf("\n}\n", start, StringComparison.Ordinal);
        source[start..end].ShouldContain("pub unsafe fn cabi_realloc");
        return source[..start] + "    // (rt.rs)" + source[end..];
    }

    [Fact]
    public void Every_kind_of_export_and_import_is_spelt_as_wit_bindgen_users_expect()
    {
        var source = Generate("""
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
                    default-pen: static func() -> pen;
                }
                clear: func(title: name, shapes: list<shape>, tag: option<string>) -> tuple<u32, char>;
                stamp: func(p: borrow<pen>) -> u64;
            }

            world shapes {
                import canvas;
                import log: func(message: string);
                export types;
                export canvas;
                export render: func(scale: f32) -> list<u8>;
            }
            """, "shapes");

        Snapshot.Verify("rust-bindings-shapes.rs", source);
        // Spot checks that do not depend on formatting:
        source.ShouldContain("pub mod exports");
        source.ShouldContain("pub trait GuestPen: 'static");
        source.ShouldContain("fn draw(&self, s: Shape) -> ::core::result::Result<u32, ::std::string::String>;");
        source.ShouldContain("pub fn clear(title: &str, shapes: &[Shape], tag: ::core::option::Option<&str>) -> (u32, char)");
        // An interface both imported and exported: each side's `use` refers to its own side's types.
        source.ShouldContain("pub type Shape = crate::example::shapes::types::Shape;");
        source.ShouldContain("pub type Shape = crate::exports::example::shapes::types::Shape;");
        source.ShouldContain("fn stamp(p: PenBorrow<'_>) -> u64;");
        source.ShouldContain("pub fn stamp(p: &Pen) -> u64");
        source.ShouldContain("#[unsafe(export_name = \"example:shapes/canvas@1.0.0#[method]pen.draw\")]");
        source.ShouldContain("#[unsafe(export_name = \"cabi_post_render\")]");
        source.ShouldContain("#[unsafe(export_name = \"example:shapes/canvas@1.0.0#[dtor]pen\")]");
        source.ShouldContain("macro_rules! export");
    }

    [Fact]
    public void Borrows_inside_an_imports_list_are_references_the_caller_lends()
    {
        var source = Generate("""
            package example:poll@1.0.0;

            interface poll {
                resource pollable;
                poll: func(in: list<borrow<pollable>>) -> list<u32>;
            }

            world poller {
                import poll;
            }
            """, "poller");

        source.ShouldContain("pub fn poll(r#in: &[&Pollable]) -> ::std::vec::Vec<u32>");
    }
}
