using System.Text;
using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Wit.Abi;

namespace Wasmc.Plugins.Go.Bindings;

/// <summary>A generated Go source file, at a path relative to the component's folder (<c>gen/...</c>).</summary>
internal sealed record GoFile(string RelativePath, string Content);

/// <summary>
/// Writes the Go bindings of a world in the shape of the upstream Go bindings (wit-bindgen-go + go.bytecodealliance.org/cm):
/// one package per interface below <c>gen/&lt;namespace&gt;/&lt;package&gt;/&lt;interface&gt;</c> of the user's module, a package
/// for the world's own functions, a <c>cm</c> package for list, option, result and tuple, and <c>gen/internal/abi</c>
/// with <c>cabi_realloc</c> and the memory helpers. Exported functions are fields of the package's <c>Exports</c> variable
/// that the user assigns; imports are plain functions. Values are copied between Go and linear memory, so the garbage
/// collector never sees an address: blocks the host reads are pinned in <c>abi</c> until the call is over.
/// </summary>
internal sealed class GoBindingsGenerator
{
    /// <summary>The folder of the generated packages inside the user's module.</summary>
    public const string Folder = "gen";

    private static readonly HashSet<string> Keywords =
    [
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto", "if",
        "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
        // Names the generated code uses itself.
        "abi", "cm", "result", "mark", "args", "ret", "core", "f", "o",
    ];

    private readonly BindingsWorld _world;
    private readonly string _module;
    private readonly Dictionary<int, GoPackage> _interfaces = [];
    private readonly GoPackage _worldPackage;

    private GoBindingsGenerator(BindingsWorld world, string goModule)
    {
        _world = world;
        _module = goModule;
        var prefix = world.Package is { } package ? $"{package.Name.Namespace}/{package.Name.Name}/" : "";
        _worldPackage = new GoPackage(this, prefix + world.World.Name);
    }

    /// <summary>The Go package name of a WIT name: <c>data-types</c> → <c>datatypes</c>.</summary>
    public static string PackageName(string witName)
    {
        var name = string.Concat(Identifiers.Words(witName));
        return Keywords.Contains(name) || name.Length == 0 || char.IsDigit(name[0]) ? name + "_" : name;
    }

    /// <summary>The import path, below <c>gen/</c>, of an interface's package (<c>local/calc/calculator</c>).</summary>
    public static string InterfaceFolder(BoundInterface bound) => string.Join('/', bound.ModulePath);

    /// <summary>Every generated file of <paramref name="world"/>, for the module <paramref name="goModule"/>.</summary>
    /// <exception cref="WasmcPluginException">The world uses something the Go bindings cannot express yet.</exception>
    public static IReadOnlyList<GoFile> Generate(BindingsWorld world, string goModule)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentException.ThrowIfNullOrEmpty(goModule);
        var problems = world.FindUnsupported().Select(u => u.ToString()).ToList();
        foreach (var type in world.WorldTypes.Where(t => t.Unalias() is TypeDefinition { Kind: ResourceKind }))
        {
            problems.Add($"{(type.Span is { } span ? span + ": " : "")}resource '{type.Name}' of the world itself (declare it in an interface)");
        }

        // One package per interface: an interface both imported and exported cannot hold an imported and an exported
        // resource of the same name.
        foreach (var bound in world.Interfaces.Where(b => b.Direction == BindingDirection.Import && b.Resources.Count > 0
            && world.InterfaceById(b.Interface.Id, BindingDirection.Export)?.Direction == BindingDirection.Export))
        {
            problems.Add($"{(bound.Resources[0].Span is { } span ? span + ": " : "")}resource '{bound.Resources[0].Name}' of interface {bound.Name}, which the world both imports and exports");
        }

        if (problems.Count > 0)
        {
            throw new WasmcPluginException(
                $"{problems[0]}: wasmc's Go bindings do not support this yet" +
                (problems.Count > 1 ? $" (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1))})" : ""));
        }

        return new GoBindingsGenerator(world, goModule).Write();
    }

    private List<GoFile> Write()
    {
        foreach (var bound in _world.Interfaces)
        {
            _interfaces[bound.Interface.Id] = new GoPackage(this, InterfaceFolder(bound));
        }

        foreach (var type in _world.WorldTypes)
        {
            _worldPackage.DeclareType(type);
        }

        // An interface both imported and exported is one package: its types once, its imports as functions, its
        // exports in Exports (wit-bindgen-go does the same).
        var declared = new HashSet<int>();
        foreach (var bound in _world.Interfaces)
        {
            var package = _interfaces[bound.Interface.Id];
            package.Docs = bound.Interface.Docs.Contents;
            package.Origin = $"{(package.Origin.Length > 0 ? "imported and exported" : bound.Direction == BindingDirection.Import ? "imported" : "exported")} interface {bound.Name}";
            if (declared.Add(bound.Interface.Id))
            {
                foreach (var type in bound.Types)
                {
                    package.DeclareType(type);
                }
            }

            foreach (var function in bound.Functions)
            {
                package.Function(function);
            }
        }

        _worldPackage.Origin = $"world {_world.World.Name}";
        foreach (var function in _world.WorldFunctions)
        {
            _worldPackage.Function(function);
        }

        var files = new List<GoFile>
        {
            new($"{Folder}/cm/cm.go", EmbeddedSource("cm.go.txt") + Tuples()),
            new($"{Folder}/internal/abi/abi.go", EmbeddedSource("abi.go.txt")),
        };
        files.AddRange(_interfaces.Values.Append(_worldPackage).Where(p => !p.IsEmpty).Select(p => p.Render()));
        return files;
    }

    private static string Tuples()
    {
        var text = new StringBuilder();
        for (var count = 1; count <= 16; count++)
        {
            var name = TupleName(count);
            var parameters = string.Join(", ", Enumerable.Range(0, count).Select(i => $"T{i}"));
            text.Append('\n').Append(CultureInfo($"// {name} is a WIT tuple of {count} values.\n"));
            text.Append(CultureInfo($"type {name}[{parameters} any] struct {{\n"));
            for (var i = 0; i < count; i++)
            {
                text.Append(CultureInfo($"\tF{i} T{i}\n"));
            }

            text.Append("}\n");
        }

        return text.ToString();
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    /// <summary><c>Tuple</c> for pairs as upstream's cm spells it, <c>Tuple1</c>, <c>Tuple3</c>, ... otherwise.</summary>
    public static string TupleName(int count) => count == 2 ? "Tuple" : FormattableString.Invariant($"Tuple{count}");

    private static string EmbeddedSource(string name)
    {
        using var stream = typeof(GoBindingsGenerator).Assembly.GetManifestResourceStream("Wasmc.Plugins.Go.Bindings." + name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(GoBindingsGenerator).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private GoPackage PackageOf(TypeDefinition named) =>
        _world.DeclaringInterface(named, BindingDirection.Export) is { } owner ? _interfaces[owner.Interface.Id] : _worldPackage;

    /// <summary>Whether this component implements <paramref name="resource"/> (an exported interface declares it).</summary>
    private bool IsExportedResource(WitType resource) =>
        resource.Unalias() is TypeDefinition { Kind: ResourceKind } definition
        && _world.DeclaringInterface(definition, BindingDirection.Export)?.Direction == BindingDirection.Export;

    private static string Local(string witName) => Identifiers.Escape(Identifiers.LowerCamel(witName), Keywords, k => k + "_");

    private static string Exported(string witName) => Identifiers.UpperCamel(witName);

    private static void Docs(StringBuilder code, string? docs, string indent = "")
    {
        if (string.IsNullOrWhiteSpace(docs))
        {
            return;
        }

        foreach (var line in docs.TrimEnd().Split('\n'))
        {
            code.Append(indent).Append("//").Append(line.Length > 0 ? " " + line.TrimEnd() : "").Append('\n');
        }
    }

    /// <summary>One generated Go package: its declarations, the helpers that move its values, and its imports.</summary>
    private sealed class GoPackage(GoBindingsGenerator generator, string folder)
    {
        private readonly StringBuilder _declarations = new();
        private readonly StringBuilder _helpers = new();
        private readonly List<(string Name, string Type, string? Docs)> _exports = [];
        private readonly Dictionary<string, List<(string Name, string Type, string? Docs)>> _resourceExports = new(StringComparer.Ordinal);
        private readonly StringBuilder _exportGlue = new();
        private readonly Dictionary<string, int> _helperIds = [];
        private readonly SortedDictionary<string, string> _imports = new(StringComparer.Ordinal);

        public string Folder { get; } = folder;

        public string Name { get; } = PackageName(folder[(folder.LastIndexOf('/') + 1)..]);

        public string? Docs { get; set; }

        public string Origin { get; set; } = "";

        public bool IsEmpty => _declarations.Length == 0 && _exports.Count == 0;

        private string ImportPath => $"{generator._module}/{GoBindingsGenerator.Folder}/{Folder}";

        private string Use(string importPath, string alias)
        {
            _imports[importPath] = alias;
            return alias;
        }

        private string Abi => Use($"{generator._module}/{GoBindingsGenerator.Folder}/internal/abi", "abi");

        private string Cm => Use($"{generator._module}/{GoBindingsGenerator.Folder}/cm", "cm");

        public GoFile Render()
        {
            var code = new StringBuilder();
            code.Append(CultureInfo($"// Code generated by wasmc from the {Origin}. DO NOT EDIT.\n\n"));
            GoBindingsGenerator.Docs(code, Docs is null ? $"Package {Name} is the {Origin}." : $"Package {Name}: {Docs.TrimEnd()}");
            code.Append(CultureInfo($"package {Name}\n\n"));
            if (_exports.Count > 0)
            {
                _ = Abi;
            }

            if (_imports.Count > 0)
            {
                code.Append("import (\n");
                foreach (var (path, alias) in _imports)
                {
                    code.Append(CultureInfo($"\t{alias} \"{path}\"\n"));
                }

                code.Append(")\n\n");
            }

            code.Append(_declarations);
            if (_exports.Count > 0)
            {
                code.Append("// Exports holds the functions this component implements: assign each one (in an init function of\n");
                code.Append("// package main) before the host calls it.\n");
                code.Append("var Exports struct {\n");
                foreach (var (name, type, docs) in _exports)
                {
                    GoBindingsGenerator.Docs(code, docs, "\t");
                    if (_resourceExports.TryGetValue(name, out var members))
                    {
                        code.Append(CultureInfo($"\t{name} struct {{\n"));
                        foreach (var (member, memberType, memberDocs) in members)
                        {
                            GoBindingsGenerator.Docs(code, memberDocs, "\t\t");
                            code.Append(CultureInfo($"\t\t{member} {memberType}\n"));
                        }

                        code.Append("\t}\n");
                    }
                    else
                    {
                        code.Append(CultureInfo($"\t{name} {type}\n"));
                    }
                }

                code.Append("}\n\n");
                code.Append(_exportGlue);
            }

            code.Append(_helpers);
            return new GoFile($"{GoBindingsGenerator.Folder}/{Folder}/{Name}.wit.go", code.ToString().TrimEnd('\n') + "\n");
        }

        // ---- types ----

        public void DeclareType(TypeDefinition type)
        {
            var name = Exported(type.Name!);
            var code = _declarations;
            GoBindingsGenerator.Docs(code, type.Docs.Contents);
            switch (type.Kind)
            {
                case RecordKind record:
                    code.Append(CultureInfo($"type {name} struct {{\n"));
                    foreach (var field in record.Fields)
                    {
                        GoBindingsGenerator.Docs(code, field.Docs.Contents, "\t");
                        code.Append(CultureInfo($"\t{Exported(field.Name)} {GoType(field.Type)}\n"));
                    }

                    code.Append("}\n\n");
                    break;
                case EnumKind enumKind:
                    code.Append(CultureInfo($"type {name} {UnsignedType(AbiLayouts.Variant(type).DiscriminantSize * 8)}\n\n"));
                    code.Append("const (\n");
                    for (var i = 0; i < enumKind.Cases.Count; i++)
                    {
                        GoBindingsGenerator.Docs(code, enumKind.Cases[i].Docs.Contents, "\t");
                        code.Append(i == 0 ? CultureInfo($"\t{name}{Exported(enumKind.Cases[0].Name)} {name} = iota\n") : CultureInfo($"\t{name}{Exported(enumKind.Cases[i].Name)}\n"));
                    }

                    code.Append(")\n\n");
                    StringMethod(code, name, "e", "e", enumKind.Cases.Select(c => c.Name));
                    break;
                case FlagsKind flags:
                    code.Append(CultureInfo($"type {name} {UnsignedType(AbiLayouts.Flags(flags.Flags.Count).IntegerBits)}\n\n"));
                    if (flags.Flags.Count > 0)
                    {
                        code.Append("const (\n");
                        for (var i = 0; i < flags.Flags.Count; i++)
                        {
                            GoBindingsGenerator.Docs(code, flags.Flags[i].Docs.Contents, "\t");
                            code.Append(i == 0 ? CultureInfo($"\t{name}{Exported(flags.Flags[0].Name)} {name} = 1 << iota\n") : CultureInfo($"\t{name}{Exported(flags.Flags[i].Name)}\n"));
                        }

                        code.Append(")\n\n");
                    }

                    break;
                case VariantKind variant:
                    Variant(code, type, name, variant);
                    break;
                case AliasKind alias:
                    code.Append(CultureInfo($"type {name} = {GoType(alias.Target)}\n\n"));
                    break;
                case ResourceKind when generator.IsExportedResource(type):
                    ExportedResource(code, type, name);
                    break;
                case ResourceKind:
                    ImportedResource(code, type, name);
                    break;
                default:
                    code.Append(CultureInfo($"type {name} = {Structural(type)}\n\n"));
                    break;
            }
        }

        private BoundInterface ResourceInterface(TypeDefinition resource) => generator._world.DeclaringInterface(resource, BindingDirection.Export)!;

        private void ImportedResource(StringBuilder code, TypeDefinition resource, string name)
        {
            var cm = Cm;
            code.Append(CultureInfo($"// {name} is a handle to the imported resource \"{resource.Name}\" (own or borrow alike).\ntype {name} {cm}.Resource\n\n"));
            code.Append(CultureInfo($"//go:wasmimport {ResourceInterface(resource).ResourceModule} [resource-drop]{resource.Name}\nfunc wasmimport{name}ResourceDrop(handle int32)\n\n"));
            code.Append(CultureInfo($"// ResourceDrop drops an owned handle; the resource's destructor runs in the component that implements it.\n"));
            code.Append(CultureInfo($"func (self {name}) ResourceDrop() {{\n\twasmimport{name}ResourceDrop(int32(self))\n}}\n\n"));
        }

        private void ExportedResource(StringBuilder code, TypeDefinition resource, string name)
        {
            var cm = Cm;
            var bound = ResourceInterface(resource);
            var module = bound.ResourceModule;
            code.Append(CultureInfo($"// {name} is a handle to the resource \"{resource.Name}\" this component implements (Exports.{name}): what its\n"));
            code.Append(CultureInfo($"// constructor returns and own<{resource.Name}> parameters receive. A borrow<{resource.Name}> arrives as its {cm}.Rep.\ntype {name} {cm}.Resource\n\n"));
            foreach (var (builtin, parameter, result) in new[] { ("new", "rep", "int32"), ("rep", "handle", "int32"), ("drop", "handle", "") })
            {
                code.Append(CultureInfo($"//go:wasmimport {module} [resource-{builtin}]{resource.Name}\nfunc wasmimport{name}Resource{Identifiers.UpperCamel(builtin)}({parameter} int32){(result.Length > 0 ? " " + result : "")}\n\n"));
            }

            code.Append(CultureInfo($"// {name}ResourceNew makes a handle that owns rep, the number this component chose for a new {resource.Name}.\n"));
            code.Append(CultureInfo($"func {name}ResourceNew(rep {cm}.Rep) {name} {{\n\treturn {name}(uint32(wasmimport{name}ResourceNew(int32(rep))))\n}}\n\n"));
            code.Append(CultureInfo($"// ResourceRep returns the representation behind an owned handle.\n"));
            code.Append(CultureInfo($"func (self {name}) ResourceRep() {cm}.Rep {{\n\treturn {cm}.Rep(uint32(wasmimport{name}ResourceRep(int32(self))))\n}}\n\n"));
            code.Append(CultureInfo($"// ResourceDrop drops an owned handle; Exports.{name}.Destructor runs when the last handle is gone.\n"));
            code.Append(CultureInfo($"func (self {name}) ResourceDrop() {{\n\twasmimport{name}ResourceDrop(int32(self))\n}}\n\n"));

            _ = Abi;
            _exports.Add((name, "", null));
            _resourceExports[name] = [("Destructor", $"func(self {cm}.Rep)", $"Destructor is called when the host drops the last handle to a {resource.Name}.")];
            var export = WorldAbi.ExportName(bound.Name, "[dtor]" + resource.Name);
            _exportGlue.Append(CultureInfo($"//go:wasmexport {export}\nfunc wasmexport{name}_Destructor(rep int32) {{\n"));
            _exportGlue.Append(CultureInfo($"\tif Exports.{name}.Destructor == nil {{\n\t\tpanic(\"{Name}.Exports.{name}.Destructor is not set: assign it in an init function\")\n\t}}\n"));
            _exportGlue.Append(CultureInfo($"\tExports.{name}.Destructor({cm}.Rep(uint32(rep)))\n}}\n\n"));
        }

        private static void StringMethod(StringBuilder code, string name, string receiver, string index, IEnumerable<string> names)
        {
            code.Append(CultureInfo($"// String returns the WIT name of the case.\nfunc ({receiver} {name}) String() string {{\n"));
            code.Append(CultureInfo($"\treturn [...]string{{{string.Join(", ", names.Select(n => $"\"{n}\""))}}}[{index}]\n}}\n\n"));
        }

        private void Variant(StringBuilder code, TypeDefinition type, string name, VariantKind variant)
        {
            var tag = UnsignedType(AbiLayouts.Variant(type).DiscriminantSize * 8);
            code.Append(CultureInfo($"type {name} struct {{\n\ttag     {tag}\n\tpayload any\n}}\n\n"));
            code.Append(CultureInfo($"// Tag returns the index of the case {name} holds.\nfunc (v {name}) Tag() {tag} {{ return v.tag }}\n\n"));
            for (var i = 0; i < variant.Cases.Count; i++)
            {
                var c = variant.Cases[i];
                var caseName = Exported(c.Name);
                var accessor = caseName is "Tag" or "String" ? caseName + "_" : caseName;
                GoBindingsGenerator.Docs(code, c.Docs.Contents);
                if (c.Type is null)
                {
                    code.Append(CultureInfo($"// {name}{caseName} returns a {name} of case \"{c.Name}\".\nfunc {name}{caseName}() {name} {{ return {name}{{tag: {i}}} }}\n\n"));
                    code.Append(CultureInfo($"// {accessor} reports whether v is case \"{c.Name}\".\nfunc (v {name}) {accessor}() bool {{ return v.tag == {i} }}\n\n"));
                }
                else
                {
                    var payload = GoType(c.Type);
                    code.Append(CultureInfo($"// {name}{caseName} returns a {name} of case \"{c.Name}\".\nfunc {name}{caseName}(data {payload}) {name} {{ return {name}{{tag: {i}, payload: data}} }}\n\n"));
                    code.Append(CultureInfo($"// {accessor} returns the payload of case \"{c.Name}\", or nil when v is another case.\n"));
                    code.Append(CultureInfo($"func (v {name}) {accessor}() *{payload} {{\n\tif v.tag != {i} {{\n\t\treturn nil\n\t}}\n\tdata := v.payload.({payload})\n\treturn &data\n}}\n\n"));
                }
            }

            if (!variant.Cases.Any(c => Exported(c.Name) == "String"))
            {
                StringMethod(code, name, "v", "v.tag", variant.Cases.Select(c => c.Name));
            }
        }

        private static string UnsignedType(int bits) => bits switch
        {
            8 => "uint8",
            16 => "uint16",
            32 => "uint32",
            _ => "uint64",
        };

        /// <summary>A type as code in this package spells it.</summary>
        public string GoType(WitType type) => type switch
        {
            PrimitiveType primitive => Primitive(primitive),
            TypeDefinition { Name: { } typeName } named => Qualified(generator.PackageOf(named), Exported(typeName)),
            TypeDefinition anonymous => Structural(anonymous),
            _ => throw new WasmcPluginException($"type {type} cannot be spelt in Go yet"),
        };

        private string Qualified(GoPackage owner, string name)
        {
            if (owner == this)
            {
                return name;
            }

            var alias = owner.Folder.Replace('/', '_').Replace('-', '_').Replace('.', '_');
            return Use(owner.ImportPath, alias) + "." + name;
        }

        private string Structural(TypeDefinition definition) => definition.Kind switch
        {
            ListKind list => $"{Cm}.List[{GoType(list.Element)}]",
            OptionKind option => $"{Cm}.Option[{GoType(option.Inner)}]",
            ResultKind result => $"{Cm}.Result[{Unit(result.Ok)}, {Unit(result.Err)}]",
            TupleKind tuple => $"{Cm}.{TupleName(tuple.Types.Count)}[{string.Join(", ", tuple.Types.Select(GoType))}]",
            AliasKind alias => GoType(alias.Target),
            HandleKind { IsBorrow: true } handle when generator.IsExportedResource(handle.Resource) => $"{Cm}.Rep",
            HandleKind handle => GoType(handle.Resource),
            _ => throw new WasmcPluginException($"type {definition} ({definition.Kind.GetType().Name}) cannot be spelt in Go yet"),
        };

        private string Unit(WitType? type) => type is null ? "struct{}" : GoType(type);

        private static string Primitive(PrimitiveType primitive) => primitive.Kind switch
        {
            PrimitiveKind.Bool => "bool",
            PrimitiveKind.S8 => "int8",
            PrimitiveKind.U8 => "uint8",
            PrimitiveKind.S16 => "int16",
            PrimitiveKind.U16 => "uint16",
            PrimitiveKind.S32 => "int32",
            PrimitiveKind.U32 => "uint32",
            PrimitiveKind.S64 => "int64",
            PrimitiveKind.U64 => "uint64",
            PrimitiveKind.F32 => "float32",
            PrimitiveKind.F64 => "float64",
            PrimitiveKind.Char => "rune",
            PrimitiveKind.String => "string",
            _ => throw new WasmcPluginException($"type {primitive.WitName} cannot be spelt in Go yet"),
        };

        // ---- functions ----

        public void Function(BoundFunction function)
        {
            if (function.Direction == BindingDirection.Import)
            {
                Import(function);
            }
            else
            {
                Export(function);
            }
        }

        private string Signature(Function f) =>
            $"func({string.Join(", ", f.Params.Select(p => $"{Local(p.Name)} {GoType(p.Type)}"))}){(f.Result is null ? "" : " " + GoType(f.Result))}";

        private static string CoreGoType(CoreType type) => type switch
        {
            CoreType.I32 => "int32",
            CoreType.I64 => "int64",
            CoreType.F32 => "float32",
            _ => "float64",
        };

        private string ToSlot(CoreType type, string value) => type switch
        {
            CoreType.I32 => $"uint64(uint32({value}))",
            CoreType.I64 => $"uint64({value})",
            CoreType.F32 => $"{Abi}.F32Slot({value})",
            _ => $"{Abi}.F64Slot({value})",
        };

        private string FromSlot(CoreType type, string slot) => type switch
        {
            CoreType.I32 => $"int32(uint32({slot}))",
            CoreType.I64 => $"int64({slot})",
            CoreType.F32 => $"{Abi}.SlotF32({slot})",
            _ => $"{Abi}.SlotF64({slot})",
        };

        private void Export(BoundFunction function)
        {
            var f = function.Function;
            var layout = function.Layout;
            var signature = layout.Signature;
            string field;
            if (f.Resource is { } resource)
            {
                // Upstream's shape: Exports.Counter.Constructor, Exports.Counter.Increment, Exports.Counter.Merge.
                var group = Exported(resource.Name!);
                var member = f.Kind == FunctionKind.Constructor ? "Constructor" : Exported(f.ItemName);
                _resourceExports[group].Add((member, Signature(f), f.Docs.Contents));
                field = $"{group}.{member}";
            }
            else
            {
                field = Exported(f.Name);
                _exports.Add((field, Signature(f), f.Docs.Contents));
            }

            // The underscore keeps Counter.Increment's glue apart from a free function counter-increment's.
            var glue = "wasmexport" + field.Replace('.', '_');
            var code = _exportGlue;
            var abi = Abi;
            code.Append(CultureInfo($"//go:wasmexport {function.CoreName}\n"));
            code.Append(CultureInfo($"func {glue}({string.Join(", ", signature.Params.Select((t, i) => $"p{i} {CoreGoType(t)}"))}){(signature.Results.Count == 0 ? "" : " " + CoreGoType(signature.Results[0]))} {{\n"));
            code.Append(CultureInfo($"\tif Exports.{field} == nil {{\n\t\tpanic(\"{Name}.Exports.{field} is not set: assign it in an init function\")\n\t}}\n"));
            var arguments = f.Params.Select(p => Local(p.Name)).ToList();
            if (layout.ParamsInMemory)
            {
                for (var i = 0; i < f.Params.Count; i++)
                {
                    code.Append(CultureInfo($"\t{arguments[i]} := load{Helper(f.Params[i].Type)}(uintptr(uint32(p0)) + {function.ParamOffsets[i]})\n"));
                }
            }
            else if (signature.Params.Count > 0)
            {
                code.Append(CultureInfo($"\tf := {abi}.Flat{{Slots: []uint64{{{string.Join(", ", signature.Params.Select((t, i) => ToSlot(t, $"p{i}")))}}}}}\n"));
                for (var i = 0; i < f.Params.Count; i++)
                {
                    code.Append(CultureInfo($"\t{arguments[i]} := lift{Helper(f.Params[i].Type)}(&f)\n"));
                }
            }

            // The arguments are Go values now: the blocks the host wrote them into can go.
            code.Append(CultureInfo($"\t{abi}.Reset()\n"));
            var call = $"Exports.{field}({string.Join(", ", arguments)})";
            if (f.Result is null)
            {
                code.Append(CultureInfo($"\t{call}\n"));
            }
            else if (layout.ResultsInMemory)
            {
                code.Append(CultureInfo($"\tresult := {call}\n"));
                code.Append(CultureInfo($"\tret := {abi}.Alloc({layout.ReturnArea!.Size}, {layout.ReturnArea.Alignment})\n"));
                code.Append(CultureInfo($"\tstore{Helper(f.Result)}(ret, result)\n"));
                code.Append("\treturn int32(uint32(ret))\n");
            }
            else
            {
                code.Append(CultureInfo($"\tvar o {abi}.Out\n\tlower{Helper(f.Result)}(&o, {call})\n"));
                code.Append(CultureInfo($"\treturn {FromSlot(signature.Results[0], "o.Slots[0]")}\n"));
            }

            code.Append("}\n\n");
            if (function.PostReturnName is { } postReturn)
            {
                code.Append(CultureInfo($"//go:wasmexport {postReturn}\nfunc {glue}PostReturn(int32) {{\n\t{abi}.Reset()\n}}\n\n"));
            }
        }

        private void Import(BoundFunction function)
        {
            var f = function.Function;
            var layout = function.Layout;
            var signature = layout.Signature;
            // Upstream's shape: NewCounter (constructor), CounterMerge (static), counter.Increment (method).
            var resource = f.Resource is { } r ? Exported(r.Name!) : "";
            var name = f.Kind switch
            {
                FunctionKind.Constructor => "New" + resource,
                FunctionKind.Static => resource + Exported(f.ItemName),
                FunctionKind.Method => Exported(f.ItemName),
                _ => Exported(f.Name),
            };
            var raw = "wasmimport" + (f.Kind == FunctionKind.Method ? resource + "_" : "") + name;
            var abi = Abi;
            var code = _declarations;
            code.Append(CultureInfo($"//go:wasmimport {function.CoreModule} {function.CoreName}\n"));
            code.Append(CultureInfo($"func {raw}({string.Join(", ", signature.Params.Select((t, i) => $"p{i} {CoreGoType(t)}"))}){(signature.Results.Count == 0 ? "" : " " + CoreGoType(signature.Results[0]))}\n\n"));
            GoBindingsGenerator.Docs(code, f.Docs.Contents);
            if (f.Kind == FunctionKind.Method)
            {
                // The method's self (the first parameter) is the receiver.
                var rest = f with { Params = [.. f.Params.Skip(1)] };
                code.Append(CultureInfo($"func ({Local(f.Params[0].Name)} {resource}) {name}{Signature(rest)["func".Length..]} {{\n"));
            }
            else
            {
                code.Append(CultureInfo($"func {name}{Signature(f)["func".Length..]} {{\n"));
            }

            code.Append(CultureInfo($"\tmark := {abi}.Mark()\n"));
            var arguments = new List<string>();
            if (layout.ParamsInMemory)
            {
                code.Append(CultureInfo($"\targs := {abi}.Alloc({layout.ParamArea!.Size}, {layout.ParamArea.Alignment})\n"));
                for (var i = 0; i < f.Params.Count; i++)
                {
                    code.Append(CultureInfo($"\tstore{Helper(f.Params[i].Type)}(args + {function.ParamOffsets[i]}, {Local(f.Params[i].Name)})\n"));
                }

                arguments.Add("int32(uint32(args))");
            }
            else if (f.Params.Count > 0)
            {
                code.Append(CultureInfo($"\tvar o {abi}.Out\n"));
                foreach (var p in f.Params)
                {
                    code.Append(CultureInfo($"\tlower{Helper(p.Type)}(&o, {Local(p.Name)})\n"));
                }

                arguments.AddRange(layout.FlatParams.Select((t, i) => FromSlot(t, $"o.Slots[{i}]")));
            }

            if (layout.ResultsInMemory)
            {
                code.Append(CultureInfo($"\tret := {abi}.Alloc({layout.ReturnArea!.Size}, {layout.ReturnArea.Alignment})\n"));
                arguments.Add("int32(uint32(ret))");
            }

            var call = $"{raw}({string.Join(", ", arguments)})";
            if (f.Result is null)
            {
                code.Append(CultureInfo($"\t{call}\n\t{abi}.Release(mark)\n"));
            }
            else
            {
                if (layout.ResultsInMemory)
                {
                    code.Append(CultureInfo($"\t{call}\n\tresult := load{Helper(f.Result)}(ret)\n"));
                }
                else
                {
                    code.Append(CultureInfo($"\tcore := {call}\n"));
                    code.Append(CultureInfo($"\tresult := lift{Helper(f.Result)}(&{abi}.Flat{{Slots: []uint64{{{ToSlot(layout.FlatResults[0], "core")}}}}})\n"));
                }

                code.Append(CultureInfo($"\t{abi}.Release(mark)\n\treturn result\n"));
            }

            code.Append("}\n\n");
        }

        // ---- helpers: liftN, lowerN, loadN, storeN per type ----

        private int Helper(WitType type)
        {
            var goType = GoType(type);
            if (_helperIds.TryGetValue(goType, out var id))
            {
                return id;
            }

            id = _helperIds.Count;
            _helperIds[goType] = id;
            var code = new StringBuilder();
            var abi = Abi;
            code.Append(CultureInfo($"func lift{id}(f *{abi}.Flat) {goType} {{\n"));
            Lift(code, type, goType);
            code.Append(CultureInfo($"}}\n\nfunc lower{id}(o *{abi}.Out, v {goType}) {{\n"));
            Lower(code, type);
            code.Append(CultureInfo($"}}\n\nfunc load{id}(p uintptr) {goType} {{\n"));
            Load(code, type, goType);
            code.Append(CultureInfo($"}}\n\nfunc store{id}(p uintptr, v {goType}) {{\n"));
            Store(code, type);
            code.Append("}\n\n");
            _helpers.Append(code);
            return id;
        }

        private sealed record CaseShape(WitType? Payload, string Construct, string Access);

        /// <summary>The cases of a variant-like type (variant, option, result): how to build and read each one.</summary>
        private (string Tag, IReadOnlyList<CaseShape> Cases)? VariantLike(TypeDefinition definition, string goType)
        {
            switch (definition.Kind)
            {
                case VariantKind variant:
                    var spelt = GoType(definition);
                    var prefix = spelt[..^Exported(definition.Name!).Length];
                    return ("uint32(v.Tag())", [.. variant.Cases.Select((c, i) =>
                    {
                        var caseName = Exported(c.Name);
                        var accessor = caseName is "Tag" or "String" ? caseName + "_" : caseName;
                        return new CaseShape(c.Type, $"{prefix}{Exported(definition.Name!)}{caseName}", $"*v.{accessor}()");
                    })]);
                case OptionKind option:
                    var inner = GoType(option.Inner);
                    return ("abi_tag(!v.None())", [new CaseShape(null, $"{Cm}.None[{inner}]", ""), new CaseShape(option.Inner, $"{Cm}.Some[{inner}]", "v.Value()")]);
                case ResultKind result:
                    var typeArgs = $"[{Unit(result.Ok)}, {Unit(result.Err)}]";
                    return ("abi_tag(v.IsErr())", [new CaseShape(result.Ok, $"{Cm}.OK{typeArgs}", "*v.OK()"), new CaseShape(result.Err, $"{Cm}.Err{typeArgs}", "*v.Err()")]);
                default:
                    return null;
            }
        }

        private static string Construct(CaseShape shape, string? payload, bool resultType) =>
            shape.Payload is null
                ? (resultType ? $"{shape.Construct}(struct{{}}{{}})" : $"{shape.Construct}()")
                : $"{shape.Construct}({payload})";

        private void Lift(StringBuilder code, WitType type, string goType)
        {
            var abi = Abi;
            switch (type.Unalias())
            {
                case PrimitiveType { Kind: PrimitiveKind.String }:
                    code.Append(CultureInfo($"\taddress := f.Next()\n\treturn {abi}.LiftString(uint32(address), uint32(f.Next()))\n"));
                    return;
                case PrimitiveType primitive:
                    code.Append(CultureInfo($"\treturn {SlotToPrimitive(primitive, "f.Next()")}\n"));
                    return;
                case TypeDefinition definition:
                    switch (definition.Kind)
                    {
                        case RecordKind or TupleKind:
                            code.Append(CultureInfo($"\tvar v {goType}\n"));
                            foreach (var (fieldName, fieldType) in Fields(definition))
                            {
                                code.Append(CultureInfo($"\tv.{fieldName} = lift{Helper(fieldType)}(f)\n"));
                            }

                            code.Append("\treturn v\n");
                            return;
                        case EnumKind or FlagsKind:
                            code.Append(CultureInfo($"\treturn {goType}(f.Next())\n"));
                            return;
                        case HandleKind or ResourceKind:
                            code.Append(CultureInfo($"\treturn {goType}(uint32(f.Next()))\n"));
                            return;
                        case ListKind list:
                            var element = Helper(list.Element);
                            var elementLayout = AbiLayouts.Of(list.Element);
                            code.Append("\taddress := uintptr(uint32(f.Next()))\n\tlength := int(uint32(f.Next()))\n");
                            code.Append(CultureInfo($"\titems := make([]{GoType(list.Element)}, length)\n\tfor i := range items {{\n\t\titems[i] = load{element}(address + uintptr(i*{elementLayout.Size}))\n\t}}\n"));
                            code.Append(CultureInfo($"\treturn {Cm}.ToList(items)\n"));
                            return;
                    }

                    if (VariantLike(definition, goType) is { } shape)
                    {
                        var layout = AbiLayouts.Variant(definition);
                        var isResult = definition.Kind is ResultKind;
                        code.Append(CultureInfo($"\tstart := f.Pos\n\tvar v {goType}\n\tswitch f.Next() {{\n"));
                        for (var i = 0; i < shape.Cases.Count; i++)
                        {
                            var c = shape.Cases[i];
                            code.Append(CultureInfo($"\tcase {i}:\n\t\tv = {Construct(c, c.Payload is null ? null : $"lift{Helper(c.Payload)}(f)", isResult)}\n"));
                        }

                        code.Append(CultureInfo($"\tdefault:\n\t\tpanic(\"invalid discriminant\")\n\t}}\n\tf.Pos = start + {layout.FlatCount}\n\treturn v\n"));
                        return;
                    }

                    break;
            }

            throw new WasmcPluginException($"type {type} cannot be lifted in Go yet");
        }

        private void Lower(StringBuilder code, WitType type)
        {
            var abi = Abi;
            switch (type.Unalias())
            {
                case PrimitiveType { Kind: PrimitiveKind.String }:
                    code.Append(CultureInfo($"\taddress, length := {abi}.LowerString(v)\n\to.Push(uint64(address))\n\to.Push(uint64(length))\n"));
                    return;
                case PrimitiveType primitive:
                    code.Append(CultureInfo($"\to.Push({PrimitiveToSlot(primitive, "v")})\n"));
                    return;
                case TypeDefinition definition:
                    switch (definition.Kind)
                    {
                        case RecordKind or TupleKind:
                            foreach (var (fieldName, fieldType) in Fields(definition))
                            {
                                code.Append(CultureInfo($"\tlower{Helper(fieldType)}(o, v.{fieldName})\n"));
                            }

                            return;
                        case EnumKind or FlagsKind or HandleKind or ResourceKind:
                            code.Append("\to.Push(uint64(v))\n");
                            return;
                        case ListKind list:
                            code.Append(CultureInfo($"\taddress := storeList{Helper(list.Element)}(v.Slice())\n\to.Push(uint64(address))\n\to.Push(uint64(v.Len()))\n"));
                            EnsureListStore(list.Element);
                            return;
                    }

                    if (VariantLike(definition, GoType(definition)) is { } shape)
                    {
                        var layout = AbiLayouts.Variant(definition);
                        code.Append(CultureInfo($"\tstart := len(o.Slots)\n\tswitch {shape.Tag.Replace("abi_tag", abi + ".Tag", StringComparison.Ordinal)} {{\n"));
                        for (var i = 0; i < shape.Cases.Count; i++)
                        {
                            var c = shape.Cases[i];
                            code.Append(CultureInfo($"\tcase {i}:\n\t\to.Push({i})\n"));
                            if (c.Payload is not null)
                            {
                                code.Append(CultureInfo($"\t\tlower{Helper(c.Payload)}(o, {c.Access})\n"));
                            }
                        }

                        code.Append(CultureInfo($"\t}}\n\to.PadTo(start + {layout.FlatCount})\n"));
                        return;
                    }

                    break;
            }

            throw new WasmcPluginException($"type {type} cannot be lowered in Go yet");
        }

        private readonly HashSet<int> _listStores = [];

        private void EnsureListStore(WitType element)
        {
            var id = Helper(element);
            if (!_listStores.Add(id))
            {
                return;
            }

            var layout = AbiLayouts.Of(element);
            _helpers.Append(CultureInfo($"func storeList{id}(items []{GoType(element)}) uintptr {{\n"));
            _helpers.Append(CultureInfo($"\taddress := {Abi}.Alloc(uint32(len(items)*{layout.Size}), {layout.Alignment})\n"));
            _helpers.Append(CultureInfo($"\tfor i, item := range items {{\n\t\tstore{id}(address+uintptr(i*{layout.Size}), item)\n\t}}\n\treturn address\n}}\n\n"));
        }

        private void Load(StringBuilder code, WitType type, string goType)
        {
            var abi = Abi;
            switch (type.Unalias())
            {
                case PrimitiveType { Kind: PrimitiveKind.String }:
                    code.Append(CultureInfo($"\treturn {abi}.LiftString({abi}.LoadU32(p), {abi}.LoadU32(p+4))\n"));
                    return;
                case PrimitiveType primitive:
                    var bits = CanonicalAbi.Size(primitive) * 8;
                    code.Append(CultureInfo($"\treturn {SlotToPrimitive(primitive, $"uint64({abi}.LoadU{bits}(p))")}\n"));
                    return;
                case TypeDefinition definition:
                    switch (definition.Kind)
                    {
                        case RecordKind or TupleKind:
                            var offsets = AbiLayouts.Record([.. Fields(definition).Select(field => field.Type)]).Offsets;
                            code.Append(CultureInfo($"\tvar v {goType}\n"));
                            var index = 0;
                            foreach (var (fieldName, fieldType) in Fields(definition))
                            {
                                code.Append(CultureInfo($"\tv.{fieldName} = load{Helper(fieldType)}(p + {offsets[index++]})\n"));
                            }

                            code.Append("\treturn v\n");
                            return;
                        case EnumKind or FlagsKind or HandleKind or ResourceKind:
                            code.Append(CultureInfo($"\treturn {goType}({abi}.LoadU{CanonicalAbi.Size(definition) * 8}(p))\n"));
                            return;
                        case ListKind:
                            code.Append(CultureInfo($"\treturn lift{Helper(type)}(&{abi}.Flat{{Slots: []uint64{{uint64({abi}.LoadU32(p)), uint64({abi}.LoadU32(p+4))}}}})\n"));
                            return;
                    }

                    if (VariantLike(definition, goType) is { } shape)
                    {
                        var layout = AbiLayouts.Variant(definition);
                        var isResult = definition.Kind is ResultKind;
                        code.Append(CultureInfo($"\tvar v {goType}\n\tswitch {abi}.LoadU{layout.DiscriminantSize * 8}(p) {{\n"));
                        for (var i = 0; i < shape.Cases.Count; i++)
                        {
                            var c = shape.Cases[i];
                            code.Append(CultureInfo($"\tcase {i}:\n\t\tv = {Construct(c, c.Payload is null ? null : $"load{Helper(c.Payload)}(p + {layout.PayloadOffset})", isResult)}\n"));
                        }

                        code.Append("\tdefault:\n\t\tpanic(\"invalid discriminant\")\n\t}\n\treturn v\n");
                        return;
                    }

                    break;
            }

            throw new WasmcPluginException($"type {type} cannot be loaded in Go yet");
        }

        private void Store(StringBuilder code, WitType type)
        {
            var abi = Abi;
            switch (type.Unalias())
            {
                case PrimitiveType { Kind: PrimitiveKind.String }:
                    code.Append(CultureInfo($"\taddress, length := {abi}.LowerString(v)\n\t{abi}.StoreU32(p, address)\n\t{abi}.StoreU32(p+4, length)\n"));
                    return;
                case PrimitiveType primitive:
                    var bits = CanonicalAbi.Size(primitive) * 8;
                    code.Append(CultureInfo($"\t{abi}.StoreU{bits}(p, uint{bits}({PrimitiveToSlot(primitive, "v")}))\n"));
                    return;
                case TypeDefinition definition:
                    switch (definition.Kind)
                    {
                        case RecordKind or TupleKind:
                            var offsets = AbiLayouts.Record([.. Fields(definition).Select(field => field.Type)]).Offsets;
                            var index = 0;
                            foreach (var (fieldName, fieldType) in Fields(definition))
                            {
                                code.Append(CultureInfo($"\tstore{Helper(fieldType)}(p + {offsets[index++]}, v.{fieldName})\n"));
                            }

                            return;
                        case EnumKind or FlagsKind or HandleKind or ResourceKind:
                            var size = CanonicalAbi.Size(definition) * 8;
                            code.Append(CultureInfo($"\t{abi}.StoreU{size}(p, uint{size}(v))\n"));
                            return;
                        case ListKind list:
                            code.Append(CultureInfo($"\t{abi}.StoreU32(p, uint32(storeList{Helper(list.Element)}(v.Slice())))\n\t{abi}.StoreU32(p+4, uint32(v.Len()))\n"));
                            EnsureListStore(list.Element);
                            return;
                    }

                    if (VariantLike(definition, GoType(definition)) is { } shape)
                    {
                        var layout = AbiLayouts.Variant(definition);
                        var bitsOfTag = layout.DiscriminantSize * 8;
                        code.Append(CultureInfo($"\tswitch {shape.Tag.Replace("abi_tag", abi + ".Tag", StringComparison.Ordinal)} {{\n"));
                        for (var i = 0; i < shape.Cases.Count; i++)
                        {
                            var c = shape.Cases[i];
                            code.Append(CultureInfo($"\tcase {i}:\n\t\t{abi}.StoreU{bitsOfTag}(p, {i})\n"));
                            if (c.Payload is not null)
                            {
                                code.Append(CultureInfo($"\t\tstore{Helper(c.Payload)}(p + {layout.PayloadOffset}, {c.Access})\n"));
                            }
                        }

                        code.Append("\t}\n");
                        return;
                    }

                    break;
            }

            throw new WasmcPluginException($"type {type} cannot be stored in Go yet");
        }

        private static IEnumerable<(string Name, WitType Type)> Fields(TypeDefinition definition) => definition.Kind switch
        {
            RecordKind record => record.Fields.Select(f => (Exported(f.Name), f.Type)),
            TupleKind tuple => tuple.Types.Select((t, i) => (FormattableString.Invariant($"F{i}"), t)),
            _ => [],
        };

        private string SlotToPrimitive(PrimitiveType primitive, string slot) => primitive.Kind switch
        {
            PrimitiveKind.Bool => $"{Abi}.Bool({slot})",
            PrimitiveKind.F32 => $"{Abi}.SlotF32({slot})",
            PrimitiveKind.F64 => $"{Abi}.SlotF64({slot})",
            PrimitiveKind.Char => $"rune(uint32({slot}))",
            _ => $"{Primitive(primitive)}({slot})",
        };

        private string PrimitiveToSlot(PrimitiveType primitive, string value) => primitive.Kind switch
        {
            PrimitiveKind.Bool => $"{Abi}.BoolSlot({value})",
            PrimitiveKind.F32 => $"{Abi}.F32Slot({value})",
            PrimitiveKind.F64 => $"{Abi}.F64Slot({value})",
            PrimitiveKind.S8 or PrimitiveKind.S16 or PrimitiveKind.S32 => $"uint64(uint32(int32({value})))",
            PrimitiveKind.Char => $"uint64(uint32({value}))",
            _ => $"uint64({value})",
        };
    }
}
