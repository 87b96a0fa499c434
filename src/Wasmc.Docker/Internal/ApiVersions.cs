namespace Wasmc.Docker.Internal;

internal static class ApiVersions
{
    /// <summary>The lower of the engine's and the client's version: newer engines accept older versions.</summary>
    public static string Negotiate(string serverVersion, string clientMaximum) =>
        Version.TryParse(serverVersion, out var server) && Version.TryParse(clientMaximum, out var client) && server < client
            ? serverVersion
            : clientMaximum;
}
