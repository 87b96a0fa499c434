using Wasmc.Wit.Abi;

namespace Wasmc.Wit.Tests.Abi;

public sealed class WorldAbiTests
{
    private static WorldAbiDescription Describe(string wit, string world)
    {
        var loaded = WitLoader.LoadText(wit, "test.wit");
        return WorldAbi.Describe(loaded.Resolve, WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, world));
    }

    private static IEnumerable<string> Lines(IEnumerable<CoreFunctionAbi> functions) => functions.Select(f => f.ToString());

    [Fact]
    public void Calculator_exports_match_the_toolchains()
    {
        var abi = Describe("""
            package calculator:math@1.0.0;

            interface calculator {
                add: func(a: f64, b: f64) -> f64;
                divide: func(a: f64, b: f64) -> result<f64, string>;
            }

            world calculator-world {
                export calculator;
            }
            """, "calculator-world");

        Lines(abi.Exports).ShouldBe([
            "export \"calculator:math/calculator@1.0.0#add\" (param f64 f64) (result f64)",
            "export \"calculator:math/calculator@1.0.0#divide\" (param f64 f64) (result i32)",
            "export \"cabi_post_calculator:math/calculator@1.0.0#divide\" (param i32)",
            "export \"cabi_realloc\" (param i32 i32 i32 i32) (result i32)",
        ]);
        abi.Imports.ShouldBeEmpty();
        var divide = abi.Find("calculator:math/calculator@1.0.0#divide")!;
        divide.Layout!.ReturnArea.ShouldBe(new MemoryArea(16, 8));
        divide.Function!.Name.ShouldBe("divide");
        divide.InterfaceName.ShouldBe("calculator:math/calculator@1.0.0");
        abi.ReallocRequired.ShouldBeFalse();
    }

    [Fact]
    public void Imports_use_the_interface_as_module_and_root_for_world_functions()
    {
        var abi = Describe("""
            package calculator:math@1.0.0;

            interface calculator {
                add: func(a: f64, b: f64) -> f64;
                describe: func(x: f64) -> string;
            }

            world app {
                import calculator;
                import log: func(message: string);
                export run: func() -> list<u8>;
            }
            """, "app");

        Lines(abi.Imports).ShouldBe([
            "import \"calculator:math/calculator@1.0.0\" \"add\" (param f64 f64) (result f64)",
            "import \"calculator:math/calculator@1.0.0\" \"describe\" (param f64 i32)",
            "import \"$root\" \"log\" (param i32 i32)",
        ]);
        Lines(abi.Exports).ShouldContain("export \"run\" (result i32)");
        Lines(abi.Exports).ShouldContain("export \"cabi_post_run\" (param i32)");
        abi.ReallocRequired.ShouldBeTrue();
    }

    [Fact]
    public void Resources_get_their_built_ins()
    {
        var abi = Describe("""
            package demo:files@0.1.0;

            interface files {
                resource file {
                    constructor(path: string);
                    read: func(len: u32) -> list<u8>;
                    open: static func(path: string) -> file;
                }
            }

            world host {
                import files;
            }

            world guest {
                export files;
            }
            """, "host");

        Lines(abi.Imports).ShouldBe([
            "import \"demo:files/files@0.1.0\" \"[resource-drop]file\" (param i32)",
            "import \"demo:files/files@0.1.0\" \"[constructor]file\" (param i32 i32) (result i32)",
            "import \"demo:files/files@0.1.0\" \"[method]file.read\" (param i32 i32 i32)",
            "import \"demo:files/files@0.1.0\" \"[static]file.open\" (param i32 i32) (result i32)",
        ]);

        var loaded = WitLoader.LoadText("""
            package demo:files@0.1.0;

            interface files {
                resource file {
                    read: func(len: u32) -> list<u8>;
                }
            }

            world guest {
                export files;
            }
            """, "test.wit");
        var guest = WorldAbi.Describe(loaded.Resolve, WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, "guest"));
        Lines(guest.Imports).ShouldBe([
            "import \"[export]demo:files/files@0.1.0\" \"[resource-drop]file\" (param i32)",
            "import \"[export]demo:files/files@0.1.0\" \"[resource-new]file\" (param i32) (result i32)",
            "import \"[export]demo:files/files@0.1.0\" \"[resource-rep]file\" (param i32) (result i32)",
        ]);
        Lines(guest.Exports).ShouldBe([
            "export \"demo:files/files@0.1.0#[dtor]file\" (param i32)",
            "export \"demo:files/files@0.1.0#[method]file.read\" (param i32 i32) (result i32)",
            "export \"cabi_post_demo:files/files@0.1.0#[method]file.read\" (param i32)",
            "export \"cabi_realloc\" (param i32 i32 i32 i32) (result i32)",
        ]);
    }

    [Fact]
    public void Async_functions_use_the_p3_names()
    {
        var abi = Describe("""
            package demo:jobs@0.1.0;

            interface jobs {
                run: async func(name: string) -> u32;
            }

            world worker {
                import fetch: async func(url: string) -> string;
                export jobs;
            }
            """, "worker");

        Lines(abi.Imports).ShouldBe([
            "import \"$root\" \"[async-lower]fetch\" (param i32 i32 i32) (result i32)",
            "import \"[export]demo:jobs/jobs@0.1.0\" \"[task-return]run\" (param i32)",
        ]);
        Lines(abi.Exports).ShouldBe([
            "export \"[async-lift]demo:jobs/jobs@0.1.0#run\" (param i32 i32) (result i32)",
            "export \"[callback][async-lift]demo:jobs/jobs@0.1.0#run\" (param i32 i32 i32) (result i32)",
            "export \"cabi_realloc\" (param i32 i32 i32 i32) (result i32)",
        ]);
    }
}
