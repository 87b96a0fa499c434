namespace Wasmc.Wit.Abi;

/// <summary>Which side of the component boundary a core function is on.</summary>
public enum AbiDirection
{
    /// <summary>The core module imports it (a WIT import, or a canonical built-in).</summary>
    Import,

    /// <summary>The core module exports it (a WIT export, or a helper the component calls).</summary>
    Export,
}

/// <summary>What a core import or export is for.</summary>
public enum CoreFunctionRole
{
    /// <summary>A WIT function: lowered import, or lifted export (<c>[async-lift]</c> for async exports).</summary>
    Function,

    /// <summary><c>cabi_post_&lt;export&gt;</c>: frees what an export returned.</summary>
    PostReturn,

    /// <summary><c>[callback][async-lift]&lt;export&gt;</c>: resumes an async export.</summary>
    AsyncCallback,

    /// <summary><c>[task-return]f</c>: an async export hands back its result.</summary>
    TaskReturn,

    ResourceDrop,
    ResourceNew,
    ResourceRep,

    /// <summary><c>&lt;interface&gt;#[dtor]r</c>: destructor of an exported resource.</summary>
    Destructor,

    /// <summary><c>cabi_realloc</c>: the allocator the host uses to write into the module's memory.</summary>
    Realloc,
}

/// <summary>
/// One core function of a component's main module. <see cref="ModuleName"/> is set for imports
/// (<c>calculator:math/calculator@1.0.0</c>, <c>$root</c>, <c>[export]calculator:math/calculator@1.0.0</c>);
/// <see cref="FieldName"/> is the import field or the export name
/// (<c>add</c>, <c>calculator:math/calculator@1.0.0#add</c>, <c>cabi_post_...#divide</c>).
/// </summary>
public sealed record CoreFunctionAbi(
    AbiDirection Direction,
    CoreFunctionRole Role,
    string? ModuleName,
    string FieldName,
    CoreSignature Signature)
{
    /// <summary>The WIT function this core function implements or serves; null for resource built-ins and realloc.</summary>
    public Function? Function { get; init; }

    /// <summary>The qualified name of the interface (<c>ns:pkg/iface@1.0.0</c>), or null for world-level items.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The resource of resource built-ins and destructors.</summary>
    public TypeDefinition? Resource { get; init; }

    /// <summary>Flattening details: spilled parameters and the return area; null for built-ins.</summary>
    public FunctionLayout? Layout { get; init; }

    public override string ToString() =>
        ModuleName is null ? $"export \"{FieldName}\" {Signature}" : $"import \"{ModuleName}\" \"{FieldName}\" {Signature}";
}

/// <summary>Everything the core module of a world's component imports and exports.</summary>
public sealed record WorldAbiDescription(
    string WorldName,
    IReadOnlyList<CoreFunctionAbi> Imports,
    IReadOnlyList<CoreFunctionAbi> Exports)
{
    /// <summary>
    /// True when the canonical options need <c>cabi_realloc</c>: export parameters or import results hold
    /// strings or lists, or parameters are spilled to memory. Toolchains export it regardless, so it is
    /// always listed in <see cref="Exports"/>.
    /// </summary>
    public bool ReallocRequired { get; init; }

    public IEnumerable<CoreFunctionAbi> All => Imports.Concat(Exports);

    /// <summary>The core export with this name, or the core import with this field name (and module, if given).</summary>
    public CoreFunctionAbi? Find(string fieldName, string? moduleName = null) =>
        All.FirstOrDefault(f => f.FieldName == fieldName && (moduleName is null || f.ModuleName == moduleName));
}

/// <summary>
/// Core names and signatures of a world's imports and exports, in the naming wit-bindgen and
/// wit-component use (wit-parser's legacy mangling): imports come from the interface's qualified name
/// (or <c>$root</c>), exports are named <c>iface#func</c> (or <c>func</c>).
/// </summary>
public static class WorldAbi
{
    public const string RootModule = "$root";
    public const string ReallocName = "cabi_realloc";

    public static WorldAbiDescription Describe(Resolve resolve, WitWorld world)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(world);
        var imports = new List<CoreFunctionAbi>();
        var exports = new List<CoreFunctionAbi>();
        var reallocRequired = false;

        foreach (var (key, item) in world.Imports)
        {
            switch (item)
            {
                case WorldItem.InterfaceItem i:
                    var name = InterfaceName(resolve, key, i.InterfaceId);
                    var iface = resolve.Interfaces[i.InterfaceId];
                    foreach (var resource in Resources(iface.Types.Values))
                    {
                        imports.Add(ResourceBuiltIn(CoreFunctionRole.ResourceDrop, name, resource, name));
                    }

                    foreach (var function in iface.Functions.Values)
                    {
                        reallocRequired |= AddImportedFunction(imports, function, name, name);
                    }

                    break;
                case WorldItem.FunctionItem f:
                    reallocRequired |= AddImportedFunction(imports, f.Function, RootModule, null);
                    break;
                case WorldItem.TypeItem { Type: var type } when IsResource(type):
                    imports.Add(ResourceBuiltIn(CoreFunctionRole.ResourceDrop, RootModule, type, null));
                    break;
            }
        }

        foreach (var (key, item) in world.Exports)
        {
            switch (item)
            {
                case WorldItem.InterfaceItem i:
                    var name = InterfaceName(resolve, key, i.InterfaceId);
                    var iface = resolve.Interfaces[i.InterfaceId];
                    foreach (var resource in Resources(iface.Types.Values))
                    {
                        AddExportedResource(imports, exports, resource, name);
                    }

                    foreach (var function in iface.Functions.Values)
                    {
                        reallocRequired |= AddExportedFunction(imports, exports, function, name);
                    }

                    break;
                case WorldItem.FunctionItem f:
                    reallocRequired |= AddExportedFunction(imports, exports, f.Function, null);
                    break;
                case WorldItem.TypeItem { Type: var type } when IsResource(type):
                    AddExportedResource(imports, exports, type, null);
                    break;
            }
        }

        exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.Realloc, null, ReallocName,
            CoreSignature.Of([CoreType.I32, CoreType.I32, CoreType.I32, CoreType.I32], [CoreType.I32])));
        return new WorldAbiDescription(world.Name, imports, exports) { ReallocRequired = reallocRequired };
    }

    /// <summary>The name a world uses for an interface: <c>ns:pkg/iface@version</c>, or the plain key of an inline interface.</summary>
    public static string InterfaceName(Resolve resolve, WorldKey key, int interfaceId)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(key);
        if (key is WorldKey.Name plain)
        {
            return plain.Value;
        }

        var iface = resolve.Interfaces[interfaceId];
        if (iface.PackageId is not { } packageId || iface.Name is null)
        {
            return iface.Name ?? $"interface#{interfaceId}";
        }

        var package = resolve.Packages[packageId].Name;
        var qualified = $"{package.NameWithoutVersion}/{iface.Name}";
        return package.Version is null ? qualified : $"{qualified}@{package.Version}";
    }

    /// <summary>The core export name of an exported function: <c>iface#f</c>, or <c>f</c> at world level.</summary>
    public static string ExportName(string? interfaceName, string functionName) =>
        interfaceName is null ? functionName : $"{interfaceName}#{functionName}";

    private static bool AddImportedFunction(List<CoreFunctionAbi> imports, Function function, string module, string? interfaceName)
    {
        var layout = CanonicalAbi.FunctionLayout(function, AbiContext.Lower);
        var field = function.IsAsync ? $"[async-lower]{function.Name}" : function.Name;
        imports.Add(new CoreFunctionAbi(AbiDirection.Import, CoreFunctionRole.Function, module, field, layout.Signature)
        {
            Function = function,
            InterfaceName = interfaceName,
            Layout = layout,
        });
        return function.Result is { } result && CanonicalAbi.ContainsPointers(result);
    }

    private static bool AddExportedFunction(List<CoreFunctionAbi> imports, List<CoreFunctionAbi> exports, Function function, string? interfaceName)
    {
        var layout = CanonicalAbi.FunctionLayout(function, AbiContext.Lift);
        var exportName = ExportName(interfaceName, function.Name);
        if (function.IsAsync)
        {
            exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.Function, null, $"[async-lift]{exportName}", layout.Signature)
            {
                Function = function,
                InterfaceName = interfaceName,
                Layout = layout,
            });
            exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.AsyncCallback, null, $"[callback][async-lift]{exportName}",
                CoreSignature.Of([CoreType.I32, CoreType.I32, CoreType.I32], [CoreType.I32]))
            {
                Function = function,
                InterfaceName = interfaceName,
            });
            imports.Add(new CoreFunctionAbi(AbiDirection.Import, CoreFunctionRole.TaskReturn, $"[export]{interfaceName ?? RootModule}",
                $"[task-return]{function.Name}", CanonicalAbi.TaskReturnSignature(function.Result))
            {
                Function = function,
                InterfaceName = interfaceName,
            });
        }
        else
        {
            exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.Function, null, exportName, layout.Signature)
            {
                Function = function,
                InterfaceName = interfaceName,
                Layout = layout,
            });
            if (function.Result is { } result && CanonicalAbi.ContainsPointers(result))
            {
                exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.PostReturn, null, $"cabi_post_{exportName}",
                    CoreSignature.Of(layout.Signature.Results, []))
                {
                    Function = function,
                    InterfaceName = interfaceName,
                });
            }
        }

        return layout.ParamsInMemory || function.Params.Any(p => CanonicalAbi.ContainsPointers(p.Type));
    }

    private static void AddExportedResource(List<CoreFunctionAbi> imports, List<CoreFunctionAbi> exports, TypeDefinition resource, string? interfaceName)
    {
        var module = $"[export]{interfaceName ?? RootModule}";
        imports.Add(ResourceBuiltIn(CoreFunctionRole.ResourceDrop, module, resource, interfaceName));
        imports.Add(ResourceBuiltIn(CoreFunctionRole.ResourceNew, module, resource, interfaceName));
        imports.Add(ResourceBuiltIn(CoreFunctionRole.ResourceRep, module, resource, interfaceName));
        exports.Add(new CoreFunctionAbi(AbiDirection.Export, CoreFunctionRole.Destructor, null,
            ExportName(interfaceName, $"[dtor]{resource.Name}"), CoreSignature.Of([CoreType.I32], []))
        {
            InterfaceName = interfaceName,
            Resource = resource,
        });
    }

    private static CoreFunctionAbi ResourceBuiltIn(CoreFunctionRole role, string module, TypeDefinition resource, string? interfaceName)
    {
        var (prefix, signature) = role switch
        {
            CoreFunctionRole.ResourceDrop => ("[resource-drop]", CoreSignature.Of([CoreType.I32], [])),
            CoreFunctionRole.ResourceNew => ("[resource-new]", CoreSignature.Of([CoreType.I32], [CoreType.I32])),
            CoreFunctionRole.ResourceRep => ("[resource-rep]", CoreSignature.Of([CoreType.I32], [CoreType.I32])),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
        return new CoreFunctionAbi(AbiDirection.Import, role, module, prefix + resource.Name, signature)
        {
            InterfaceName = interfaceName,
            Resource = resource,
        };
    }

    private static IEnumerable<TypeDefinition> Resources(IEnumerable<TypeDefinition> types) => types.Where(IsResource);

    // Only resources the interface defines itself; a `use`d resource is an alias and belongs to its owner.
    private static bool IsResource(TypeDefinition type) => type.Kind is ResourceKind;
}
