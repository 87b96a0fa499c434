using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Rust.Bindings;
using Wasmc.Plugins.Shared;

namespace Wasmc.Plugins.Rust;

/// <summary>
/// The <c>http</c> template: a package <c>local:NAME@0.1.0</c> whose world exports
/// <c>wasi:http/incoming-handler@0.2.12</c> (shipped with wasmc, so <c>wit/deps</c> stays empty), a handler written with
/// the generated bindings (a greeting on <c>GET /</c>, an echo on <c>POST /echo</c>, 404 elsewhere) and
/// <c>[[request]]</c> tests that send it real requests. WASI preview2 only.
/// </summary>
internal sealed class HttpTemplate
{
    public const string TemplateId = "http";
    public const string WitFolder = "wit";
    public const string HandlerInterface = "wasi:http/incoming-handler@" + CommandTemplate.WasiVersion;

    public HttpTemplate(ScaffoldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ComponentNames.Validate(request.ComponentName);
        if (request.Wasi != WasiLevel.Preview2)
        {
            throw new WasmcPluginException(
                $"template '{TemplateId}' exports {HandlerInterface}, a WASI preview2 interface: it is offered for --wasi preview2 only");
        }

        Name = request.ComponentName;
        World = ComponentNames.World(Name, "incoming-handler");
    }

    public static ComponentTemplate Descriptor { get; } =
        new(TemplateId, $"An HTTP component (exports {HandlerInterface}, WASI preview2) that greets and echoes, with [[request]] tests");

    public string Name { get; }

    public string World { get; }

    public string Package => $"local:{Name}@0.1.0";

    /// <summary>The body of the response to <c>GET /</c>; the test file expects exactly this.</summary>
    public string Greeting => $"Hello from {Name}!\n";

    public ScaffoldFile Wit() => new(
        $"{WitFolder}/{Name}.wit",
        $$"""
        package {{Package}};

        /// The {{Name}} HTTP component: `[[request]]` tests send requests to its wasi:http/incoming-handler export.
        /// wasi:* packages ship with wasmc; wit/deps is only needed for other packages.
        world {{World}} {
            export {{HandlerInterface}};
        }

        """);

    public ScaffoldFile Tests() => new(
        $"tests/{Name}.test.toml",
        $$"""
        # Test cases run by `wasmc test`: each [[request]] sends an HTTP request to the component (its
        # wasi:http/incoming-handler export, served in Node by jco) and checks the response's status, headers and body.
        component = "{{Name}}"

        [[request]]
        name = "greets"
        path = "/"
        expect-status = 200
        expect-headers = { content-type = "text/plain; charset=utf-8" }
        expect-body = "{{Greeting.Replace("\n", "\\n", StringComparison.Ordinal)}}"

        [[request]]
        name = "echoes the body"
        method = "POST"
        path = "/echo"
        headers = { content-type = "application/json" }
        body = '{"ping": 1}'
        expect-headers = { content-type = "application/json" }
        expect-body = '{"ping": 1}'

        [[request]]
        name = "answers 404 elsewhere"
        path = "/missing?page=2"
        expect-status = 404
        expect-body-contains = "/missing?page=2"

        """);

    public ScaffoldFile Source()
    {
        var bindings = RustNames.BindingsCrate(Name);
        return new("src/lib.rs", $$"""
            //! The `{{Name}}` HTTP component: `[[request]]` tests send requests to its `{{HandlerInterface}}` export.
            //!
            //! wasmc generates the crate `{{bindings}}` from the WIT in `wit/` for every build (Cargo.toml needs no
            //! line for it): `handle` receives each request and answers it through `response_out`.

            use {{bindings}}::exports::wasi::http::incoming_handler::Guest;
            use {{bindings}}::wasi::http::types::{
                Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam,
            };
            use {{bindings}}::wasi::io::streams::StreamError;

            const GREETING: &[u8] = b"{{Greeting.Replace("\n", "\\n", StringComparison.Ordinal)}}";
            const PLAIN_TEXT: &str = "text/plain; charset=utf-8";

            struct Component;

            impl Guest for Component {
                fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
                    let path = request.path_with_query().unwrap_or_default();
                    match (request.method(), path.as_str()) {
                        (Method::Get, "/") => respond(response_out, 200, PLAIN_TEXT, GREETING),
                        (Method::Post, "/echo") => {
                            let media_type = content_type(&request);
                            let body = read_body(&request);
                            respond(response_out, 200, &media_type, &body);
                        }
                        _ => {
                            let message = format!("not found: {path}\n");
                            respond(response_out, 404, PLAIN_TEXT, message.as_bytes());
                        }
                    }
                }
            }

            /// The request's content type ("application/octet-stream" when it has none).
            fn content_type(request: &IncomingRequest) -> String {
                match request.headers().get("content-type").first() {
                    Some(value) => String::from_utf8_lossy(value).into_owned(),
                    None => "application/octet-stream".to_string(),
                }
            }

            /// The whole request body.
            fn read_body(request: &IncomingRequest) -> Vec<u8> {
                let body = request.consume().expect("the body is consumed once");
                let mut bytes = Vec::new();
                {
                    let stream = body.stream().expect("the body stream is taken once");
                    loop {
                        match stream.blocking_read(64 * 1024) {
                            Ok(chunk) => bytes.extend_from_slice(&chunk),
                            Err(StreamError::Closed) => break,
                            Err(StreamError::LastOperationFailed(error)) => {
                                panic!("reading the body failed: {}", error.to_debug_string())
                            }
                        }
                    }
                }
                IncomingBody::finish(body);
                bytes
            }

            /// Answers with `status`, a content-type header and `body`.
            fn respond(response_out: ResponseOutparam, status: u16, content_type: &str, body: &[u8]) {
                let headers = Fields::new();
                if let Err(error) = headers.append("content-type", content_type.as_bytes()) {
                    panic!("{content_type:?} is not a valid content type: {error:?}");
                }
                let response = OutgoingResponse::new(headers);
                response.set_status_code(status).expect("a status code");
                let outgoing = response.body().expect("the response body is taken once");
                ResponseOutparam::set(response_out, Ok(response));
                {
                    let stream = outgoing.write().expect("the body stream is taken once");
                    // blocking-write-and-flush takes at most 4096 bytes a call.
                    for chunk in body.chunks(4096) {
                        stream.blocking_write_and_flush(chunk).expect("writing");
                    }
                }
                OutgoingBody::finish(outgoing, None).expect("finishing the response body");
            }

            {{bindings}}::export!(Component with_types_in {{bindings}});

            """);
    }

    public ScaffoldResult Result(params ScaffoldFile[] cargoFiles) =>
        new([Wit(), .. cargoFiles, Source(), Tests()], World, WitFolder);
}
