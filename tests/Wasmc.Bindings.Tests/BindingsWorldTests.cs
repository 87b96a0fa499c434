using Wasmc.Wit;

namespace Wasmc.Bindings.Tests;

/// <summary>The language-neutral core every generator prints: the walk, core names, layouts, names, what is unsupported.</summary>
public sealed class BindingsWorldTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmc-bindings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private BindingsWorld Load(string wit, string world)
    {
        File.WriteAllText(Path.Combine(_folder, "world.wit"), wit);
        return BindingsWorld.Load(_folder, world);
    }

    [Fact]
    public void Imports_come_before_exports_with_their_core_names_and_module_paths()
    {
        var world = Load("""
            package calculator:math@1.0.0;

            interface logging { log: func(message: string); }

            interface calculator {
                divide: func(a: f64, b: f64) -> result<f64, string>;
                add: func(a: f64, b: f64) -> f64;
            }

            world calc {
                import logging;
                import now: func() -> u64;
                export calculator;
                export version: func() -> string;
            }
            """, "calc");

        world.Interfaces.Select(i => i.ToString()).ShouldBe(["import calculator:math/logging@1.0.0", "export calculator:math/calculator@1.0.0"]);
        world.Interfaces[1].ModulePath.ShouldBe(["calculator", "math", "calculator"]);
        var divide = world.Interfaces[1].Functions[0];
        divide.CoreName.ShouldBe("calculator:math/calculator@1.0.0#divide");
        divide.PostReturnName.ShouldBe("cabi_post_calculator:math/calculator@1.0.0#divide");
        divide.Layout.ResultsInMemory.ShouldBeTrue();
        divide.Layout.ReturnArea!.Size.ShouldBe(16); // u8 discriminant, payload at 8: the f64, or a string's pointer and length
        world.Interfaces[1].Functions[1].PostReturnName.ShouldBeNull();
        var log = world.Interfaces[0].Functions.ShouldHaveSingleItem();
        (log.CoreModule, log.CoreName).ShouldBe(("calculator:math/logging@1.0.0", "log"));
        world.WorldFunctions.Select(f => (f.Direction, f.CoreModule, f.CoreName))
            .ShouldBe([(BindingDirection.Import, "$root", "now"), (BindingDirection.Export, null, "version")]);
        world.HasExports.ShouldBeTrue();
    }

    [Fact]
    public void Two_versions_of_one_package_get_a_version_segment()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "deps", "a"));
        Directory.CreateDirectory(Path.Combine(_folder, "deps", "b"));
        File.WriteAllText(Path.Combine(_folder, "deps", "a", "io.wit"), "package wasi:io@0.2.0;\ninterface error { resource error; }\n");
        File.WriteAllText(Path.Combine(_folder, "deps", "b", "io.wit"), "package wasi:io@0.2.12;\ninterface error { resource error; }\n");

        var world = Load("""
            package local:app@0.1.0;

            world app {
                import wasi:io/error@0.2.0;
                import wasi:io/error@0.2.12;
            }
            """, "app");

        world.Interfaces.Select(i => string.Join("/", i.ModulePath)).ShouldBe(["wasi/io/v0-2-0/error", "wasi/io/v0-2-12/error"]);
    }

    [Fact]
    public void An_interface_imported_and_exported_is_seen_from_each_side()
    {
        var world = Load("""
            package local:app@0.1.0;

            interface types { record point { x: u32 } }

            world app {
                import types;
                export types;
            }
            """, "app");
        var point = world.Interfaces[0].Types.Single();

        world.DeclaringInterface(point, BindingDirection.Import)!.Direction.ShouldBe(BindingDirection.Import);
        world.DeclaringInterface(point, BindingDirection.Export)!.Direction.ShouldBe(BindingDirection.Export);
    }

    [Fact]
    public void What_the_core_cannot_bind_is_listed_with_its_wit_location()
    {
        var world = Load("""
            package local:app@0.1.0;

            interface api {
                resource pollable;
                numbers: func() -> stream<u32>;
                wait: async func();
                poll: func(in: list<borrow<pollable>>) -> list<u32>;
            }

            world app {
                import api;
                export api;
            }
            """, "app");

        var problems = world.FindUnsupported().Select(p => p.ToString()).ToList();

        // Imports may lend borrows inside a list (wasi:io's poll); exports cannot receive them yet.
        problems.Count.ShouldBe(5);
        problems.ShouldContain(p => p.EndsWith("world.wit:5:5: stream in function 'local:app/api@0.1.0.numbers'", StringComparison.Ordinal));
        problems.ShouldContain(p => p.EndsWith("async function 'local:app/api@0.1.0.wait'", StringComparison.Ordinal));
        problems.Count(p => p.Contains("borrow<...> inside another type", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void Layouts_and_type_facts()
    {
        AbiLayouts.Flags(3).ShouldBe(new FlagsLayout(3, 1, 1, 1));
        AbiLayouts.Flags(12).ShouldBe(new FlagsLayout(12, 2, 2, 1));
        AbiLayouts.Flags(32).ShouldBe(new FlagsLayout(32, 4, 4, 1));
        AbiLayouts.Flags(40).ShouldBe(new FlagsLayout(40, 8, 4, 2));
        AbiLayouts.Flags(40).IntegerBits.ShouldBe(64);

        var world = Load("""
            package local:app@0.1.0;

            interface api {
                record person { name: string, age: u8, score: f32 }
                variant v { a(u8), b(string), c(f64), d }
                f: func(p: person, v: v);
            }

            world app { export api; }
            """, "app");
        var types = world.Interfaces[0].Types;
        var person = types[0];
        AbiLayouts.Record(((RecordKind)person.Kind).Fields.Select(f => f.Type).ToList()).ShouldBe(new RecordLayout([0, 8, 12], 16, 4, 4), new RecordLayoutComparer());
        world.Info(person).ShouldBe(new TypeInfo(HasList: true, HasOwnHandle: false, HasBorrowHandle: false, HasFloat: true));
        var variant = AbiLayouts.Variant(types[1]);
        (variant.DiscriminantSize, variant.PayloadOffset, variant.Size, variant.FlatCount).ShouldBe((1, 8, 16, 3));
        variant.CaseFlatCounts.ShouldBe([1, 2, 1, 0]);
    }

    [Theory]
    [InlineData("get-HTTP-version", "get_http_version", "GetHttpVersion", "GET_HTTP_VERSION", "getHttpVersion")]
    [InlineData("%type", "type", "Type", "TYPE", "type")]
    [InlineData("a1-b2", "a1_b2", "A1B2", "A1_B2", "a1B2")]
    public void Wit_names_in_every_casing(string wit, string snake, string upper, string screaming, string lower)
    {
        Identifiers.Snake(wit).ShouldBe(snake);
        Identifiers.UpperCamel(wit).ShouldBe(upper);
        Identifiers.ScreamingSnake(wit).ShouldBe(screaming);
        Identifiers.LowerCamel(wit).ShouldBe(lower);
        Identifiers.Escape("type", new HashSet<string> { "type" }, k => k + "_").ShouldBe("type_");
    }

    private sealed class RecordLayoutComparer : IEqualityComparer<RecordLayout>
    {
        public bool Equals(RecordLayout? x, RecordLayout? y) =>
            x is not null && y is not null && x.Offsets.SequenceEqual(y.Offsets) && (x.Size, x.Alignment, x.FlatCount) == (y.Size, y.Alignment, y.FlatCount);

        public int GetHashCode(RecordLayout obj) => obj.Size;
    }
}
