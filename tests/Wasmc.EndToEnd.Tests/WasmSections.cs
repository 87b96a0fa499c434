namespace Wasmc.EndToEnd.Tests;

/// <summary>Reads the names of custom sections from a WebAssembly binary, so tests can see what a build kept or stripped.</summary>
internal static class WasmSections
{
    private const byte CustomSection = 0;
    private const byte CoreModuleSection = 1; // in a component binary
    private const byte ComponentVersionLayer = 1;

    /// <summary>
    /// The custom section names of the first core module of <paramref name="component"/>: the component's own code, as
    /// <c>wasm-tools component new</c> places the adapter's modules after it.
    /// </summary>
    public static IReadOnlyList<string> OfFirstCoreModule(byte[] component)
    {
        var module = Sections(component).Where(s => s.Id == CoreModuleSection).Select(s => s.Body).FirstOrDefault();
        module.ShouldNotBeNull("the component holds no core module");
        return OfCoreModule(module);
    }

    /// <summary>The custom section names of the core module <paramref name="module"/>.</summary>
    public static IReadOnlyList<string> OfCoreModule(byte[] module) =>
        [.. Sections(module).Where(s => s.Id == CustomSection).Select(s => CustomName(s.Body))];

    private static List<(byte Id, byte[] Body)> Sections(byte[] binary)
    {
        binary.Take(4).ShouldBe(new byte[] { 0, (byte)'a', (byte)'s', (byte)'m' });
        var isComponent = binary[6] == ComponentVersionLayer;
        var sections = new List<(byte, byte[])>();
        for (var offset = 8; offset < binary.Length;)
        {
            var id = binary[offset++];
            var size = (int)Leb128(binary, ref offset);
            // Of a core module only the custom sections are read; its other sections are not needed here.
            sections.Add((id, isComponent || id == CustomSection ? binary[offset..(offset + size)] : []));
            offset += size;
        }

        return sections;
    }

    private static string CustomName(byte[] body)
    {
        var offset = 0;
        var length = (int)Leb128(body, ref offset);
        return System.Text.Encoding.UTF8.GetString(body, offset, length);
    }

    private static uint Leb128(byte[] bytes, ref int offset)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[offset++];
            value |= (uint)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
