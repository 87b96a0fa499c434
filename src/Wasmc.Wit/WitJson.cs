namespace Wasmc.Wit;

/// <summary>Writes a resolve in exactly the format of <c>wasm-tools component wit --json</c>.</summary>
public static class WitJson
{
    public static string Write(Resolve resolve) => throw new NotImplementedException();
}
