using Wasmc.Core.Testing.Files;
using Wasmc.Toml;
using Wasmc.Wit;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Checking;

/// <summary>
/// Type-checks test cases against the functions a world exports, before anything runs: the call must
/// name an exported function, its arguments and the expected result must be WAVE values of the WIT
/// types. Every problem is reported at <c>file:line:col</c> inside the test file.
/// </summary>
internal sealed class TestCaseChecker
{
    private readonly string _component;
    private readonly string _worldName;
    private readonly IReadOnlyList<ExportedFunction> _exports;
    private readonly string? _runExport;
    private readonly string? _handlerExport;
    private readonly Func<CheckedCase, string?>? _runnerCheck;
    private int _nextId;

    /// <param name="component">Component name (checked against a file's <c>component</c> key).</param>
    /// <param name="resolve">The component's resolved WIT.</param>
    /// <param name="world">The component's world.</param>
    /// <param name="runnerCheck">The runner's own limits: returns a problem for a case it cannot run, or null.</param>
    public TestCaseChecker(string component, Resolve resolve, WitWorld world, Func<CheckedCase, string?>? runnerCheck = null)
    {
        _component = component;
        _worldName = world.Name;
        _exports = Exports(resolve, world);
        _runExport = world.Exports
            .Where(e => e.Value is WorldItem.InterfaceItem item && IsCliRun(resolve, item.InterfaceId))
            .Select(e => WitLoader.WorldKeyName(resolve, e.Key))
            .FirstOrDefault();
        _handlerExport = world.Exports
            .Where(e => e.Value is WorldItem.InterfaceItem item && IsInterface(resolve, item.InterfaceId, "wasi:http", "incoming-handler"))
            .Select(e => WitLoader.WorldKeyName(resolve, e.Key))
            .FirstOrDefault();
        _runnerCheck = runnerCheck;
    }

    /// <summary>The functions of the world's exports that tests can call (no resource methods).</summary>
    public IReadOnlyList<ExportedFunction> ExportedFunctions => _exports;

    public static IReadOnlyList<ExportedFunction> Exports(Resolve resolve, WitWorld world)
    {
        var functions = new List<ExportedFunction>();
        foreach (var (key, item) in world.Exports)
        {
            switch (item)
            {
                case WorldItem.FunctionItem function when IsPlain(function.Function):
                    functions.Add(new ExportedFunction(null, null, null, function.Function));
                    break;
                case WorldItem.InterfaceItem export:
                    var @interface = resolve.Interfaces[export.InterfaceId];
                    var package = @interface.PackageId is { } id ? resolve.Packages[id].Name : null;
                    var exportKey = WitLoader.WorldKeyName(resolve, key);
                    functions.AddRange(@interface.Functions.Values.Where(IsPlain)
                        .Select(f => new ExportedFunction(exportKey, @interface.Name ?? exportKey, package, f)));
                    break;
            }
        }

        return functions;
    }

    /// <summary>Checks every case of <paramref name="file"/>; problems go to <paramref name="diagnostics"/>.</summary>
    public IReadOnlyList<CheckedCase> Check(TestFile file, List<TestDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Component is { } component && component.Value != _component)
        {
            diagnostics.Add(At(file, component.Position, $"this file belongs to component '{_component}' (it is in its tests folder), not '{component.Value}'"));
        }

        var defaultInterface = file.Interface;
        if (defaultInterface is not null && !_exports.Any(e => NamesInterface(e, defaultInterface.Value)))
        {
            diagnostics.Add(At(file, defaultInterface.Position,
                $"the world '{_worldName}' exports no interface '{defaultInterface.Value}'{ExportedInterfacesHint()}"));
            defaultInterface = null;
        }

        var checkedCases = new List<CheckedCase>();
        foreach (var spec in file.Cases)
        {
            var before = diagnostics.Count;
            CheckedCase? result = spec switch
            {
                CallCaseSpec call => CheckCall(file, call, defaultInterface?.Value, diagnostics),
                RunCaseSpec run => CheckRun(file, run, diagnostics),
                RequestCaseSpec request => CheckRequest(file, request, diagnostics),
                _ => null,
            };
            if (result is not null && _runnerCheck?.Invoke(result) is { } problem)
            {
                diagnostics.Add(At(file, spec is CallCaseSpec c ? c.Call.Position : spec.Position, problem));
            }
            else if (result is not null && diagnostics.Count == before)
            {
                checkedCases.Add(result);
            }
        }

        return checkedCases;
    }

    private CheckedCall? CheckCall(TestFile file, CallCaseSpec spec, string? defaultInterface, List<TestDiagnostic> diagnostics)
    {
        var callText = spec.Call.Value;
        string callName;
        try
        {
            callName = WaveParser.ParseCallName(callText);
        }
        catch (WaveException e)
        {
            diagnostics.Add(InText(file, spec.Call, e));
            return null;
        }

        var target = Resolve(file, spec.Call, callName, defaultInterface, diagnostics);
        if (target is null)
        {
            return null;
        }

        var function = target.Function;
        if (UnsupportedType(function) is { } unsupported)
        {
            diagnostics.Add(At(file, spec.Call.Position,
                $"'{target.QualifiedName}' cannot be tested: its signature uses {unsupported}, which WAVE cannot write"));
            return null;
        }

        WaveCall call;
        try
        {
            call = WaveParser.ParseCall(callText, function.Params);
        }
        catch (WaveException e)
        {
            diagnostics.Add(InText(file, spec.Call, e, $" (the signature is {Signature(function)})"));
            return null;
        }

        WaveValue? expected = null;
        if (spec.Expect is { } expect)
        {
            if (function.Result is null)
            {
                diagnostics.Add(At(file, expect.Position, $"'{target.QualifiedName}' returns nothing: remove 'expect' (the case passes when the call does not trap)"));
                return null;
            }

            try
            {
                expected = WaveParser.ParseValue(expect.Value, function.Result);
            }
            catch (WaveException e)
            {
                diagnostics.Add(InText(file, expect, e, $" (the result type is {TypeText(function.Result)})"));
                return null;
            }
        }
        else if (spec.ExpectError is null && function.Result is not null)
        {
            diagnostics.Add(At(file, spec.Position,
                $"the [[case]] calling '{target.QualifiedName}' needs 'expect' (its {TypeText(function.Result)} result, as WAVE) or 'expect-error'"));
            return null;
        }

        return new CheckedCall
        {
            Id = _nextId++,
            Name = spec.Name ?? callText.Trim(),
            File = file.DisplayPath,
            Line = spec.Position.Line,
            SkipReason = spec.SkipReason,
            Target = target,
            CallText = callText.Trim(),
            Arguments = call.Arguments,
            Expected = expected,
            ExpectedError = spec.ExpectError?.Value,
            Tolerance = new FloatTolerance(spec.Tolerance, spec.RelativeTolerance),
            Limits = spec.Limits.Over(file.Limits),
        };
    }

    private CheckedRun? CheckRun(TestFile file, RunCaseSpec spec, List<TestDiagnostic> diagnostics)
    {
        if (_runExport is null)
        {
            diagnostics.Add(At(file, spec.Position,
                $"[[run]] needs a command component, but the world '{_worldName}' does not export wasi:cli/run (use [[case]] to call its exports)"));
            return null;
        }

        var folder = System.IO.Path.GetDirectoryName(file.Path) ?? ".";
        var directories = new List<(string, string)>();
        foreach (var (guest, host) in spec.Directories)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, host));
            if (!guest.StartsWith('/'))
            {
                diagnostics.Add(At(file, spec.Position, $"'dirs': the guest path '{guest}' must be absolute (start with /)"));
            }
            else if (!Directory.Exists(full))
            {
                diagnostics.Add(At(file, spec.Position, $"'dirs': '{host}' (for {guest}) is not a folder next to the test file"));
            }
            else
            {
                directories.Add((guest, full));
            }
        }

        if (spec.Scratch is { } scratch && !scratch.StartsWith('/'))
        {
            diagnostics.Add(At(file, spec.Position, $"'scratch': the guest path '{scratch}' must be absolute (start with /)"));
        }

        return new CheckedRun
        {
            Id = _nextId++,
            Name = spec.Name ?? (spec.Args.Count == 0 ? "run" : "run " + string.Join(' ', spec.Args)),
            File = file.DisplayPath,
            Line = spec.Position.Line,
            SkipReason = spec.SkipReason,
            RunExport = _runExport,
            Spec = spec,
            Directories = directories,
            Limits = spec.Limits.Over(file.Limits),
        };
    }

    private CheckedRequest? CheckRequest(TestFile file, RequestCaseSpec spec, List<TestDiagnostic> diagnostics)
    {
        if (_handlerExport is null)
        {
            diagnostics.Add(At(file, spec.Position,
                $"[[request]] needs an HTTP component, but the world '{_worldName}' does not export wasi:http/incoming-handler (use [[case]] to call its exports)"));
            return null;
        }

        return new CheckedRequest
        {
            Id = _nextId++,
            Name = spec.Name ?? $"{spec.Method} {spec.Path}",
            File = file.DisplayPath,
            Line = spec.Position.Line,
            SkipReason = spec.SkipReason,
            HandlerExport = _handlerExport,
            Spec = spec,
        };
    }

    private ExportedFunction? Resolve(TestFile file, LocatedText call, string callName, string? defaultInterface, List<TestDiagnostic> diagnostics)
    {
        var matches = _exports.Where(e => Names(e, callName)).ToList();
        if (matches.Count > 1 && defaultInterface is not null && !callName.Contains('.', StringComparison.Ordinal))
        {
            var preferred = matches.Where(e => e.ExportKey is null || NamesInterface(e, defaultInterface)).ToList();
            if (preferred.Count > 0)
            {
                matches = preferred;
            }
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        var nameStart = Math.Max(0, call.Value.IndexOf(callName, StringComparison.Ordinal));
        var (line, column) = NameLocation(call.Value, nameStart);
        var (fileLine, fileColumn) = TomlStringLocator.Locate(file.Text, call.Position, line, column);
        diagnostics.Add(new TestDiagnostic(file.DisplayPath, fileLine, fileColumn, matches.Count == 0
            ? $"unknown function '{callName}': the world '{_worldName}' exports {ExportList()}"
            : $"'{callName}' is ambiguous: it names {string.Join(" and ", matches.Select(m => m.QualifiedName))}; write the qualified name, or set 'interface' at the top of the file"));
        return null;
    }

    private string ExportList() =>
        _exports.Count == 0
            ? "no functions"
            : string.Join(", ", _exports.Select(e => e.QualifiedName));

    private string ExportedInterfacesHint()
    {
        var keys = _exports.Where(e => e.ExportKey is not null).Select(e => e.ExportKey!).Distinct().ToList();
        return keys.Count == 0 ? "" : $" (it exports: {string.Join(", ", keys)})";
    }

    internal static bool Names(ExportedFunction export, string callName)
    {
        if (export.ExportKey is null)
        {
            return WaveFunctionName.Matches(callName, export.Function.ItemName);
        }

        return WaveFunctionName.Matches(callName, export.Function.ItemName, export.InterfaceName, export.Package)
            || callName.TrimStart('%') == $"{export.ExportKey}.{export.Function.ItemName}";
    }

    private static bool NamesInterface(ExportedFunction export, string name) =>
        export.ExportKey is { } key
        && (name == key
            || name == export.InterfaceName
            || (export.Package is { } package && name == $"{package.NameWithoutVersion}/{export.InterfaceName}"));

    private static bool IsPlain(Function function) =>
        function.Kind is FunctionKind.Freestanding or FunctionKind.AsyncFreestanding;

    private static bool IsCliRun(Resolve resolve, int interfaceId) => IsInterface(resolve, interfaceId, "wasi:cli", "run");

    private static bool IsInterface(Resolve resolve, int interfaceId, string package, string name)
    {
        var @interface = resolve.Interfaces[interfaceId];
        return @interface.Name == name
            && @interface.PackageId is { } id
            && resolve.Packages[id].Name.NameWithoutVersion == package;
    }

    /// <summary>The first type in the signature that WAVE has no syntax for, described; or null.</summary>
    private static string? UnsupportedType(Function function)
    {
        foreach (var type in function.Params.Select(p => p.Type).Append(function.Result))
        {
            if (type is not null && Unsupported(type, 0) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Unsupported(WitType type, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return primitive.Kind == PrimitiveKind.ErrorContext ? "error-context" : null;
        }

        var definition = (TypeDefinition)resolved;
        return definition.Kind switch
        {
            ResourceKind or HandleKind => "a resource",
            FutureKind => "a future",
            StreamKind => "a stream",
            ListKind list => Unsupported(list.Element, depth + 1),
            OptionKind option => Unsupported(option.Inner, depth + 1),
            MapKind map => Unsupported(map.Key, depth + 1) ?? Unsupported(map.Value, depth + 1),
            TupleKind tuple => tuple.Types.Select(t => Unsupported(t, depth + 1)).FirstOrDefault(u => u is not null),
            RecordKind record => record.Fields.Select(f => Unsupported(f.Type, depth + 1)).FirstOrDefault(u => u is not null),
            VariantKind variant => variant.Cases.Where(c => c.Type is not null).Select(c => Unsupported(c.Type!, depth + 1)).FirstOrDefault(u => u is not null),
            ResultKind result => (result.Ok is null ? null : Unsupported(result.Ok, depth + 1)) ?? (result.Err is null ? null : Unsupported(result.Err, depth + 1)),
            _ => null,
        };
    }

    private static string Signature(Function function) =>
        $"{function.ItemName}({string.Join(", ", function.Params.Select(p => $"{p.Name}: {TypeText(p.Type)}"))})"
        + (function.Result is null ? "" : $" -> {TypeText(function.Result)}");

    /// <summary>The type as WIT spells it (<c>result&lt;f64, string&gt;</c>), for messages.</summary>
    internal static string TypeText(WitType type, int depth = 0)
    {
        if (type is PrimitiveType primitive)
        {
            return primitive.WitName;
        }

        var definition = (TypeDefinition)type;
        if (definition.Name is not null || depth > 8)
        {
            return definition.Name ?? "...";
        }

        string Of(WitType? inner) => inner is null ? "_" : TypeText(inner, depth + 1);
        return definition.Kind switch
        {
            ListKind { FixedSize: { } size } list => $"list<{Of(list.Element)}, {size}>",
            ListKind list => $"list<{Of(list.Element)}>",
            OptionKind option => $"option<{Of(option.Inner)}>",
            ResultKind { Ok: null, Err: null } => "result",
            ResultKind result => $"result<{Of(result.Ok)}, {Of(result.Err)}>",
            TupleKind tuple => $"tuple<{string.Join(", ", tuple.Types.Select(Of))}>",
            MapKind map => $"map<{Of(map.Key)}, {Of(map.Value)}>",
            HandleKind { IsBorrow: true } handle => $"borrow<{Of(handle.Resource)}>",
            HandleKind handle => $"own<{Of(handle.Resource)}>",
            FutureKind future => future.Payload is null ? "future" : $"future<{Of(future.Payload)}>",
            StreamKind stream => stream.Payload is null ? "stream" : $"stream<{Of(stream.Payload)}>",
            AliasKind alias => Of(alias.Target),
            _ => definition.ToString(),
        };
    }

    private static (int Line, int Column) NameLocation(string text, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(text[i]))
            {
                column++;
            }
        }

        return (line, column);
    }

    private static TestDiagnostic InText(TestFile file, LocatedText text, WaveException e, string suffix = "")
    {
        if (e.Line <= 0)
        {
            return At(file, text.Position, e.Message + suffix);
        }

        var (line, column) = TomlStringLocator.Locate(file.Text, text.Position, e.Line, e.Column);
        var reason = e.Detail is null ? WaveException.Describe(e.Kind) : $"{WaveException.Describe(e.Kind)}: {e.Detail}";
        return new TestDiagnostic(file.DisplayPath, line, column, reason + suffix);
    }

    private static TestDiagnostic At(TestFile file, TomlPosition position, string message) =>
        new(file.DisplayPath, position.Line, position.Column, message);
}
