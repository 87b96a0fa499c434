using Wasmc.Wit;
using Wasmc.Wit.Abi;

namespace Wasmc.Bindings;

/// <summary>Which side of the component boundary a world item is on.</summary>
public enum BindingDirection
{
    /// <summary>The component calls it: bindings are callable functions and handle types.</summary>
    Import,

    /// <summary>The component implements it: bindings are traits/interfaces and the glue that calls them.</summary>
    Export,
}

/// <summary>
/// A world as a bindings generator walks it (wit-bindgen's order): imported interfaces, imported world
/// functions and types, exported interfaces, exported world functions, with every function's core name
/// and canonical ABI layout, and the facts about types that decide how a language spells them.
/// Languages differ only in how they print this; the walk, the names and the layouts are shared.
/// </summary>
public sealed class BindingsWorld
{
    private readonly Dictionary<int, BoundInterface> _imported = [];
    private readonly Dictionary<int, BoundInterface> _exported = [];
    private readonly TypeFacts _facts = new();

    private BindingsWorld(Resolve resolve, WitWorld world)
    {
        Resolve = resolve;
        World = world;
    }

    /// <summary>The resolve the world belongs to.</summary>
    public Resolve Resolve { get; }

    /// <summary>The world itself.</summary>
    public WitWorld World { get; }

    /// <summary>The world's package, when it has one.</summary>
    public WitPackage? Package => World.PackageId is { } id ? Resolve.Packages[id] : null;

    /// <summary>Imported interfaces first (in world order, including those only <c>use</c>d), then exported ones.</summary>
    public IReadOnlyList<BoundInterface> Interfaces { get; private set; } = [];

    /// <summary>Functions imported or exported by the world itself (<c>import log: func(...)</c>), in world order.</summary>
    public IReadOnlyList<BoundFunction> WorldFunctions { get; private set; } = [];

    /// <summary>Named types the world declares or <c>use</c>s itself (its <c>TypeItem</c> imports), in world order.</summary>
    public IReadOnlyList<TypeDefinition> WorldTypes { get; private set; } = [];

    /// <summary>Every function: interface functions (interfaces in <see cref="Interfaces"/> order) then world functions.</summary>
    public IEnumerable<BoundFunction> Functions => Interfaces.SelectMany(i => i.Functions).Concat(WorldFunctions);

    /// <summary>Exported functions and resources need the guest's glue; a world without them needs none.</summary>
    public bool HasExports => Interfaces.Any(i => i.Direction == BindingDirection.Export) || WorldFunctions.Any(f => f.Direction == BindingDirection.Export);

    /// <summary>Loads the WIT at <paramref name="witPath"/> (a file or a folder with <c>deps/</c>) and walks <paramref name="worldName"/>.</summary>
    /// <exception cref="WitException">The WIT is invalid or has no such world.</exception>
    public static BindingsWorld Load(string witPath, string? worldName)
    {
        var loaded = WitLoader.Load(witPath);
        return Create(loaded.Resolve, WitLoader.SelectWorld(loaded.Resolve, loaded.PackageId, worldName));
    }

    /// <summary>Walks <paramref name="world"/> of <paramref name="resolve"/>.</summary>
    public static BindingsWorld Create(Resolve resolve, WitWorld world)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(world);
        var result = new BindingsWorld(resolve, world);
        result.Walk();
        return result;
    }

    /// <summary>
    /// The binding of <paramref name="interfaceId"/> as code on <paramref name="side"/> sees it. An interface can be
    /// both imported and exported (<c>import canvas; export canvas;</c>): import-side code only ever refers to the
    /// import, export-side code to the export when there is one and to the import otherwise (an exported interface
    /// that <c>use</c>s an interface the world does not export uses the imported one, as WIT elaboration says).
    /// </summary>
    public BoundInterface? InterfaceById(int interfaceId, BindingDirection side = BindingDirection.Export) =>
        side == BindingDirection.Export && _exported.TryGetValue(interfaceId, out var exported) ? exported : _imported.GetValueOrDefault(interfaceId);

    /// <summary>
    /// Where a named type is declared, as code on <paramref name="side"/> sees it (see <see cref="InterfaceById"/>):
    /// the binding of the interface that owns it, or null for types the world owns (declared at the root of the bindings).
    /// </summary>
    /// <exception cref="ArgumentException">The type is anonymous, or owned by an interface this world does not bind on that side.</exception>
    public BoundInterface? DeclaringInterface(TypeDefinition type, BindingDirection side)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Owner switch
        {
            TypeOwner.Interface { InterfaceId: var id } => InterfaceById(id, side)
                ?? throw new ArgumentException($"type '{type.Name}' belongs to an interface the world '{World.Name}' does not bind", nameof(type)),
            TypeOwner.World => null,
            _ => throw new ArgumentException($"type#{type.Id} is anonymous", nameof(type)),
        };
    }

    /// <summary>What a type holds: lists, strings, handles, floats (see <see cref="TypeInfo"/>).</summary>
    public TypeInfo Info(WitType type) => _facts.Of(type);

    /// <summary>
    /// Items of the world the shared core cannot bind yet: async functions, futures, streams, error contexts,
    /// maps, fixed-size lists, and borrowed handles anywhere but directly in a parameter list (imports may also pass
    /// them inside anonymous lists, options, results and tuples: <c>poll(in: list&lt;borrow&lt;pollable&gt;&gt;)</c>). Each
    /// comes with the WIT location of the function or type that uses it.
    /// </summary>
    public IReadOnlyList<UnsupportedItem> FindUnsupported()
    {
        var problems = new List<UnsupportedItem>();
        foreach (var function in Functions)
        {
            var f = function.Function;
            if (f.IsAsync)
            {
                problems.Add(new UnsupportedItem($"async function '{function.DisplayName}'", f.Span));
                continue;
            }

            var lends = function.Direction == BindingDirection.Import;
            var found = f.Params.Select(p => Unsupported(p.Type, topLevelParam: true, lends)).FirstOrDefault(what => what is not null)
                ?? (f.Result is null ? null : Unsupported(f.Result, topLevelParam: false, lends: false));
            if (found is not null)
            {
                problems.Add(new UnsupportedItem($"{found} in function '{function.DisplayName}'", f.Span));
            }
        }

        return problems;
    }

    // lends: an import's parameter, where borrows inside anonymous containers are lent by the caller for the call.
    private static string? Unsupported(WitType type, bool topLevelParam, bool lends, HashSet<TypeDefinition>? visiting = null)
    {
        visiting ??= [];
        switch (type)
        {
            case PrimitiveType { Kind: PrimitiveKind.ErrorContext }:
                return "error-context";
            case TypeDefinition definition when visiting.Add(definition):
                var nested = definition.Kind switch
                {
                    FutureKind => "future",
                    StreamKind => "stream",
                    MapKind => "map",
                    ListKind { FixedSize: not null } => "fixed-size list",
                    HandleKind { IsBorrow: true } when !topLevelParam => "borrow<...> inside another type",
                    _ => null,
                };
                if (nested is not null)
                {
                    return nested;
                }

                // An alias of a borrow handle used directly as a parameter is still a direct borrow.
                var keepsTop = (definition.Kind is AliasKind && topLevelParam)
                    || (lends && topLevelParam && definition.Name is null && definition.Kind is ListKind or OptionKind or ResultKind or TupleKind);
                return Children(definition).Select(child => Unsupported(child, keepsTop, lends, visiting)).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    internal static IEnumerable<WitType> Children(TypeDefinition definition) => definition.Kind switch
    {
        RecordKind record => record.Fields.Select(f => f.Type),
        TupleKind tuple => tuple.Types,
        VariantKind variant => variant.Cases.Where(c => c.Type is not null).Select(c => c.Type!),
        OptionKind option => [option.Inner],
        ResultKind result => new[] { result.Ok, result.Err }.Where(t => t is not null).Select(t => t!),
        ListKind list => [list.Element],
        MapKind map => [map.Key, map.Value],
        AliasKind alias => [alias.Target],
        FutureKind { Payload: { } payload } => [payload],
        StreamKind { Payload: { } payload } => [payload],
        _ => [],
    };

    private void Walk()
    {
        var interfaces = new List<BoundInterface>();
        var functions = new List<BoundFunction>();
        var types = new List<TypeDefinition>();
        foreach (var (direction, items) in new[] { (BindingDirection.Import, World.Imports), (BindingDirection.Export, World.Exports) })
        {
            foreach (var (key, item) in items)
            {
                switch (item)
                {
                    case WorldItem.InterfaceItem i:
                        var bound = new BoundInterface(this, direction, key, i.InterfaceId);
                        (direction == BindingDirection.Import ? _imported : _exported)[i.InterfaceId] = bound;
                        interfaces.Add(bound);
                        break;
                    case WorldItem.FunctionItem f:
                        functions.Add(new BoundFunction(f.Function, direction, null));
                        break;
                    case WorldItem.TypeItem t when direction == BindingDirection.Import:
                        types.Add(t.Type);
                        break;
                }
            }
        }

        Interfaces = interfaces;
        WorldFunctions = functions;
        WorldTypes = types;
        AssignModulePaths(interfaces);
    }

    // Two versions of one package in one world (wasi:io@0.2.0 and @0.2.12) would share a module path; only then
    // does the version become part of it (wit-bindgen does the same).
    private void AssignModulePaths(List<BoundInterface> interfaces)
    {
        var versionsByPackage = interfaces
            .Where(i => i.Package is not null)
            .GroupBy(i => i.Package!.NameWithoutVersion, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Package!.Version).Distinct().Count(), StringComparer.Ordinal);
        foreach (var bound in interfaces)
        {
            bound.ModulePath = bound.Package is { } package && bound.Interface.Name is { } name
                ? versionsByPackage[package.NameWithoutVersion] > 1 && package.Version is { } version
                    ? [package.Namespace, package.Name, "v" + version.Replace('.', '-').Replace('+', '-'), name]
                    : [package.Namespace, package.Name, name]
                : [bound.Name];
        }
    }
}

/// <summary>An interface the world imports or exports.</summary>
public sealed class BoundInterface
{
    internal BoundInterface(BindingsWorld world, BindingDirection direction, WorldKey key, int interfaceId)
    {
        World = world;
        Direction = direction;
        Key = key;
        Interface = world.Resolve.Interfaces[interfaceId];
        Name = WorldAbi.InterfaceName(world.Resolve, key, interfaceId);
        Package = key is WorldKey.Interface && Interface.PackageId is { } packageId ? world.Resolve.Packages[packageId].Name : null;
        Functions = [.. Interface.Functions.Values.Select(f => new BoundFunction(f, direction, this))];
    }

    /// <summary>The world this binding belongs to.</summary>
    public BindingsWorld World { get; }

    /// <summary>Imported or exported.</summary>
    public BindingDirection Direction { get; }

    /// <summary>How the world names it: an interface id, or a plain name for <c>import x: interface { ... }</c>.</summary>
    public WorldKey Key { get; }

    /// <summary>The interface.</summary>
    public WitInterface Interface { get; }

    /// <summary>The interface's name in core modules: <c>calculator:math/calculator@1.0.0</c>, or the plain key.</summary>
    public string Name { get; }

    /// <summary>The package of a named interface; null for an interface inlined in the world.</summary>
    public PackageName? Package { get; }

    /// <summary>
    /// The module path as WIT names: <c>[namespace, package, interface]</c> (with a <c>v0-2-0</c> segment before the
    /// interface when the world binds two versions of the package), or <c>[key]</c> for an inline interface.
    /// Exports live below a top-level <c>exports</c> module in the languages that nest modules.
    /// </summary>
    public IReadOnlyList<string> ModulePath { get; internal set; } = [];

    /// <summary>Types in declaration order, <c>use</c>d ones included (those are aliases of their owner's type).</summary>
    public IReadOnlyList<TypeDefinition> Types => [.. Interface.Types.Values];

    /// <summary>Resources the interface defines itself.</summary>
    public IReadOnlyList<TypeDefinition> Resources => [.. Interface.Types.Values.Where(t => t.Kind is ResourceKind)];

    /// <summary>Functions in declaration order: freestanding ones, and resource constructors, methods and statics.</summary>
    public IReadOnlyList<BoundFunction> Functions { get; }

    /// <summary>Core module the component imports resource built-ins from: the interface name, or <c>[export]&lt;name&gt;</c> for exports.</summary>
    public string ResourceModule => Direction == BindingDirection.Import ? Name : "[export]" + Name;

    /// <inheritdoc />
    public override string ToString() => $"{Direction.ToString().ToLowerInvariant()} {Name}";
}

/// <summary>A function the world imports or exports, with its core name and canonical ABI layout.</summary>
public sealed class BoundFunction
{
    internal BoundFunction(Function function, BindingDirection direction, BoundInterface? owner)
    {
        Function = function;
        Direction = direction;
        Interface = owner;
        var context = direction == BindingDirection.Import ? AbiContext.Lower : AbiContext.Lift;
        Layout = CanonicalAbi.FunctionLayout(function, context);
        ParamOffsets = Layout.ParamsInMemory ? CanonicalAbi.FieldOffsets(function.Params.Select(p => p.Type)) : [];
        if (direction == BindingDirection.Import)
        {
            CoreModule = owner?.Name ?? WorldAbi.RootModule;
            CoreName = function.Name;
        }
        else
        {
            CoreName = WorldAbi.ExportName(owner?.Name, function.Name);
            PostReturnName = function.Result is { } result && CanonicalAbi.ContainsPointers(result) ? "cabi_post_" + CoreName : null;
        }
    }

    /// <summary>The WIT function.</summary>
    public Function Function { get; }

    /// <summary>Imported or exported.</summary>
    public BindingDirection Direction { get; }

    /// <summary>The interface it belongs to; null for world functions.</summary>
    public BoundInterface? Interface { get; }

    /// <summary>The resource of a constructor, method or static function.</summary>
    public TypeDefinition? Resource => Function.Resource;

    /// <summary>Core import module (<c>calculator:math/calculator@1.0.0</c>, <c>$root</c>); null for exports.</summary>
    public string? CoreModule { get; }

    /// <summary>Core import field (<c>add</c>, <c>[method]r.m</c>) or core export name (<c>calculator:math/calculator@1.0.0#add</c>).</summary>
    public string CoreName { get; }

    /// <summary><c>cabi_post_&lt;export&gt;</c> when the export's result holds strings or lists; null otherwise.</summary>
    public string? PostReturnName { get; }

    /// <summary>Flat core signature, spilled parameters and the return area (lowered for imports, lifted for exports).</summary>
    public FunctionLayout Layout { get; }

    /// <summary>Offsets of the parameters in the parameter area when <see cref="FunctionLayout.ParamsInMemory"/>; empty otherwise.</summary>
    public IReadOnlyList<int> ParamOffsets { get; }

    /// <summary>The name the user sees: <c>add</c>, <c>m</c> for <c>[method]r.m</c>, <c>new</c> for a constructor.</summary>
    public string ItemName => Function.Kind == FunctionKind.Constructor ? "new" : Function.ItemName;

    /// <summary>For messages: <c>calculator:math/calculator@1.0.0.add</c>, or <c>log</c> for a world function.</summary>
    public string DisplayName => Interface is null ? Function.Name : $"{Interface.Name}.{Function.Name}";

    /// <summary>Methods take their resource as a first <c>self</c> parameter.</summary>
    public bool IsMethod => Function.Kind is FunctionKind.Method or FunctionKind.AsyncMethod;

    /// <inheritdoc />
    public override string ToString() => $"{Direction.ToString().ToLowerInvariant()} {DisplayName}";
}

/// <summary>Something a generator cannot bind yet, and where the WIT uses it.</summary>
/// <param name="What">What it is, for the message: <c>async function 'f'</c>, <c>stream in function 'g'</c>.</param>
/// <param name="Span">The WIT location, when known.</param>
public sealed record UnsupportedItem(string What, SourceSpan? Span)
{
    /// <summary><c>file:line:col: what</c>, or just what.</summary>
    public override string ToString() => Span is { } span ? $"{span}: {What}" : What;
}
