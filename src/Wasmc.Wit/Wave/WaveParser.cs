using Wasmc.Wit.Wave.Internal;

namespace Wasmc.Wit.Wave;

/// <summary>A parsed function call such as <c>add(5.0, 3.0)</c>: the name as written and typed arguments.</summary>
public sealed record WaveCall(string Name, IReadOnlyList<WaveValue> Arguments);

/// <summary>
/// Parses WAVE text (the syntax of <c>wasmtime run --invoke</c> and the wasm-wave crate) into typed
/// <see cref="WaveValue"/>s. Errors are <see cref="WaveException"/>s with the same kinds, details and
/// spans as wasm-wave.
/// </summary>
public static class WaveParser
{
    /// <summary>Parses one value of <paramref name="type"/>; nothing but whitespace and comments may follow.</summary>
    /// <exception cref="WaveException">The text is not WAVE or does not fit the type.</exception>
    public static WaveValue ParseValue(string text, WitType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(type);
        var node = WaveSyntaxParser.ParseValue(text);
        return new WaveConverter(text).Convert(node, type);
    }

    /// <summary>The function name of a call, without typing its arguments (e.g. to look the function up).</summary>
    public static string ParseCallName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var call = WaveSyntaxParser.ParseCall(text);
        return text[call.NameStart..call.NameEnd];
    }

    /// <summary>
    /// Parses <c>name(arg, ...)</c> with the arguments typed by <paramref name="parameters"/>, whatever the
    /// name. Trailing <c>option</c> arguments may be left out (they are <c>none</c>).
    /// </summary>
    public static WaveCall ParseCall(string text, IReadOnlyList<Param> parameters)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        var call = WaveSyntaxParser.ParseCall(text);
        var values = new WaveConverter(text).ConvertParams(call, parameters);
        return new WaveCall(text[call.NameStart..call.NameEnd], values);
    }

    /// <summary>Parses a call of <paramref name="function"/>; the name must be one <see cref="WaveFunctionName.Matches"/> accepts.</summary>
    public static WaveCall ParseCall(string text, Function function, string? interfaceName = null, PackageName? package = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ParseCall(text, name => WaveFunctionName.Matches(name, function.Name, interfaceName, package) ? function.Params : null);
    }

    /// <summary>
    /// Parses a call whose parameters <paramref name="lookup"/> finds by the name as written (null: unknown
    /// function, reported as <see cref="WaveErrorKind.UnknownFunction"/>).
    /// </summary>
    public static WaveCall ParseCall(string text, Func<string, IReadOnlyList<Param>?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        var call = WaveSyntaxParser.ParseCall(text);
        var name = text[call.NameStart..call.NameEnd];
        var parameters = lookup(name) ?? throw WaveSyntaxParser.Error(
            text, WaveErrorKind.UnknownFunction, WaveSyntaxParser.Quote(name), call.NameStart, call.NameEnd);
        return new WaveCall(name, new WaveConverter(text).ConvertParams(call, parameters));
    }
}

/// <summary>How a WAVE call may name a function of an interface.</summary>
public static class WaveFunctionName
{
    /// <summary>
    /// True when <paramref name="callName"/> names the function: <c>f</c>; <c>iface.f</c>;
    /// <c>ns:pkg/iface.f</c>; <c>ns:pkg/iface.f@1.0.0</c> (wasm-wave's test form) or
    /// <c>ns:pkg/iface@1.0.0.f</c> (the component export name followed by the function).
    /// A leading <c>%</c> on a name is ignored.
    /// </summary>
    public static bool Matches(string callName, string functionName, string? interfaceName = null, PackageName? package = null)
    {
        ArgumentNullException.ThrowIfNull(callName);
        ArgumentNullException.ThrowIfNull(functionName);
        var name = callName.TrimStart('%');
        if (name == functionName)
        {
            return true;
        }

        if (interfaceName is null)
        {
            return false;
        }

        var candidates = new List<string> { $"{interfaceName}.{functionName}" };
        if (package is not null)
        {
            var qualified = $"{package.NameWithoutVersion}/{interfaceName}";
            candidates.Add($"{qualified}.{functionName}");
            if (package.Version is { } version)
            {
                candidates.Add($"{qualified}.{functionName}@{version}");
                candidates.Add($"{qualified}@{version}.{functionName}");
            }
        }

        return candidates.Contains(name, StringComparer.Ordinal);
    }
}
