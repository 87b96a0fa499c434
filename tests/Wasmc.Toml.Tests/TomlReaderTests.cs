using System.Text;

namespace Wasmc.Toml.Tests;

public sealed class TomlReaderTests
{
    private static TomlException Reject(string toml) =>
        Should.Throw<TomlException>(() => TomlReader.Parse(toml, "Cargo.toml"));

    [Fact]
    public void Keys_and_values_remember_where_they_were_written()
    {
        var document = TomlReader.Parse("title = \"x\"\n\n[package]\n  name   = 'demo'\n", "m.toml");

        document.KeyPosition("title").ShouldBe(new TomlPosition("m.toml", 1, 1));
        document["title"].Position.ShouldBe(new TomlPosition("m.toml", 1, 9));
        var package = (TomlTable)document["package"];
        package.Position.ShouldBe(new TomlPosition("m.toml", 3, 1));
        package.KeyPosition("name").ShouldBe(new TomlPosition("m.toml", 4, 3));
        package["name"].Position.ShouldBe(new TomlPosition("m.toml", 4, 12));
        package["name"].Position.ToString().ShouldBe("m.toml:4:12");
    }

    [Fact]
    public void Positions_after_multi_line_strings_count_their_lines()
    {
        var document = TomlReader.Parse("a = \"\"\"\none\ntwo\"\"\"\nb = 1\n");

        document.KeyPosition("b").Line.ShouldBe(4);
    }

    [Fact]
    public void Duplicate_key_names_both_places()
    {
        var error = Reject("a = 1\n\n  a = 2\n");

        error.Message.ShouldBe("Cargo.toml:3:3: duplicate key 'a' (first defined at 1:1)");
        error.Position.ShouldBe(new TomlPosition("Cargo.toml", 3, 3));
        error.Reason.ShouldBe("duplicate key 'a' (first defined at 1:1)");
    }

    [Fact]
    public void Missing_equals_names_the_key()
    {
        Reject("[package]\nname \"demo\"\n").Message.ShouldBe("Cargo.toml:2:6: expected '=' after key 'name', found '\"'");
    }

    [Fact]
    public void Unquoted_string_gets_a_hint()
    {
        Reject("edition = twenty\n").Message.ShouldBe("Cargo.toml:1:11: expected a value, found 'twenty' (strings must be quoted)");
    }

    [Theory]
    [InlineData("[a]\nx = 1\n[a]\n", "3:2: table [a] is already defined (at 1:1)")]
    [InlineData("a.b = 1\n[a]\n", "2:2: table [a] is already defined (at 1:1)")]
    [InlineData("[a.b]\nx = 1\n[a]\nb.y = 2\n", "4:1: cannot add keys to table 'b' with dotted keys: it is defined at 1:1")]
    [InlineData("a = [1]\n[[a]]\n", "2:3: cannot define array of tables [[a]]: 'a' is already a static array (defined at 1:1)")]
    [InlineData("a = { b = 1 }\na.c = 2\n", "2:1: cannot add keys to inline table 'a' (defined at 1:5): inline tables are closed once written")]
    [InlineData("a = { b = 1 }\n[a.c]\n", "2:2: cannot extend inline table 'a' (defined at 1:5): inline tables are closed once written")]
    [InlineData("x = 0x_1\n", "1:5: invalid number '0x_1': invalid digits or underscores, or the value does not fit in a signed 64-bit integer")]
    [InlineData("x = 9223372036854775808\n", "1:5: invalid number '9223372036854775808': the value does not fit in a signed 64-bit integer")]
    [InlineData("x = 2023-02-29\n", "1:5: invalid date: 2023-02 has no day 29")]
    [InlineData("x = \"a\\qb\"\n", "1:7: invalid escape sequence '\\q'")]
    [InlineData("x = \"abc\ny = 1\n", "1:5: unterminated string (a basic string cannot span lines; use \"\"\" for multi-line strings)")]
    [InlineData("x = [1, 2\n", "2:1: expected ',' or ']' in the array opened at 1:5, found end of file")]
    [InlineData("x = { a = 1,\n}\n", "1:13: an inline table must be on one line (TOML 1.0); the one opened at 1:5 is not closed on its line")]
    [InlineData("x = 1 y = 2\n", "1:7: expected a newline after the value, found 'y'")]
    [InlineData("x = 1\r y = 2\n", "1:6: a carriage return must be followed by a line feed")]
    public void Errors_are_located_and_explained(string toml, string expected)
    {
        Reject(toml).Message.ShouldBe($"Cargo.toml:{expected}");
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("a = 1\nb = \"x").Concat(new byte[] { 0xC3, 0x28, (byte)'"' }).ToArray();

        var error = Should.Throw<TomlException>(() => TomlReader.ParseUtf8(bytes, "f.toml"));

        error.Message.ShouldBe("f.toml:2:7: invalid UTF-8 byte 0xC3 (TOML files must be UTF-8)");
    }

    [Fact]
    public void ReadFile_uses_the_path_in_positions_and_accepts_a_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wasmc-toml-{Guid.NewGuid():N}.toml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x = 1\n")]);
        try
        {
            var document = TomlReader.ReadFile(path);

            document.KeyPosition("x").ShouldBe(new TomlPosition(path, 1, 1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Values_have_the_documented_clr_types()
    {
        var document = TomlReader.Parse("""
            s = "a\tb\u00e9\U0001F600"
            i = 0xdead_BEEF
            o = 0o755
            b = 0b1010
            n = -9_223_372_036_854_775_808
            f = 6.626e-34
            pinf = +inf
            nan = -nan
            t = true
            """);

        ((TomlValue)document["s"]).Value.ShouldBe("a\tbé😀");
        ((TomlValue)document["i"]).Value.ShouldBe(0xdeadbeefL);
        ((TomlValue)document["o"]).Value.ShouldBe(493L);
        ((TomlValue)document["b"]).Value.ShouldBe(10L);
        ((TomlValue)document["n"]).Value.ShouldBe(long.MinValue);
        ((TomlValue)document["f"]).Value.ShouldBe(6.626e-34);
        ((TomlValue)document["pinf"]).Value.ShouldBe(double.PositiveInfinity);
        double.IsNaN((double)((TomlValue)document["nan"]).Value).ShouldBeTrue();
        ((TomlValue)document["t"]).Kind.ShouldBe(TomlValueKind.Boolean);
    }

    [Fact]
    public void Date_times_keep_normalised_text_and_components()
    {
        var document = TomlReader.Parse("""
            odt = 1979-05-27 07:32:00.999999999999z
            ldt = 1979-05-27t07:32:00
            ld = 1979-05-27
            lt = 00:32:00.5
            off = 1979-05-27T00:32:00-07:30
            """);

        var odt = (TomlDateTime)((TomlValue)document["odt"]).Value;
        odt.Text.ShouldBe("1979-05-27T07:32:00.999999999999Z");
        odt.Kind.ShouldBe(TomlValueKind.OffsetDateTime);
        (odt.Year, odt.Month, odt.Day, odt.Hour, odt.Minute, odt.Second, odt.Nanosecond, odt.OffsetMinutes)
            .ShouldBe((1979, 5, 27, 7, 32, 0, 999_999_999, (int?)0));
        ((TomlValue)document["ldt"]).Kind.ShouldBe(TomlValueKind.LocalDateTime);
        ((TomlDateTime)((TomlValue)document["ldt"]).Value).Text.ShouldBe("1979-05-27T07:32:00");
        ((TomlValue)document["ld"]).Kind.ShouldBe(TomlValueKind.LocalDate);
        var localTime = (TomlDateTime)((TomlValue)document["lt"]).Value;
        (localTime.HasDate, localTime.Nanosecond).ShouldBe((false, 500_000_000));
        var offset = (TomlDateTime)((TomlValue)document["off"]).Value;
        offset.ToDateTimeOffset().ShouldBe(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromMinutes(-450)));
    }

    [Fact]
    public void Table_kinds_record_how_each_table_was_written()
    {
        var document = TomlReader.Parse("""
            a.b = 1
            [c.d]
            e = { f = 1 }
            [[g]]
            [c]
            """);

        document.Kind.ShouldBe(TomlTableKind.Root);
        ((TomlTable)document["a"]).Kind.ShouldBe(TomlTableKind.Dotted);
        var c = (TomlTable)document["c"];
        c.Kind.ShouldBe(TomlTableKind.Header);
        c.Position.Line.ShouldBe(5);
        ((TomlTable)c["d"]).Kind.ShouldBe(TomlTableKind.Header);
        ((TomlTable)((TomlTable)c["d"])["e"]).Kind.ShouldBe(TomlTableKind.Inline);
        var g = (TomlArray)document["g"];
        g.IsArrayOfTables.ShouldBeTrue();
        ((TomlTable)g[0]).Kind.ShouldBe(TomlTableKind.ArrayElement);
    }

    [Fact]
    public void Keys_keep_document_order_and_typed_getters_check_the_kind()
    {
        var document = TomlReader.Parse("z = 'last?'\na = 1\nm = true\n[t]\n");

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

        Reject(toml).Reason.ShouldStartWith("arrays and inline tables are nested more than");
    }
}
