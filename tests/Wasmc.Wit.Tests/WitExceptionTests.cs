namespace Wasmc.Wit.Tests;

public sealed class WitExceptionTests
{
    private const string Source = "package a:b;\n\nworld w {\n  export add: func(a: f64) -> f64 }\n";

    [Fact]
    public void Message_keeps_the_location_prefix()
    {
        var error = Should.Throw<WitException>(() => WitLoader.LoadText(Source, "wit/world.wit"));

        error.Message.ShouldBe("wit/world.wit:4:35: expected ';', found '}'");
    }

    [Fact]
    public void Render_shows_the_line_with_a_caret_under_the_location()
    {
        var error = Should.Throw<WitException>(() => WitLoader.LoadText(Source, "wit/world.wit"));

        error.Render(Source).ShouldBe(
            "error: expected ';', found '}'\n" +
            " --> wit/world.wit:4:35\n" +
            "  |\n" +
            "4 |   export add: func(a: f64) -> f64 }\n" +
            "  |                                   ^");
    }

    [Fact]
    public void Render_underlines_the_whole_span_and_keeps_tabs()
    {
        const string source = "package a:b;\ninterface i {\n\tf: func() -> nope;\n}\n";
        var error = Should.Throw<WitException>(() => WitLoader.LoadText(source, "i.wit"));

        error.Render(source).ShouldBe(
            $"error: {error.Reason}\n" +
            " --> i.wit:3:15\n" +
            "  |\n" +
            "3 | \tf: func() -> nope;\n" +
            "  | \t             ^^^^");
    }

    [Fact]
    public void Render_pads_the_gutter_for_long_line_numbers()
    {
        var source = "package a:b;\n" + new string('\n', 120) + "interface i { f: func(; }\n";
        var error = Should.Throw<WitException>(() => WitLoader.LoadText(source, "i.wit"));

        error.Render(source).Split('\n').ShouldBe(
        [
            $"error: {error.Reason}",
            "   --> i.wit:122:23",
            "    |",
            "122 | interface i { f: func(; }",
            "    |                       ^",
        ]);
    }

    [Fact]
    public void Render_without_source_or_location_degrades_to_the_header()
    {
        new WitException("boom").Render("whatever").ShouldBe("error: boom");
        new WitException("boom", new SourceSpan("gone.wit", 9, 1)).Render(null).ShouldBe("error: boom\n --> gone.wit:9:1");
        new WitException("boom", new SourceSpan("short.wit", 9, 1)).Render("one line").ShouldBe("error: boom\n --> short.wit:9:1");
    }

    [Fact]
    public void Render_reads_the_file_named_by_the_span()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wasmc-wit-").FullName, "world.wit");
        File.WriteAllText(path, Source);
        try
        {
            var error = Should.Throw<WitException>(() => WitLoader.Load(path));

            error.Render().ShouldEndWith("4 |   export add: func(a: f64) -> f64 }\n  |                                   ^");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
