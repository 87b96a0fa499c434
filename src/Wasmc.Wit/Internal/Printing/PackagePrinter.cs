using System.Text;
using Wasmc.Wit.Internal.Parsing;

namespace Wasmc.Wit.Internal.Printing;

/// <summary>
/// Writes packages of a <see cref="Resolve"/> as WIT text in the layout of wasm-tools'
/// <c>wit-component/src/printing.rs</c>: two-space indentation, <c>use</c> statements before the
/// types they bring in, resource functions inside their resource, a blank line between items.
/// The text parses back to the same model (see the round-trip test over the ui suite).
/// </summary>
internal sealed class PackagePrinter(Resolve resolve)
{
    private readonly StringBuilder _output = new();
    private int _indent;

    // Whether the current block has printed an item already, so that the next one gets a blank line first.
    private bool _anyItems;

    public string Text => _output.ToString();

    public void PrintPackage(int packageId, bool isMain)
    {
        var package = resolve.Packages[packageId];
        PrintDocs(package.Docs);
        var header = $"package {Name(package.Name.Namespace)}:{Name(package.Name.Name)}{Version(package.Name.Version)}";
        if (isMain)
        {
            Line(header + ";");
        }
        else
        {
            Line(header + " {");
            _indent++;
        }

        var first = true;
        foreach (var (name, id) in package.Interfaces)
        {
            if (isMain || !first)
            {
                BlankLine();
            }

            first = false;
            var iface = resolve.Interfaces[id];
            PrintDocs(iface.Docs);
            PrintStability(iface.Stability);
            Line($"interface {Name(name)} {{");
            PrintBlock(() => PrintInterfaceBody(iface));
            Line("}");
        }

        foreach (var (name, id) in package.Worlds)
        {
            if (isMain || !first)
            {
                BlankLine();
            }

            first = false;
            var world = resolve.Worlds[id];
            PrintDocs(world.Docs);
            PrintStability(world.Stability);
            Line($"world {Name(name)} {{");
            PrintBlock(() => PrintWorldBody(world));
            Line("}");
        }

        if (!isMain)
        {
            _indent--;
            Line("}");
        }
    }

    public void BlankLine() => _output.Append('\n');

    private void PrintBlock(Action body)
    {
        var outerItems = _anyItems;
        _anyItems = false;
        _indent++;
        body();
        _indent--;
        _anyItems = outerItems;
    }

    private void NewItem()
    {
        if (_anyItems)
        {
            BlankLine();
        }

        _anyItems = true;
    }

    private void PrintInterfaceBody(WitInterface iface)
    {
        var resourceFunctions = new Dictionary<int, List<Function>>();
        var freestanding = new List<Function>();
        foreach (var function in iface.Functions.Values)
        {
            if (function.Resource is { } resource)
            {
                ResourceFunctions(resourceFunctions, resource.Id).Add(function);
            }
            else
            {
                freestanding.Add(function);
            }
        }

        PrintTypes(new TypeOwner.Interface(iface.Id), iface.PackageId, iface.Types, resourceFunctions);
        foreach (var function in freestanding)
        {
            NewItem();
            PrintDocs(function.Docs);
            PrintStability(function.Stability);
            Line($"{Name(function.ItemName)}: {Signature(function)};");
        }
    }

    private void PrintWorldBody(WitWorld world)
    {
        var types = new List<KeyValuePair<string, TypeDefinition>>();
        var resourceFunctions = new Dictionary<int, List<Function>>();
        foreach (var (key, item) in world.Imports)
        {
            switch (item)
            {
                case WorldItem.TypeItem type:
                    types.Add(new(((WorldKey.Name)key).Value, type.Type));
                    break;
                case WorldItem.FunctionItem { Function.Resource: { } resource } function:
                    ResourceFunctions(resourceFunctions, resource.Id).Add(function.Function);
                    break;
                default:
                    // Imports are not separated by blank lines, but what follows them is.
                    PrintWorldItem("import", key, item, world.PackageId);
                    _anyItems = true;
                    break;
            }
        }

        PrintTypes(new TypeOwner.World(world.Id), world.PackageId, types, resourceFunctions);
        if (world.Exports.Count > 0)
        {
            NewItem();
        }

        foreach (var (key, item) in world.Exports)
        {
            PrintWorldItem("export", key, item, world.PackageId);
        }
    }

    private void PrintWorldItem(string direction, WorldKey key, WorldItem item, int? currentPackage)
    {
        switch (key, item)
        {
            case (WorldKey.Name name, WorldItem.InterfaceItem inline):
                var iface = resolve.Interfaces[inline.InterfaceId];
                PrintDocs(iface.Docs);
                PrintStability(inline.Stability);
                Line($"{direction} {Name(name.Value)}: interface {{");
                PrintBlock(() => PrintInterfaceBody(iface));
                Line("}");
                break;
            case (WorldKey.Name name, WorldItem.FunctionItem function):
                PrintDocs(function.Function.Docs);
                PrintStability(function.Function.Stability);
                Line($"{direction} {Name(name.Value)}: {Signature(function.Function)};");
                break;
            case (WorldKey.Interface, WorldItem.InterfaceItem named):
                PrintStability(named.Stability);
                Line($"{direction} {PathToInterface(named.InterfaceId, currentPackage)};");
                break;
            default:
                throw new InvalidOperationException($"world item {key} cannot be printed as {item.GetType().Name}");
        }
    }

    /// <summary>
    /// Types of an interface or world: aliases of another interface's types become <c>use</c>
    /// statements (consecutive ones from the same interface with the same gate share one), the rest
    /// are declared in order.
    /// </summary>
    private void PrintTypes(
        TypeOwner owner,
        int? currentPackage,
        IEnumerable<KeyValuePair<string, TypeDefinition>> types,
        Dictionary<int, List<Function>> resourceFunctions)
    {
        var toDeclare = new List<TypeDefinition>();
        var toImport = new List<(int InterfaceId, Stability Stability, List<(string Local, string Original)> Names)>();
        foreach (var (name, type) in types)
        {
            if (type.Kind is AliasKind { Target: TypeDefinition { Owner: TypeOwner.Interface other, Name: { } otherName } }
                && !other.Equals(owner))
            {
                if (toImport.Count > 0 && toImport[^1].InterfaceId == other.InterfaceId && toImport[^1].Stability.Equals(type.Stability))
                {
                    toImport[^1].Names.Add((name, otherName));
                }
                else
                {
                    toImport.Add((other.InterfaceId, type.Stability, [(name, otherName)]));
                }

                continue;
            }

            toDeclare.Add(type);
        }

        foreach (var (interfaceId, stability, names) in toImport)
        {
            _anyItems = true;
            PrintStability(stability);
            var list = string.Join(", ", names.Select(n => n.Local == n.Original ? Name(n.Local) : $"{Name(n.Original)} as {Name(n.Local)}"));
            Line($"use {PathToInterface(interfaceId, currentPackage)}.{{{list}}};");
        }

        foreach (var type in toDeclare)
        {
            NewItem();
            PrintDocs(type.Docs);
            PrintStability(type.Stability);
            if (type.Kind is ResourceKind)
            {
                PrintResource(type, resourceFunctions.GetValueOrDefault(type.Id) ?? []);
            }
            else
            {
                DeclareType(type);
            }
        }
    }

    private void PrintResource(TypeDefinition resource, List<Function> functions)
    {
        if (functions.Count == 0)
        {
            Line($"resource {Name(resource.Name!)};");
            return;
        }

        Line($"resource {Name(resource.Name!)} {{");
        _indent++;
        foreach (var function in functions)
        {
            PrintDocs(function.Docs);
            PrintStability(function.Stability);
            Line(function.Kind == FunctionKind.Constructor
                ? Signature(function) + ";"
                : $"{Name(function.ItemName)}: {Signature(function)};");
        }

        _indent--;
        Line("}");
    }

    private void DeclareType(TypeDefinition type)
    {
        var name = Name(type.Name ?? throw new InvalidOperationException($"type {type.Id} is anonymous and cannot be declared"));
        switch (type.Kind)
        {
            case RecordKind record:
                Members($"record {name}", record.Fields, f => f.Docs, f => $"{Name(f.Name)}: {TypeName(f.Type)},");
                break;
            case VariantKind variant:
                Members($"variant {name}", variant.Cases, c => c.Docs, c => c.Type is null ? $"{Name(c.Name)}," : $"{Name(c.Name)}({TypeName(c.Type)}),");
                break;
            case EnumKind @enum:
                Members($"enum {name}", @enum.Cases, c => c.Docs, c => $"{Name(c.Name)},");
                break;
            case FlagsKind flags:
                Members($"flags {name}", flags.Flags, f => f.Docs, f => $"{Name(f.Name)},");
                break;
            case HandleKind { IsBorrow: false } own:
                // `type a = own<r>` and `type a = r` are different types, so the handle is spelled out.
                Line($"type {name} = own<{TypeName(own.Resource)}>;");
                break;
            case AliasKind alias:
                Line($"type {name} = {TypeName(alias.Target)};");
                break;
            default:
                Line($"type {name} = {StructuralTypeName(type)};");
                break;
        }
    }

    private void Members<T>(string header, IReadOnlyList<T> members, Func<T, Docs> docs, Func<T, string> text)
    {
        if (members.Count == 0)
        {
            Line(header + " {}");
            return;
        }

        Line(header + " {");
        _indent++;
        foreach (var member in members)
        {
            PrintDocs(docs(member));
            Line(text(member));
        }

        _indent--;
        Line("}");
    }

    private string Signature(Function function)
    {
        var keyword = function.Kind switch
        {
            FunctionKind.Constructor => "constructor",
            FunctionKind.Static => "static func",
            FunctionKind.AsyncStatic => "static async func",
            _ when function.IsAsync => "async func",
            _ => "func",
        };

        // A method's `self` is implied by its place in the resource.
        var skip = function.Kind is FunctionKind.Method or FunctionKind.AsyncMethod ? 1 : 0;
        var parameters = string.Join(", ", function.Params.Skip(skip).Select(p => $"{Name(p.Name)}: {TypeName(p.Type)}"));
        var printsResult = function.Result is not null
            && (function.Kind != FunctionKind.Constructor || function.Result is TypeDefinition { Name: null, Kind: ResultKind });
        return printsResult ? $"{keyword}({parameters}) -> {TypeName(function.Result!)}" : $"{keyword}({parameters})";
    }

    private static string TypeName(WitType type) => type switch
    {
        PrimitiveType primitive => primitive.WitName,
        TypeDefinition { Name: { } name } => Name(name),
        TypeDefinition anonymous => StructuralTypeName(anonymous),
        _ => throw new InvalidOperationException($"unknown type {type}"),
    };

    private static string StructuralTypeName(TypeDefinition type) => type.Kind switch
    {
        AliasKind alias => TypeName(alias.Target),
        HandleKind { IsBorrow: true } borrow => $"borrow<{TypeName(borrow.Resource)}>",
        HandleKind own => TypeName(own.Resource),
        ListKind { FixedSize: { } size } list => $"list<{TypeName(list.Element)}, {size}>",
        ListKind list => $"list<{TypeName(list.Element)}>",
        MapKind map => $"map<{TypeName(map.Key)}, {TypeName(map.Value)}>",
        OptionKind option => $"option<{TypeName(option.Inner)}>",
        TupleKind tuple => $"tuple<{string.Join(", ", tuple.Types.Select(TypeName))}>",
        ResultKind { Ok: null, Err: null } => "result",
        ResultKind { Ok: { } ok, Err: null } => $"result<{TypeName(ok)}>",
        ResultKind { Ok: null, Err: { } err } => $"result<_, {TypeName(err)}>",
        ResultKind { Ok: { } ok, Err: { } err } => $"result<{TypeName(ok)}, {TypeName(err)}>",
        FutureKind { Payload: { } payload } => $"future<{TypeName(payload)}>",
        FutureKind => "future",
        StreamKind { Payload: { } payload } => $"stream<{TypeName(payload)}>",
        StreamKind => "stream",
        _ => throw new InvalidOperationException($"type {type.Id} ({type.Kind.GetType().Name}) has no structural spelling"),
    };

    private string PathToInterface(int interfaceId, int? currentPackage)
    {
        var iface = resolve.Interfaces[interfaceId];
        var name = iface.Name ?? throw new InvalidOperationException($"interface {interfaceId} is anonymous");
        if (iface.PackageId == currentPackage || iface.PackageId is not { } packageId)
        {
            return Name(name);
        }

        var package = resolve.Packages[packageId].Name;
        return $"{Name(package.Namespace)}:{Name(package.Name)}/{Name(name)}{Version(package.Version)}";
    }

    private void PrintDocs(Docs docs)
    {
        if (docs.Contents is null)
        {
            return;
        }

        foreach (var line in docs.Contents.Split('\n'))
        {
            Line(line.Length == 0 ? "///" : "/// " + line);
        }
    }

    private void PrintStability(Stability stability)
    {
        var (gate, deprecated) = stability switch
        {
            Stability.Stable stable => ($"@since(version = {stable.Since})", stable.Deprecated),
            Stability.Unstable unstable => ($"@unstable(feature = {Name(unstable.Feature)})", unstable.Deprecated),
            _ => (null, null),
        };

        if (gate is null)
        {
            return;
        }

        Line(gate);
        if (deprecated is not null)
        {
            Line($"@deprecated(version = {deprecated})");
        }
    }

    private void Line(string text)
    {
        _output.Append(' ', _indent * 2).Append(text).Append('\n');
    }

    private static List<Function> ResourceFunctions(Dictionary<int, List<Function>> map, int resourceId)
    {
        if (!map.TryGetValue(resourceId, out var list))
        {
            list = [];
            map.Add(resourceId, list);
        }

        return list;
    }

    private static string Version(string? version) => version is null ? string.Empty : "@" + version;

    private static string Name(string name) => Lexer.IsKeyword(name) ? "%" + name : name;
}
