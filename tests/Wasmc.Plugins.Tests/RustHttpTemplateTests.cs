using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Go;
using Wasmc.Plugins.Js;
using Wasmc.Plugins.Rust;

namespace Wasmc.Plugins.Tests;

/// <summary>The Rust <c>http</c> template (a wasi:http incoming handler); built and served in <c>HttpTemplateEndToEndTests</c>.</summary>
public class RustHttpTemplateTests
{
    private static ScaffoldResult Scaffold(string name = "web") => new RustPlugin().Scaffold(new ScaffoldRequest(name, "http", WasiLevel.Preview2));

    [Fact]
    public void Only_rust_offers_the_http_template_and_others_name_what_they_have()
    {
        new RustPlugin().Templates.Select(t => t.Id).ShouldBe(["library", "command", "http"]);
        ILanguagePlugin[] others = [new CPlugin(), new CppPlugin(), new GoPlugin(), new JsPlugin()];
        foreach (var plugin in others)
        {
            Should.Throw<WasmcPluginException>(() => plugin.Scaffold(new ScaffoldRequest("web", "http", WasiLevel.Preview2)))
                .Message.ShouldStartWith("unknown template 'http'; available: library");
        }
    }

    [Fact]
    public void The_world_exports_the_shipped_incoming_handler_and_nothing_goes_to_wit_deps()
    {
        var result = Scaffold();

        result.World.ShouldBe("web");
        result.Files.Select(f => f.RelativePath).ShouldBe(["wit/web.wit", "Cargo.toml", "Cargo.lock", "src/lib.rs", "tests/web.test.toml"]);
        var wit = result.Files.Single(f => f.RelativePath == "wit/web.wit").Contents;
        wit.ShouldStartWith("package local:web@0.1.0;");
        wit.ShouldContain("world web {\n    export wasi:http/incoming-handler@0.2.12;\n}");
    }

    [Fact]
    public void The_handler_implements_the_generated_guest_trait_and_answers_through_the_outparam()
    {
        var source = Scaffold("my-site").Files.Single(f => f.RelativePath == "src/lib.rs").Contents;

        source.ShouldContain("use my_site_bindings::exports::wasi::http::incoming_handler::Guest;");
        source.ShouldContain("fn handle(request: IncomingRequest, response_out: ResponseOutparam) {");
        source.ShouldContain("const GREETING: &[u8] = b\"Hello from my-site!\\n\";");
        source.ShouldContain("(Method::Get, \"/\") => respond(response_out, 200, PLAIN_TEXT, GREETING),");
        source.ShouldContain("ResponseOutparam::set(response_out, Ok(response));");
        source.ShouldContain("OutgoingBody::finish(outgoing, None)");
        source.ShouldContain("my_site_bindings::export!(Component with_types_in my_site_bindings);");
    }

    [Fact]
    public void The_tests_send_requests_that_use_every_request_key()
    {
        var tests = Scaffold().Files.Single(f => f.RelativePath == "tests/web.test.toml").Contents;

        tests.ShouldNotContain("[[case]]");
        tests.ShouldContain("expect-body = \"Hello from web!\\n\"");
        foreach (var key in new[] { "method", "path", "headers", "body", "expect-status", "expect-body", "expect-body-contains", "expect-headers" })
        {
            tests.ShouldContain($"\n{key} = ");
        }
    }

    [Fact]
    public void The_http_template_is_refused_for_preview3()
    {
        Should.Throw<WasmcPluginException>(() => new RustPlugin().Scaffold(new ScaffoldRequest("web", "http", WasiLevel.Preview3)))
            .Message.ShouldBe("template 'http' exports wasi:http/incoming-handler@0.2.12, a WASI preview2 interface: it is offered for --wasi preview2 only");
    }

    [Fact]
    public void The_build_embeds_a_staged_wit_holding_the_shipped_wasi_http_package()
    {
        var plugin = new RustPlugin();
        var result = Scaffold("calc");
        using var folder = new TempFolder();
        folder.Write(result);

        var plan = plugin.PlanBuild(PlanFixtures.Request("rust", PlanFixtures.Release, world: result.World) with { Folder = folder.Folder });

        var staged = plan.SupportFiles.Single(f => f.ContainerPath == "/scratch/calc/wasmc/wit/calc.wit");
        staged.Contents.ShouldStartWith("package local:calc@0.1.0;");
        staged.Contents.ShouldContain("package wasi:http@0.2.12 {");
        plan.Steps.Single(s => s.Description == "embed WIT").Argv.Skip(3).First().ShouldBe(staged.ContainerPath);
    }
}
