using System.Text.Encodings.Web;
using System.Text.Json;
using Wasmc.Toml;
using Wasmc.TomlDecoder;

// toml-test decoder interface: TOML on stdin, tagged JSON on stdout, exit 1 (message on stderr) when invalid.
// It reads through TomlDocument, the path wasmc reads every TOML file through (Tomlyn's validating parser).
using var input = Console.OpenStandardInput();
using var bytes = new MemoryStream();
input.CopyTo(bytes);

try
{
    var document = TomlDocument.ParseUtf8(bytes.ToArray(), "<stdin>");
    var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    using var output = Console.OpenStandardOutput();
    using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = options.Encoder }))
    {
        TaggedJson.FromTable(document).WriteTo(writer, options);
    }

    output.WriteByte((byte)'\n');
    return 0;
}
catch (TomlException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
