using System.Text;
using Wasmc.Wit.Internal.Parsing;

namespace Wasmc.Wit.Internal.Resolution;

/// <summary>
/// Resolves the files of one package into an <see cref="UnresolvedPackage"/>: names are looked up,
/// types allocated in the order wasm-tools allocates them (its `ast/resolve.rs`), and references to
/// other packages left as placeholders for <see cref="ResolveBuilder"/>.
/// </summary>
internal sealed class PackageResolver
{
    private readonly List<List<TopLevelItem>> _declLists = [];
    private readonly List<string> _paths = [];
    private PackageNameSyntax? _packageName;
    private Docs _packageDocs = Docs.Empty;

    private readonly List<TypeDef> _types = [];
    private readonly List<Iface> _interfaces = [];
    private readonly List<World> _worlds = [];
    private readonly Dictionary<string, int> _anonTypes = new(StringComparer.Ordinal);
    private int _currentFile;
    private readonly List<Dictionary<string, ItemRef>> _fileItems = [];
    private readonly Dictionary<string, ItemRef> _packageItems = new(StringComparer.Ordinal);
    private readonly List<OrderedDictionary<string, (TypeOrItem Item, Span Span)>> _interfaceTypes = [];
    private readonly List<(PackageName Name, SemVer? Version, Span Span, OrderedDictionary<string, (ItemRef Item, List<Stability> Stabilities)> Items)> _foreignDeps = [];
    private readonly HashSet<int> _foreignInterfaces = [];
    private OrderedDictionary<string, (TypeOrItem Item, Span Span)> _typeLookup = new(StringComparer.Ordinal);
    private readonly List<(int, Span)> _requiredResourceTypes = [];

    private readonly record struct TypeOrItem(int TypeId, string? ItemKind);

    private sealed record PathVisit(Id? Owner, List<Parsing.Attribute> Attributes, UsePath Path, List<UseName>? Names, bool IsWorld);

    public void Push(PackageFileSyntax file, string path)
    {
        if (file.PackageId is { } id)
        {
            var name = id.ToPackageName();
            if (_packageName is { } previous && previous.ToPackageName() != name)
            {
                throw id.Span.Error($"package identifier `{name}` does not match previous package name of `{previous.ToPackageName()}`");
            }

            _packageName = id;
            var docs = MakeDocs(id.Docs);
            if (docs.Contents is not null)
            {
                if (_packageDocs.Contents is not null)
                {
                    throw id.Docs.Span.Error("found doc comments on multiple 'package' items");
                }

                _packageDocs = docs;
            }
        }

        foreach (var item in file.Items)
        {
            if (item is NestedPackage nested)
            {
                throw nested.Package.PackageId!.Span.Error("nested packages must be placed at the top-level");
            }
        }

        _declLists.Add(file.Items);
        _paths.Add(path);
    }

    public UnresolvedPackage Resolve()
    {
        var nameSyntax = _packageName ?? throw new WitException("no `package` header was found in any WIT file for this package");

        PopulateForeignDeps();
        var (interfaceOrder, worldOrder) = PopulateAstItems();
        PopulateForeignTypes();

        var interfaceAsts = new Dictionary<int, (InterfaceSyntax, int)>();
        var worldAsts = new Dictionary<int, (WorldSyntax, int)>();
        for (var i = 0; i < _declLists.Count; i++)
        {
            foreach (var item in _declLists[i])
            {
                switch (item)
                {
                    case InterfaceSyntax iface:
                        interfaceAsts[_fileItems[i][iface.Name.Name].Id] = (iface, i);
                        break;
                    case WorldSyntax world:
                        worldAsts[_fileItems[i][world.Name.Name].Id] = (world, i);
                        break;
                }
            }
        }

        foreach (var id in interfaceOrder)
        {
            var (iface, file) = interfaceAsts[id];
            _currentFile = file;
            ResolveInterface(id, iface.Items, iface.Docs, iface.Attributes);
        }

        foreach (var id in worldOrder)
        {
            var (world, file) = worldAsts[id];
            _currentFile = file;
            ResolveWorld(id, world);
        }

        return new UnresolvedPackage
        {
            Name = nameSyntax.ToPackageName(),
            Version = nameSyntax.Version,
            NameSpan = nameSyntax.Span,
            Docs = _packageDocs,
            Types = _types,
            Interfaces = _interfaces,
            Worlds = _worlds,
            ForeignDeps = _foreignDeps,
            RequiredResourceTypes = _requiredResourceTypes,
            SourcePaths = _paths.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    private static IEnumerable<PathVisit> ForEachPath(List<TopLevelItem> items)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case WorldSyntax world:
                    // Imports are visited before exports, as the reference does, to keep round-trips stable.
                    var kinds = new List<(ExternKind Kind, List<Parsing.Attribute> Attributes)>();
                    var exports = new List<(ExternKind Kind, List<Parsing.Attribute> Attributes)>();
                    foreach (var worldItem in world.Items)
                    {
                        switch (worldItem)
                        {
                            case WorldUse u:
                                yield return new PathVisit(null, u.Use.Attributes, u.Use.From, u.Use.Names, false);
                                break;
                            case WorldInclude inc:
                                yield return new PathVisit(world.Name, inc.Attributes, inc.From, null, true);
                                break;
                            case WorldImport imp:
                                kinds.Add((imp.Kind, imp.Attributes));
                                break;
                            case WorldExport exp:
                                exports.Add((exp.Kind, exp.Attributes));
                                break;
                        }
                    }

                    kinds.AddRange(exports);
                    foreach (var (kind, attributes) in kinds)
                    {
                        switch (kind)
                        {
                            case ExternInterface inline:
                                foreach (var inlineItem in inline.Items)
                                {
                                    if (inlineItem is InterfaceUse u)
                                    {
                                        yield return new PathVisit(null, u.Use.Attributes, u.Use.From, u.Use.Names, false);
                                    }
                                }

                                break;
                            case ExternPath path:
                                yield return new PathVisit(null, attributes, path.Path, null, false);
                                break;
                        }
                    }

                    break;
                case InterfaceSyntax iface:
                    foreach (var ifaceItem in iface.Items)
                    {
                        if (ifaceItem is InterfaceUse u)
                        {
                            yield return new PathVisit(iface.Name, u.Use.Attributes, u.Use.From, u.Use.Names, false);
                        }
                    }

                    break;
                case TopLevelUse u:
                    yield return new PathVisit(null, u.Attributes, u.Item, null, false);
                    break;
            }
        }
    }

    private void PopulateForeignDeps()
    {
        foreach (var declList in _declLists)
        {
            foreach (var visit in ForEachPath(declList))
            {
                if (visit.Path is not PackageUsePath { Package: var package, Name: var name })
                {
                    continue;
                }

                var stability = MakeStability(visit.Attributes);
                var packageName = package.ToPackageName();
                var index = _foreignDeps.FindIndex(d => d.Name == packageName);
                if (index < 0)
                {
                    _foreignDeps.Add((packageName, package.Version, package.Span, new OrderedDictionary<string, (ItemRef, List<Stability>)>(StringComparer.Ordinal)));
                    index = _foreignDeps.Count - 1;
                }

                var deps = _foreignDeps[index].Items;
                if (!deps.TryGetValue(name.Name, out var entry))
                {
                    var itemRef = visit.IsWorld ? new ItemRef(true, AllocWorld(name.Span)) : new ItemRef(false, AllocInterface(name.Span));
                    entry = (itemRef, []);
                    deps.Add(name.Name, entry);
                }

                entry.Stabilities.Add(stability);
                if (!entry.Item.IsWorld)
                {
                    _foreignInterfaces.Add(entry.Item.Id);
                }
            }
        }
    }

    private int AllocInterface(Span span)
    {
        _interfaceTypes.Add(new OrderedDictionary<string, (TypeOrItem, Span)>(StringComparer.Ordinal));
        _interfaces.Add(new Iface { Span = span });
        return _interfaces.Count - 1;
    }

    private int AllocWorld(Span span)
    {
        _worlds.Add(new World { Name = string.Empty, Span = span });
        return _worlds.Count - 1;
    }

    private (List<int> Interfaces, List<int> Worlds) PopulateAstItems()
    {
        var packageItemSpans = new Dictionary<string, Span>(StringComparer.Ordinal);
        var names = new Dictionary<string, TopLevelItem>(StringComparer.Ordinal);
        var order = new OrderedDictionary<string, List<Id>>(StringComparer.Ordinal);
        foreach (var declList in _declLists)
        {
            foreach (var item in declList)
            {
                Id? itemName = item switch
                {
                    InterfaceSyntax i => i.Name,
                    WorldSyntax w => w.Name,
                    _ => null,
                };
                if (itemName is null)
                {
                    continue;
                }

                if (!packageItemSpans.TryAdd(itemName.Name, itemName.Span))
                {
                    throw itemName.Span.Error($"duplicate item named `{itemName.Name}`");
                }

                order.Add(itemName.Name, []);
                names.Add(itemName.Name, item);
            }
        }

        foreach (var declList in _declLists)
        {
            // Names at the top of this file: local items, or `use`d foreign/local items.
            var fileNamespace = new Dictionary<string, (Span Span, Id? Local)>(StringComparer.Ordinal);
            foreach (var item in declList)
            {
                var (name, local) = item switch
                {
                    TopLevelUse u => (u.As ?? u.Item.NameId, u.Item is LocalUsePath l ? l.Id : null),
                    InterfaceSyntax i => (i.Name, i.Name),
                    WorldSyntax w => (w.Name, w.Name),
                    _ => throw new InvalidOperationException(),
                };
                if (!fileNamespace.TryAdd(name.Name, (name.Span, local)))
                {
                    throw name.Span.Error($"duplicate name `{name.Name}` in this file");
                }
            }

            foreach (var visit in ForEachPath(declList))
            {
                if (visit.Owner is not { } owner || visit.Path is not LocalUsePath { Id: var used })
                {
                    continue;
                }

                if (fileNamespace.TryGetValue(used.Name, out var entry))
                {
                    if (entry.Local is { } local)
                    {
                        order[owner.Name].Add(local);
                    }
                }
                else if (packageItemSpans.ContainsKey(used.Name))
                {
                    order[owner.Name].Add(used);
                }
                else
                {
                    throw used.Span.Error($"interface or world `{used.Name}` not found in package");
                }
            }
        }

        var sorted = TopoSort.Sort("interface or world", order);
        var ids = new Dictionary<string, ItemRef>(StringComparer.Ordinal);
        var interfaceOrder = new List<int>();
        var worldOrder = new List<int>();
        foreach (var name in sorted)
        {
            if (names[name] is InterfaceSyntax)
            {
                var id = AllocInterface(packageItemSpans[name]);
                _interfaces[id].Name = name;
                ids[name] = new ItemRef(false, id);
                interfaceOrder.Add(id);
            }
            else
            {
                var id = AllocWorld(packageItemSpans[name]);
                _worlds[id].Name = name;
                ids[name] = new ItemRef(true, id);
                worldOrder.Add(id);
            }
        }

        foreach (var declList in _declLists)
        {
            var items = new Dictionary<string, ItemRef>(StringComparer.Ordinal);
            foreach (var item in declList)
            {
                switch (item)
                {
                    case TopLevelUse u:
                        if (u.Attributes.Count > 0)
                        {
                            throw u.Span.Error("attributes not allowed on top-level use");
                        }

                        var name = u.As ?? u.Item.NameId;
                        var target = u.Item switch
                        {
                            LocalUsePath l => ids.TryGetValue(l.Id.Name, out var r) ? r : throw l.Id.Span.Error($"interface or world `{l.Id.Name}` does not exist"),
                            PackageUsePath p => ForeignItem(p),
                            _ => throw new InvalidOperationException(),
                        };
                        items[name.Name] = target;
                        break;
                    case InterfaceSyntax i:
                        items[i.Name.Name] = ids[i.Name.Name];
                        _packageItems[i.Name.Name] = ids[i.Name.Name];
                        break;
                    case WorldSyntax w:
                        items[w.Name.Name] = ids[w.Name.Name];
                        _packageItems[w.Name.Name] = ids[w.Name.Name];
                        break;
                }
            }

            _fileItems.Add(items);
        }

        return (interfaceOrder, worldOrder);
    }

    private ItemRef ForeignItem(PackageUsePath path) =>
        _foreignDeps.First(d => d.Name == path.Package.ToPackageName()).Items[path.Name.Name].Item;

    private void PopulateForeignTypes()
    {
        for (var i = 0; i < _declLists.Count; i++)
        {
            _currentFile = i;
            foreach (var visit in ForEachPath(_declLists[i]))
            {
                if (visit.Names is null)
                {
                    continue;
                }

                var stability = MakeStability(visit.Attributes);
                var (item, name, span) = ResolveItemPath(visit.Path);
                var iface = ExtractInterface(item, name, span);
                if (!_foreignInterfaces.Contains(iface))
                {
                    continue;
                }

                var lookup = _interfaceTypes[iface];
                foreach (var useName in visit.Names)
                {
                    if (lookup.ContainsKey(useName.Name.Name))
                    {
                        continue;
                    }

                    var id = AllocType(new TypeDef
                    {
                        Kind = new UnknownK(),
                        Name = useName.Name.Name,
                        Owner = Owner.OfInterface(iface),
                        Stability = stability,
                        Span = useName.Name.Span,
                    });
                    lookup.Add(useName.Name.Name, (new TypeOrItem(id, null), useName.Name.Span));
                    _interfaces[iface].Types[useName.Name.Name] = id;
                }
            }
        }
    }

    private int AllocType(TypeDef def)
    {
        _types.Add(def);
        return _types.Count - 1;
    }

    private void ResolveWorld(int worldId, WorldSyntax world)
    {
        var w = _worlds[worldId];
        w.Docs = MakeDocs(world.Docs);
        w.Stability = MakeStability(world.Attributes);

        ResolveTypes(
            Owner.OfWorld(worldId),
            world.Items.Select(i => i switch
            {
                WorldUse u => (object?)u.Use,
                WorldTypeDef t => t.Def,
                _ => null,
            }).Where(x => x is not null).Cast<object>().ToList());

        foreach (var include in world.Items.OfType<WorldInclude>())
        {
            var stability = MakeStability(include.Attributes);
            var (item, name, span) = ResolveItemPath(include.From);
            var includeFrom = ExtractWorld(item, name, span);
            w.Includes.Add((stability, includeFrom));
            w.IncludeNames.Add(include.Names.Select(n => (n.Name.Name, n.As.Name)).ToList());
            w.IncludeSpans.Add(span);
        }

        var importSpans = new List<Span>();
        var exportSpans = new List<Span>();
        foreach (var (name, (item, span)) in _typeLookup)
        {
            if (!w.Imports.TryAdd(new NameKey(name), new TypeItem(item.TypeId)))
            {
                throw span.Error($"import `{name}` conflicts with prior import of same name");
            }

            importSpans.Add(span);
        }

        var importedInterfaces = new HashSet<int>();
        var exportedInterfaces = new HashSet<int>();
        foreach (var item in world.Items)
        {
            DocComments docs;
            List<Parsing.Attribute> attributes;
            ExternKind kind;
            bool isImport;
            switch (item)
            {
                case WorldImport imp:
                    (docs, attributes, kind, isImport) = (imp.Docs, imp.Attributes, imp.Kind, true);
                    break;
                case WorldExport exp:
                    (docs, attributes, kind, isImport) = (exp.Docs, exp.Attributes, exp.Kind, false);
                    break;
                case WorldTypeDef { Def: { Type: ResourceSyntax resource } def }:
                    foreach (var func in resource.Funcs)
                    {
                        importSpans.Add(func.Func.Name.Span);
                        var resolved = ResolveResourceFunc(func, def.Name);
                        w.Imports.Add(new NameKey(resolved.Name), new FuncItem(resolved));
                    }

                    continue;
                default:
                    continue;
            }

            var worldItem = ResolveWorldItem(docs, attributes, kind);
            Key key = kind switch
            {
                ExternInterface inline => new NameKey(inline.Name.Name),
                ExternFunc => new NameKey(((FuncItem)worldItem).Func.Name),
                ExternPath path => new IfaceKey(ResolvePathInterface(path.Path)),
                _ => throw new InvalidOperationException(),
            };
            var desc = isImport ? "import" : "export";
            if (worldItem is IfaceItem ifaceItem && !(isImport ? importedInterfaces : exportedInterfaces).Add(ifaceItem.Id))
            {
                throw kind.Span.Error($"interface cannot be {desc}ed more than once");
            }

            var dst = isImport ? w.Imports : w.Exports;
            if (dst.TryGetValue(key, out var prev))
            {
                var prevDesc = prev switch
                {
                    IfaceItem => "interface",
                    FuncItem => "func",
                    _ => "type",
                };
                throw kind.Span.Error($"{desc} `{((NameKey)key).Name}` conflicts with prior {prevDesc} of same name");
            }

            dst.Add(key, worldItem);
            (isImport ? importSpans : exportSpans).Add(kind.Span);
        }

        w.ImportSpans = importSpans;
        w.ExportSpans = exportSpans;
        _typeLookup.Clear();
    }

    private int ResolvePathInterface(UsePath path)
    {
        var (item, name, span) = ResolveItemPath(path);
        return ExtractInterface(item, name, span);
    }

    private Item ResolveWorldItem(DocComments docs, List<Parsing.Attribute> attributes, ExternKind kind)
    {
        switch (kind)
        {
            case ExternInterface inline:
                var saved = _typeLookup;
                _typeLookup = new OrderedDictionary<string, (TypeOrItem, Span)>(StringComparer.Ordinal);
                var id = AllocInterface(inline.Name.Span);
                ResolveInterface(id, inline.Items, docs, attributes);
                _typeLookup = saved;
                return new IfaceItem(id, _interfaces[id].Stability);
            case ExternPath path:
                var stability = MakeStability(attributes);
                return new IfaceItem(ResolvePathInterface(path.Path), stability);
            case ExternFunc func:
                return new FuncItem(ResolveFunction(
                    docs,
                    attributes,
                    func.Name.Name,
                    func.Func,
                    func.Func.IsAsync ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding,
                    null,
                    func.Name.Span));
            default:
                throw new InvalidOperationException();
        }
    }

    private void ResolveInterface(int interfaceId, List<InterfaceItem> fields, DocComments docs, List<Parsing.Attribute> attributes)
    {
        var iface = _interfaces[interfaceId];
        iface.Docs = MakeDocs(docs);
        iface.Stability = MakeStability(attributes);

        ResolveTypes(
            Owner.OfInterface(interfaceId),
            fields.Select(i => i switch
            {
                InterfaceUse u => (object?)u.Use,
                InterfaceTypeDef t => t.Def,
                _ => null,
            }).Where(x => x is not null).Cast<object>().ToList());

        foreach (var (name, (item, _)) in _typeLookup)
        {
            iface.Types[name] = item.TypeId;
        }

        var funcs = new List<Func>();
        foreach (var field in fields)
        {
            switch (field)
            {
                case InterfaceFunc { Func: var f }:
                    DefineInterfaceName(f.Name, new TypeOrItem(-1, "function"));
                    funcs.Add(ResolveFunction(
                        f.Docs,
                        f.Attributes,
                        f.Name.Name,
                        f.Func,
                        f.Func.IsAsync ? FunctionKind.AsyncFreestanding : FunctionKind.Freestanding,
                        null,
                        f.Name.Span));
                    iface.FuncSpans.Add(f.Name.Span);
                    break;
                case InterfaceTypeDef { Def: { Type: ResourceSyntax resource } def }:
                    foreach (var func in resource.Funcs)
                    {
                        funcs.Add(ResolveResourceFunc(func, def.Name));
                        iface.FuncSpans.Add(func.Func.Name.Span);
                    }

                    break;
            }
        }

        foreach (var func in funcs)
        {
            iface.Functions.Add(func.Name, func);
        }

        _interfaceTypes[interfaceId] = _typeLookup;
        _typeLookup = new OrderedDictionary<string, (TypeOrItem, Span)>(StringComparer.Ordinal);
    }

    /// <summary>Defines `use`d names, then the type definitions in dependency order.</summary>
    private void ResolveTypes(Owner owner, List<object> fields)
    {
        foreach (var use in fields.OfType<UseSyntax>())
        {
            ResolveUse(owner, use);
        }

        var typeDeps = new OrderedDictionary<string, List<Id>>(StringComparer.Ordinal);
        var typeDefs = new Dictionary<string, TypeDefSyntax?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            switch (field)
            {
                case TypeDefSyntax def:
                    if (!typeDefs.TryAdd(def.Name.Name, def))
                    {
                        throw def.Name.Span.Error($"name `{def.Name.Name}` is defined more than once");
                    }

                    var deps = new List<Id>();
                    CollectDeps(def.Type, deps);
                    typeDeps[def.Name.Name] = deps;
                    break;
                case UseSyntax use:
                    foreach (var name in use.Names)
                    {
                        var local = name.As ?? name.Name;
                        typeDeps[local.Name] = [];
                        typeDefs[local.Name] = null;
                    }

                    break;
            }
        }

        foreach (var name in TopoSort.Sort("type", typeDeps))
        {
            if (typeDefs[name] is not { } def)
            {
                continue;
            }

            var docs = MakeDocs(def.Docs);
            var stability = MakeStability(def.Attributes);
            var kind = ResolveTypeDef(def.Type, stability);
            var id = AllocType(new TypeDef
            {
                Docs = docs,
                Stability = stability,
                Kind = kind,
                Name = def.Name.Name,
                Owner = owner,
                Span = def.Name.Span,
            });
            DefineInterfaceName(def.Name, new TypeOrItem(id, null));
        }
    }

    private void ResolveUse(Owner owner, UseSyntax use)
    {
        var (item, itemName, span) = ResolveItemPath(use.From);
        var useFrom = ExtractInterface(item, itemName, span);
        var stability = MakeStability(use.Attributes);
        foreach (var name in use.Names)
        {
            var lookup = _interfaceTypes[useFrom];
            if (!lookup.TryGetValue(name.Name.Name, out var found))
            {
                throw name.Name.Span.Error($"name `{name.Name.Name}` is not defined");
            }

            if (found.Item.ItemKind is { } itemKind)
            {
                throw name.Name.Span.Error($"cannot import {itemKind} `{name.Name.Name}`");
            }

            var local = name.As ?? name.Name;
            var id = AllocType(new TypeDef
            {
                Stability = stability,
                Kind = new AliasK(Ty.Of(found.Item.TypeId)),
                Name = local.Name,
                Owner = owner,
                Span = name.Name.Span,
            });
            DefineInterfaceName(local, new TypeOrItem(id, null));
        }
    }

    private Func ResolveResourceFunc(ResourceFunc func, Id resource)
    {
        var resourceId = _typeLookup[resource.Name].Item.TypeId;
        var named = func.Func;
        var isAsync = named.Func.IsAsync;
        var (name, kind) = func.Kind switch
        {
            ResourceFuncKind.Method => ($"[method]{resource.Name}.{named.Name.Name}", isAsync ? FunctionKind.AsyncMethod : FunctionKind.Method),
            ResourceFuncKind.Static => ($"[static]{resource.Name}.{named.Name.Name}", isAsync ? FunctionKind.AsyncStatic : FunctionKind.Static),
            _ => ($"[constructor]{resource.Name}", FunctionKind.Constructor),
        };
        return ResolveFunction(named.Docs, named.Attributes, name, named.Func, kind, resourceId, named.Name.Span);
    }

    private Func ResolveFunction(DocComments docs, List<Parsing.Attribute> attributes, string name, FuncSyntax func, FunctionKind kind, int? resource, Span span)
    {
        var resolvedDocs = MakeDocs(docs);
        var stability = MakeStability(attributes);
        var parameters = new List<(string, Ty)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (kind is FunctionKind.Method or FunctionKind.AsyncMethod)
        {
            var handle = new HandleK(resource!.Value, true);
            parameters.Add(("self", AnonType(handle, FindStability(handle, Stability.Unknown), func.Span)));
            seen.Add("self");
        }

        foreach (var (paramName, type) in func.Params)
        {
            var resolved = ResolveType(type, Stability.Unknown);
            if (!seen.Add(paramName.Name))
            {
                throw paramName.Span.Error($"param `{paramName.Name}` is defined more than once");
            }

            parameters.Add((paramName.Name, resolved));
        }

        Ty? result;
        if (kind == FunctionKind.Constructor)
        {
            result = func.Result is null ? Ty.Of(resource!.Value) : ResolveConstructorResult(resource!.Value, func.Result);
        }
        else
        {
            result = func.Result is null ? null : ResolveType(func.Result, Stability.Unknown);
        }

        return new Func
        {
            Docs = resolvedDocs,
            Stability = stability,
            Name = name,
            Kind = kind,
            Resource = resource,
            Params = parameters,
            Result = result,
            Span = span,
        };
    }

    private Ty ResolveConstructorResult(int resourceId, TypeSyntax resultSyntax)
    {
        var result = ResolveType(resultSyntax, Stability.Unknown);
        if (!result.IsId || _types[result.Id].Kind is not ResultK r)
        {
            throw resultSyntax.Span.Error("if a constructor return type is declared it must be a `result`");
        }

        if (r.Ok is { IsId: true } ok && ok.Id == resourceId)
        {
            return result;
        }

        var okSpan = resultSyntax is ResultSyntax { Ok: { } okSyntax } ? okSyntax.Span : resultSyntax.Span;
        throw okSpan.Error("the `ok` type must be the resource being constructed");
    }

    private (ItemRef Item, string Name, Span Span) ResolveItemPath(UsePath path)
    {
        switch (path)
        {
            case LocalUsePath { Id: var id }:
                if (_fileItems[_currentFile].TryGetValue(id.Name, out var item) || _packageItems.TryGetValue(id.Name, out item))
                {
                    return (item, id.Name, id.Span);
                }

                throw id.Span.Error($"interface or world `{id.Name}` does not exist");
            case PackageUsePath p:
                return (ForeignItem(p), p.Name.Name, p.Name.Span);
            default:
                throw new InvalidOperationException();
        }
    }

    private static int ExtractInterface(ItemRef item, string name, Span span) => item.IsWorld
        ? throw span.Error($"name `{name}` is defined as a world, not an interface")
        : item.Id;

    private static int ExtractWorld(ItemRef item, string name, Span span) => item.IsWorld
        ? item.Id
        : throw span.Error($"name `{name}` is defined as an interface, not a world");

    private void DefineInterfaceName(Id name, TypeOrItem item)
    {
        if (!_typeLookup.TryAdd(name.Name, (item, name.Span)))
        {
            throw name.Span.Error($"name `{name.Name}` is defined more than once");
        }
    }

    private Kind ResolveTypeDef(TypeSyntax type, Stability stability)
    {
        switch (type)
        {
            case PrimitiveSyntax p:
                return new AliasK(Ty.Prim(p.Type));
            case NameSyntax n:
                return new AliasK(Ty.Of(ResolveTypeName(n.Name)));
            case ListSyntax l:
                return new ListK(ResolveType(l.Element, stability));
            case MapSyntax m:
                {
                    var key = ResolveType(m.Key, stability);
                    var value = ResolveType(m.Value, stability);
                    if (key.IsId || key.Primitive.Kind is PrimitiveKind.F32 or PrimitiveKind.F64 or PrimitiveKind.ErrorContext)
                    {
                        throw m.Span.Error("invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string");
                    }

                    return new MapK(key, value);
                }

            case FixedListSyntax f:
                return new FixedListK(ResolveType(f.Element, stability), f.Size);
            case HandleSyntax h:
                return new HandleK(ValidateResource(h.Resource), h.IsBorrow);
            case ResourceSyntax r:
                {
                    var constructors = 0;
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var func in r.Funcs)
                    {
                        if (func.Kind == ResourceFuncKind.Constructor)
                        {
                            if (++constructors > 1)
                            {
                                throw func.Func.Name.Span.Error("duplicate constructors");
                            }
                        }
                        else if (!names.Add(func.Func.Name.Name))
                        {
                            throw func.Func.Name.Span.Error($"duplicate function name `{func.Func.Name.Name}`");
                        }
                    }

                    return new ResourceK();
                }

            case RecordSyntax r:
                return new RecordK(r.Fields.Select(f => (f.Name.Name, ResolveType(f.Type, stability), MakeDocs(f.Docs))).ToList());
            case FlagsSyntax f:
                return new FlagsK(f.Flags.Select(x => (x.Name.Name, MakeDocs(x.Docs))).ToList());
            case TupleSyntax t:
                return new TupleK(t.Types.Select(x => ResolveType(x, stability)).ToList());
            case VariantSyntax v:
                if (v.Cases.Count == 0)
                {
                    throw v.Span.Error("empty variant");
                }

                return new VariantK(v.Cases.Select(c => (c.Name.Name, c.Type is null ? (Ty?)null : ResolveType(c.Type, stability), MakeDocs(c.Docs))).ToList());
            case EnumSyntax e:
                if (e.Cases.Count == 0)
                {
                    throw e.Span.Error("empty enum");
                }

                return new EnumK(e.Cases.Select(c => (c.Name.Name, MakeDocs(c.Docs))).ToList());
            case OptionSyntax o:
                return new OptionK(ResolveType(o.Inner, stability));
            case ResultSyntax r:
                return new ResultK(
                    r.Ok is null ? null : ResolveType(r.Ok, stability),
                    r.Err is null ? null : ResolveType(r.Err, stability));
            case FutureSyntax f:
                return new FutureK(f.Payload is null ? null : ResolveType(f.Payload, stability));
            case StreamSyntax s:
                return new StreamK(s.Payload is null ? null : ResolveType(s.Payload, stability));
            default:
                throw new InvalidOperationException();
        }
    }

    private int ResolveTypeName(Id name)
    {
        if (!_typeLookup.TryGetValue(name.Name, out var found))
        {
            throw name.Span.Error($"name `{name.Name}` is not defined");
        }

        return found.Item.ItemKind is { } itemKind
            ? throw name.Span.Error($"cannot use {itemKind} `{name.Name}` as a type")
            : found.Item.TypeId;
    }

    private int ValidateResource(Id name)
    {
        var id = ResolveTypeName(name);
        var current = id;
        while (true)
        {
            switch (_types[current].Kind)
            {
                case ResourceK:
                    return id;
                case AliasK { Target: { IsId: true } target }:
                    current = target.Id;
                    break;
                case UnknownK:
                    _requiredResourceTypes.Add((current, name.Span));
                    return id;
                default:
                    throw name.Span.Error($"type `{name.Name}` used in a handle must be a resource");
            }
        }
    }

    /// <summary>Anonymous types inherit the stability of the first gated type they mention.</summary>
    private Stability FindStability(Kind kind, Stability stability)
    {
        if (stability is not Stability.UnknownStability)
        {
            return stability;
        }

        Stability? InType(Ty? ty) => ty is { IsId: true } t && _types[t.Id].Stability is not Stability.UnknownStability
            ? _types[t.Id].Stability
            : null;

        var found = kind switch
        {
            AliasK a => InType(a.Target),
            HandleK h => InType(Ty.Of(h.Resource)),
            TupleK t => t.Types.Select(x => InType(x)).FirstOrDefault(x => x is not null),
            ListK l => InType(l.Element),
            FixedListK f => InType(f.Element),
            OptionK o => InType(o.Inner),
            MapK m => InType(m.Key) ?? InType(m.Value),
            FutureK f => InType(f.Payload),
            StreamK s => InType(s.Payload),
            ResultK r => InType(r.Ok) ?? InType(r.Err),
            _ => null,
        };
        return found ?? Stability.Unknown;
    }

    private Ty ResolveType(TypeSyntax type, Stability stability)
    {
        var kind = ResolveTypeDef(type, stability);
        return AnonType(kind, FindStability(kind, stability), type.Span);
    }

    private Ty AnonType(Kind kind, Stability stability, Span span)
    {
        string key;
        switch (kind)
        {
            case AliasK a:
                return a.Target;
            case HandleK { IsBorrow: false } h:
                // An anonymous `own<T>` is just `T`; `own` handles are introduced later for resources.
                return Ty.Of(h.Resource);
            case HandleK h:
                key = $"borrow {h.Resource}";
                break;
            case RecordK r:
                key = "record " + string.Join(",", r.Fields.Select(f => $"{f.Name}:{f.Type}"));
                break;
            case FlagsK f:
                key = "flags " + string.Join(",", f.Flags.Select(x => x.Name));
                break;
            case TupleK t:
                key = "tuple " + string.Join(",", t.Types);
                break;
            case EnumK e:
                key = "enum " + string.Join(",", e.Cases.Select(c => c.Name));
                break;
            case VariantK v:
                key = "variant " + string.Join(",", v.Cases.Select(c => $"{c.Name}:{c.Type?.ToString() ?? "-"}"));
                break;
            case ListK l:
                key = $"list {l.Element}";
                break;
            case MapK m:
                key = $"map {m.Key},{m.Value}";
                break;
            case FixedListK f:
                key = $"fixed {f.Element},{f.Size}";
                break;
            case OptionK o:
                key = $"option {o.Inner}";
                break;
            case ResultK r:
                key = $"result {r.Ok?.ToString() ?? "-"},{r.Err?.ToString() ?? "-"}";
                break;
            case FutureK f:
                key = $"future {f.Payload?.ToString() ?? "-"}";
                break;
            case StreamK s:
                key = $"stream {s.Payload?.ToString() ?? "-"}";
                break;
            default:
                throw new InvalidOperationException($"unexpected anonymous {kind}");
        }

        if (!_anonTypes.TryGetValue(key, out var id))
        {
            id = AllocType(new TypeDef { Kind = kind, Owner = Owner.None, Stability = stability, Span = span });
            _anonTypes.Add(key, id);
        }

        return Ty.Of(id);
    }

    internal static Docs MakeDocs(DocComments docs)
    {
        if (docs.Lines.Count == 0)
        {
            return Docs.Empty;
        }

        var lines = new List<string>();
        foreach (var doc in docs.Lines)
        {
            var contents = doc.StartsWith("/**", StringComparison.Ordinal)
                ? doc[3..^2]
                : doc.TrimStart('/');
            lines.Add(contents.TrimEnd());
        }

        var minLeading = lines.Where(l => l.Length > 0)
            .Select(l => l.TakeWhile(c => c is ' ' or '\t' or '\n' or '\r' or '\f').Count())
            .DefaultIfEmpty(0)
            .Min();
        if (minLeading > 0)
        {
            var prefix = new string(' ', minLeading);
            lines = lines.Select(l => l.StartsWith(prefix, StringComparison.Ordinal) ? l[minLeading..] : l).ToList();
        }

        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                builder.Append('\n');
            }
            else
            {
                foreach (var part in line.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
                {
                    builder.Append(part.TrimEnd('\r')).Append('\n');
                }
            }
        }

        var text = builder.ToString().TrimEnd('\n');
        return new Docs(text);
    }

    internal static Stability MakeStability(List<Parsing.Attribute> attributes)
    {
        switch (attributes)
        {
            case []:
                return Stability.Unknown;
            case [SinceAttribute s]:
                return new Stability.Stable(s.Version.ToString(), null);
            case [UnstableAttribute u]:
                return new Stability.Unstable(u.Feature.Name, null);
            case [DeprecatedAttribute d]:
                throw d.Span.Error("must pair @deprecated with either @since or @unstable");
            case [var a, var b]:
                var deprecated = a as DeprecatedAttribute ?? b as DeprecatedAttribute;
                var other = ReferenceEquals(deprecated, a) ? b : a;
                switch (deprecated, other)
                {
                    case ({ } d, SinceAttribute s):
                        return new Stability.Stable(s.Version.ToString(), d.Version.ToString());
                    case ({ } d, UnstableAttribute u):
                        return new Stability.Unstable(u.Feature.Name, d.Version.ToString());
                }

                throw b.Span.Error("unsupported combination of attributes");
            default:
                throw attributes[1].Span.Error("unsupported combination of attributes");
        }
    }

    private static void CollectDeps(TypeSyntax type, List<Id> deps)
    {
        switch (type)
        {
            case NameSyntax n:
                deps.Add(n.Name);
                break;
            case HandleSyntax h:
                deps.Add(h.Resource);
                break;
            case RecordSyntax r:
                r.Fields.ForEach(f => CollectDeps(f.Type, deps));
                break;
            case TupleSyntax t:
                t.Types.ForEach(x => CollectDeps(x, deps));
                break;
            case VariantSyntax v:
                foreach (var c in v.Cases.Where(c => c.Type is not null))
                {
                    CollectDeps(c.Type!, deps);
                }

                break;
            case OptionSyntax o:
                CollectDeps(o.Inner, deps);
                break;
            case ListSyntax l:
                CollectDeps(l.Element, deps);
                break;
            case FixedListSyntax f:
                CollectDeps(f.Element, deps);
                break;
            case MapSyntax m:
                CollectDeps(m.Key, deps);
                CollectDeps(m.Value, deps);
                break;
            case ResultSyntax r:
                if (r.Ok is not null)
                {
                    CollectDeps(r.Ok, deps);
                }

                if (r.Err is not null)
                {
                    CollectDeps(r.Err, deps);
                }

                break;
            case FutureSyntax { Payload: { } p }:
                CollectDeps(p, deps);
                break;
            case StreamSyntax { Payload: { } p }:
                CollectDeps(p, deps);
                break;
        }
    }
}

/// <summary>
/// wasm-tools' stable topological sort: among ready nodes the earliest in source order goes first.
/// </summary>
internal static class TopoSort
{
    public static List<string> Sort(string kind, OrderedDictionary<string, List<Id>> deps)
    {
        var count = deps.Count;
        var remaining = new int[count];
        var reverse = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            reverse[i] = [];
        }

        for (var i = 0; i < count; i++)
        {
            var edges = deps.GetAt(i).Value;
            remaining[i] = edges.Count;
            foreach (var edge in edges)
            {
                var j = deps.IndexOf(edge.Name);
                if (j < 0)
                {
                    throw edge.Span.Error($"{kind} `{edge.Name}` does not exist");
                }

                reverse[j].Add(i);
            }
        }

        var order = new List<string>(count);
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(deps.GetAt(node).Key);
            foreach (var dependent in reverse[node])
            {
                if (--remaining[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }

            reverse[node].Clear();
        }

        if (order.Count == count)
        {
            return order;
        }

        for (var i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                continue;
            }

            foreach (var dep in deps.GetAt(i).Value)
            {
                if (remaining[deps.IndexOf(dep.Name)] != 0)
                {
                    throw dep.Span.Error($"{kind} `{dep.Name}` depends on itself");
                }
            }
        }

        throw new InvalidOperationException("topological sort failed without a cycle");
    }
}
