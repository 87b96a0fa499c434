namespace Wasmc.Wit.Tests;

public sealed class WitPrinterTests
{
    private const string Source = """
        /// The package.
        package my:pkg@1.2.0;

        /// Types.
        @since(version = 1.0.0)
        interface types {
          use other:dep/base@0.1.0.{handle as base-handle, error};

          /// A record.
          record %record {
            /// The field.
            %type: list<u8, 4>,
            m: map<string, option<u32>>,
          }

          @since(version = 1.1.0)
          @deprecated(version = 1.2.0)
          enum color { red, green }

          flags perms { read, write }

          variant shape { none, circle(f64), pair(tuple<s8, s16>) }

          resource blob {
            /// Makes one.
            constructor(init: list<u8>);
            write: async func(bytes: borrow<blob>) -> result<_, error>;
            merge: static async func(a: blob, b: blob) -> blob;
          }

          type owned = own<blob>;
          type fut = future<stream<u8>>;
          type bare = stream;

          get: func(h: borrow<base-handle>) -> result<%record, error>;
          wait: async func();
        }

        world app {
          use types.{color};
          import log: func(msg: string, c: color);
          export run: interface {
            go: func() -> option<u64>;
          }
          export types;
        }

        package other:dep@0.1.0 {
          interface base {
            resource handle;
            type error = error-context;
          }
        }
        """;

    [Fact]
    public void Prints_a_package_and_its_nested_dependencies_in_the_normalised_layout()
    {
        var loaded = WitLoader.LoadText(Source, "sample.wit");
        var dependency = loaded.Resolve.Packages.Single(p => p.Id != loaded.PackageId).Id;

        var text = WitPrinter.Print(loaded.Resolve, loaded.PackageId, [dependency]);

        text.ReplaceLineEndings("\n").ShouldBe("""
            /// The package.
            package my:pkg@1.2.0;

            /// Types.
            @since(version = 1.0.0)
            interface types {
              use other:dep/base@0.1.0.{handle as base-handle, error};

              /// A record.
              record %record {
                /// The field.
                %type: list<u8, 4>,
                m: map<string, option<u32>>,
              }

              @since(version = 1.1.0)
              @deprecated(version = 1.2.0)
              enum color {
                red,
                green,
              }

              flags perms {
                read,
                write,
              }

              variant shape {
                none,
                circle(f64),
                pair(tuple<s8, s16>),
              }

              resource blob {
                /// Makes one.
                constructor(init: list<u8>);
                write: async func(bytes: borrow<blob>) -> result<_, error>;
                merge: static async func(a: blob, b: blob) -> blob;
              }

              type owned = own<blob>;

              type fut = future<stream<u8>>;

              type bare = stream;

              get: func(h: borrow<base-handle>) -> result<%record, error>;

              wait: async func();
            }

            world app {
              import other:dep/base@0.1.0;
              import types;
              import log: func(msg: string, c: color);
              use types.{color};

              export run: interface {
                go: func() -> option<u64>;
              }
              export types;
            }

            package other:dep@0.1.0 {
              interface base {
                resource handle;

                type error = error-context;
              }
            }

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Print_without_nested_packages_refers_to_dependencies_by_name()
    {
        var loaded = WitLoader.LoadText(Source, "sample.wit");

        var text = WitPrinter.Print(loaded.Resolve, loaded.PackageId);

        text.ShouldNotContain("package other:dep");
        text.ShouldContain("  use other:dep/base@0.1.0.{handle as base-handle, error};\n");
        text.ShouldNotContain("interface-");
    }

    [Fact]
    public void PrintAll_reads_back_with_the_same_main_package()
    {
        var loaded = WitLoader.LoadText(Source, "sample.wit");

        var again = WitLoader.LoadText(WitPrinter.PrintAll(loaded.Resolve, loaded.PackageId), "printed.wit");

        again.Package.Name.ToString().ShouldBe("my:pkg@1.2.0");
        ResolveShape.Describe(again.Resolve).ShouldBe(ResolveShape.Describe(loaded.Resolve));
    }
}
