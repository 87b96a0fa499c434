namespace Wasmc.Plugins.Abstractions;

/// <summary>
/// A problem a plugin reports about its input (a missing tool version in the bundle, an unknown
/// template, a bad language option), as opposed to a bug in the plugin. The host shows
/// <see cref="Exception.Message"/> to the user as an error, without a stack trace.
/// </summary>
public sealed class WasmcPluginException : Exception
{
    /// <summary>Creates the exception with a message written for the user.</summary>
    public WasmcPluginException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message written for the user and the underlying cause.</summary>
    public WasmcPluginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
