using System.Text;
using Tomlyn;

namespace Wasmc.Toml.Tests;

public sealed class TomlDocumentTests
{
    private static TomlException Reject(string toml) =>
        Should.Throw<TomlException>(() => TomlDocument.Parse(toml, "Cargo.toml"));

    [Fact]
    public void Keys_and_values_remember_where_they_were_written()
    {
        var document = TomlDocument.Parse("title = \"x\"\n\n[package]\n  name   = 'demo'\n", "m.toml");

        document.KeyPosition("title").ShouldBe(new TomlPosition("m.toml", 1, 1));
        document["title"].Position.ShouldBe(new TomlPosition("m.toml", 1, 9));
        var package = (TomlTable)document["package"];
        package.Position.ShouldBe(new TomlPosition("m.toml", 3, 1));
        package.KeyPosition("name").ShouldBe(new TomlPosition("m.toml", 4, 3));
        package["name"].Position.ShouldBe(new TomlPosition("m.toml", 4, 12));
        package["name"].Position.ToString().ShouldBe("m.toml:4:12");
    }

    [Fact]
    public void Dotted_keys_inline_tables_and_array_elements_are_located_part_by_part()
    {
        var document = TomlDocument.Parse("a.b.c = 1\nd = { e = [10, 'x'] }\n[[f]]\n[[f]]\ng = 2\n", "m.toml");

        var a = (TomlTable)document["a"];
        document.KeyPosition("a").ShouldBe(new TomlPosition("m.toml", 1, 1));
        a.KeyPosition("b").ShouldBe(new TomlPosition("m.toml", 1, 3));
        ((TomlTable)a["b"]).KeyPosition("c").ShouldBe(new TomlPosition("m.toml", 1, 5));
        var d = (TomlTable)document["d"];
        d.Position.ShouldBe(new TomlPosition("m.toml", 2, 5));
        var e = (TomlArray)d["e"];
        (e.Position.Column, e[0].Position.Column, e[1].Position.Column).ShouldBe((11, 12, 16));
        var f = (TomlArray)document["f"];
        f.Position.ShouldBe(new TomlPosition("m.toml", 3, 1));
        f.Select(element => element.Position.Line).ShouldBe([3, 4]);
        ((TomlTable)f[1]).KeyPosition("g").ShouldBe(new TomlPosition("m.toml", 5, 1));
    }

    [Fact]
    public void Positions_after_multi_line_strings_count_their_lines()
    {
        var document = TomlDocument.Parse("a = \"\"\"\none\ntwo\"\"\"\nb = 1\n");

        document.KeyPosition("b").Line.ShouldBe(4);
    }

    [Fact]
    public void Columns_count_code_points()
    {
        var document = TomlDocument.Parse("a = [\"😀\", 2]\n");

        ((TomlArray)document["a"])[1].Position.Column.ShouldBe(11);
    }

    [Fact]
    public void Toml_1_1_is_accepted()
    {
        var document = TomlDocument.Parse("""
            t = { a = 1,
                  b = 2,  # comments and a trailing comma in an inline table
            }
            e = "\e\x41"
            time = 07:32
            """);

        ((TomlTable)document["t"]).Keys.ShouldBe(["a", "b"]);
        ((TomlValue)document["e"]).Value.ShouldBe("\u001bA");
        ((TomlDateTime)((TomlValue)document["time"]).Value).DateTime.TimeOfDay.ShouldBe(new TimeSpan(7, 32, 0));
    }

    [Fact]
    public void Duplicate_key_names_both_places()
    {
        var error = Reject("a = 1\n\n  a = 2\n");

        error.Message.ShouldBe("Cargo.toml:3:3: duplicate key 'a' (first defined at 1:1)");
        error.Position.ShouldBe(new TomlPosition("Cargo.toml", 3, 3));
        error.Reason.ShouldBe("duplicate key 'a' (first defined at 1:1)");
    }

    [Theory]
    [InlineData("[package]\nname = \"x\"\nname = \"y\"\n", "3:1: duplicate key 'package.name' (first defined at 2:1)")]
    [InlineData("[a]\nx = 1\n[a]\n", "3:1: duplicate key 'a' (first defined at 1:1)")]
    [InlineData("a = { b = 1 }\n[a.c]\n", "2:2: duplicate key 'a' (first defined at 1:1)")]
    [InlineData("[package\nname = \"x\"\n", "1:9: expected ']', found the end of the line")]
    [InlineData("x = 1 y = 2\n", "1:7: expected the end of the line, found 'y'")]
    [InlineData("edition = twenty\n", "1:11: unexpected token 'twenty' for a value")]
    [InlineData("a = 1\nb\n", "2:2: expecting '=' after a key instead of the end of the line")]
    [InlineData("x = \"abc", "1:8: invalid End-Of-File found on string literal")]
    [InlineData("x = 9223372036854775808\n", "1:5: unable to parse integer '9223372036854775808'")]
    [InlineData("x = 2023-02-29\n", "1:5: unable to parse the date time/offset '2023-02-29'")]
    [InlineData("a = 1\n# \u0001\n", "2:3: invalid control character U+0001 in comment")]
    public void Errors_are_located_and_explained(string toml, string expected)
    {
        Reject(toml).Message.ShouldBe($"Cargo.toml:{expected}");
    }

    [Fact]
    public void Only_the_first_error_is_reported_not_the_parsers_recovery()
    {
        // Tomlyn reports four diagnostics here; the three after the first come from recovering from it.
        Reject("[package\nname = \"x\"\n").Position.ShouldBe(new TomlPosition("Cargo.toml", 1, 9));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("a = 1\nb = \"é").Concat(new byte[] { 0xC3, 0x28, (byte)'"' }).ToArray();

        var error = Should.Throw<TomlException>(() => TomlDocument.ParseUtf8(bytes, "f.toml"));

        error.Message.ShouldBe("f.toml:2:7: invalid UTF-8 byte 0xC3 (TOML files must be UTF-8)");
    }

    [Fact]
    public void ReadFile_uses_the_path_in_positions_and_accepts_one_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wasmc-toml-{Guid.NewGuid():N}.toml");
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x = 1\n")]);
            TomlDocument.ReadFile(path).KeyPosition("x").ShouldBe(new TomlPosition(path, 1, 1));

            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x = 1\n")]);
            Should.Throw<TomlException>(() => TomlDocument.ReadFile(path)).Position.File.ShouldBe(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Values_have_the_documented_clr_types()
    {
        var document = TomlDocument.Parse("""
            s = "a\tb\u00e9\U0001F600"
            i = 0xdead_BEEF
            o = 0o755
            b = 0b1010
            n = -9_223_372_036_854_775_808
            f = 6.626e-34
            pinf = +inf
            nan = -nan
            t = true
            odt = 1979-05-27T00:32:00-07:30
            ld = 1979-05-27
            """);

        ((TomlValue)document["s"]).Value.ShouldBe("a\tbé😀");
        ((TomlValue)document["i"]).Value.ShouldBe(0xdeadbeefL);
        ((TomlValue)document["o"]).Value.ShouldBe(493L);
        ((TomlValue)document["b"]).Value.ShouldBe(10L);
        ((TomlValue)document["n"]).Value.ShouldBe(long.MinValue);
        ((TomlValue)document["f"]).Value.ShouldBe(6.626e-34);
        ((TomlValue)document["pinf"]).Value.ShouldBe(double.PositiveInfinity);
        double.IsNaN((double)((TomlValue)document["nan"]).Value).ShouldBeTrue();
        ((TomlValue)document["t"]).Value.ShouldBe(true);
        var odt = (TomlDateTime)((TomlValue)document["odt"]).Value;
        odt.DateTime.ShouldBe(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromMinutes(-450)));
        ((TomlValue)document["odt"]).KindName.ShouldBe("offset date-time");
        ((TomlValue)document["ld"]).KindName.ShouldBe("local date");
    }

    [Fact]
    public void Table_kinds_record_how_each_table_was_written()
    {
        var document = TomlDocument.Parse("""
            a.b = 1
            [c.d]
            e = { f = 1 }
            [[g]]
            [c]
            """);

        document.Kind.ShouldBe(TomlTable.TableKind.Root);
        ((TomlTable)document["a"]).Kind.ShouldBe(TomlTable.TableKind.Dotted);
        var c = (TomlTable)document["c"];
        c.Kind.ShouldBe(TomlTable.TableKind.Header);
        c.Position.Line.ShouldBe(5);
        ((TomlTable)c["d"]).Kind.ShouldBe(TomlTable.TableKind.Header);
        ((TomlTable)((TomlTable)c["d"])["e"]).Kind.ShouldBe(TomlTable.TableKind.Inline);
        var g = (TomlArray)document["g"];
        g.IsArrayOfTables.ShouldBeTrue();
        ((TomlTable)g[0]).Kind.ShouldBe(TomlTable.TableKind.ArrayElement);
    }

    [Fact]
    public void Keys_keep_document_order_and_typed_getters_check_the_kind()
    {
        var document = TomlDocument.Parse("z = 'last?'\na = 1\nm = true\n[t]\n");

        document.Keys.ShouldBe(["z", "a", "m", "t"]);
        document.TryGetString("z", out var z).ShouldBeTrue();
        z.ShouldBe("last?");
        document.TryGetString("a", out _).ShouldBeFalse();
        document.TryGetInteger("a", out var a).ShouldBeTrue();
        a.ShouldBe(1);
        document.TryGetBoolean("m", out var m).ShouldBeTrue();
        m.ShouldBeTrue();
        document.TryGetTable("t", out _).ShouldBeTrue();
        document.TryGetArray("t", out _).ShouldBeFalse();
        document.TryGetString("missing", out _).ShouldBeFalse();
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var toml = "x = " + new string('[', 100_000) + new string(']', 100_000);

        Reject(toml).Reason.ShouldStartWith("the maximum depth of 64 has been exceeded");
    }

    [Fact]
    public void The_syntax_tree_is_lossless_and_maps_to_the_same_tables()
    {
        const string text = "# keep me\n[a]   # and me\nb   =   1\n";

        var syntax = TomlDocument.ParseSyntax(text, "m.toml");

        syntax.ToString().ShouldBe(text);
        TomlDocument.ToTable(syntax, "m.toml")["a"].Position.ShouldBe(new TomlPosition("m.toml", 2, 1));
    }
}
