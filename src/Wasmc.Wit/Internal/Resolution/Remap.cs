using Wasmc.Wit.Internal.Parsing;

namespace Wasmc.Wit.Internal.Resolution;

/// <summary>Moves one <see cref="UnresolvedPackage"/> into a <see cref="ResolveBuilder"/> (wasm-tools' <c>Remap::append</c>).</summary>
internal sealed class Remap
{
    private readonly ResolveBuilder _resolve;
    private readonly List<int?> _types = [];
    private readonly List<int?> _interfaces = [];
    private readonly List<int?> _worlds = [];
    private readonly Dictionary<int, int> _ownHandles = [];
    private readonly Dictionary<int, bool> _typeHasBorrow = [];

    public Remap(ResolveBuilder resolve) => _resolve = resolve;

    public int Append(UnresolvedPackage unresolved)
    {
        var r = _resolve;
        if (r.PackageNames.ContainsKey(unresolved.Name))
        {
            throw new WitException($"attempting to re-add package `{unresolved.Name}` when it's already present in this `Resolve`");
        }

        var packageId = r.Packages.Count;
        r.Packages.Add(new PackageEntry { Name = unresolved.Name, Version = unresolved.Version, Docs = unresolved.Docs, SourcePaths = unresolved.SourcePaths });
        r.PackageNames.Add(unresolved.Name, packageId);

        ProcessForeignDeps(unresolved, packageId);

        var foreignTypes = _types.Count;
        var foreignInterfaces = _interfaces.Count;
        var foreignWorlds = _worlds.Count;

        for (var i = foreignTypes; i < unresolved.Types.Count; i++)
        {
            var type = unresolved.Types[i];
            if (!r.IncludeStability(type.Stability, packageId, type.Span))
            {
                _types.Add(null);
                continue;
            }

            UpdateTypeDef(type, type.Span);
            r.Types.Add(type);
            _types.Add(r.Types.Count - 1);
        }

        for (var i = foreignInterfaces; i < unresolved.Interfaces.Count; i++)
        {
            var iface = unresolved.Interfaces[i];
            if (!r.IncludeStability(iface.Stability, packageId, iface.Span))
            {
                _interfaces.Add(null);
                continue;
            }

            iface.Package = packageId;
            UpdateInterface(iface);
            r.Interfaces.Add(iface);
            _interfaces.Add(r.Interfaces.Count - 1);
        }

        for (var i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is { } id && r.Types[id].Owner is { Kind: OwnerKind.Interface } owner)
            {
                r.Types[id].Owner = Owner.OfInterface(MapInterface(owner.Id, unresolved.Types[i].Span, "this type is not gated by a feature but its interface is gated by a feature"));
            }
        }

        for (var i = foreignWorlds; i < unresolved.Worlds.Count; i++)
        {
            var world = unresolved.Worlds[i];
            if (!r.IncludeStability(world.Stability, packageId, world.Span))
            {
                _worlds.Add(null);
                continue;
            }

            UpdateWorld(world, packageId);
            r.Worlds.Add(world);
            _worlds.Add(r.Worlds.Count - 1);
        }

        for (var i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is { } id && r.Types[id].Owner is { Kind: OwnerKind.World } owner)
            {
                r.Types[id].Owner = Owner.OfWorld(MapWorld(owner.Id, unresolved.Types[i].Span));
            }
        }

        for (var i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id)
            {
                continue;
            }

            ProcessWorldIncludes(id, packageId);
            r.ElaborateWorld(id);
        }

        for (var i = foreignInterfaces; i < _interfaces.Count; i++)
        {
            if (_interfaces[i] is not { } id)
            {
                continue;
            }

            var iface = r.Interfaces[id];
            iface.Package = packageId;
            if (iface.Name is { } name)
            {
                r.Packages[packageId].Interfaces.Add(name, id);
            }
        }

        for (var i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id)
            {
                continue;
            }

            var world = r.Worlds[id];
            world.Package = packageId;
            r.Packages[packageId].Worlds.Add(world.Name, id);
        }

        return packageId;
    }

    private static int Map(List<int?> map, int id, string desc, Span? span, string? context = null)
    {
        if (map[id] is { } mapped)
        {
            return mapped;
        }

        var message = $"found a reference to a {desc} which is excluded due to its feature not being activated";
        throw ResolveBuilder.Error(span, context is null ? message : $"{context}: {message}");
    }

    private int MapType(int id, Span? span) => Map(_types, id, "type", span);

    private int MapInterface(int id, Span? span, string? context = null) => Map(_interfaces, id, "interface", span, context);

    private int MapWorld(int id, Span? span) => Map(_worlds, id, "world", span);

    private void ProcessForeignDeps(UnresolvedPackage unresolved, int packageId)
    {
        var r = _resolve;
        var interfaceToPackage = new Dictionary<int, (PackageName Package, string Name, Span Span, List<Stability> Stabilities)>();
        var worldToPackage = new Dictionary<int, (PackageName Package, string Name, Span Span, List<Stability> Stabilities)>();
        foreach (var (name, _, span, items) in unresolved.ForeignDeps)
        {
            foreach (var (itemName, (item, stabilities)) in items)
            {
                (item.IsWorld ? worldToPackage : interfaceToPackage).Add(item.Id, (name, itemName, span, stabilities));
            }
        }

        for (var i = 0; i < unresolved.Interfaces.Count; i++)
        {
            if (!interfaceToPackage.TryGetValue(i, out var dep))
            {
                break;
            }

            if (!r.PackageNames.TryGetValue(dep.Package, out var depPackage))
            {
                var known = string.Join(", ", r.PackageNames.Keys.Select(k => $"`{k}`"));
                throw dep.Span.Error(r.PackageNames.Count == 0
                    ? $"package '{dep.Package}' not found. no known packages."
                    : $"package '{dep.Package}' not found. known packages: {known}");
            }

            var span = unresolved.Interfaces[i].Span;
            if (!dep.Stabilities.Any(s => r.IncludeStability(s, packageId, span)))
            {
                _interfaces.Add(null);
                continue;
            }

            if (!r.Packages[depPackage].Interfaces.TryGetValue(dep.Name, out var ifaceId))
            {
                throw span.Error("interface not found in package");
            }

            _interfaces.Add(ifaceId);
        }

        for (var i = 0; i < unresolved.Worlds.Count; i++)
        {
            if (!worldToPackage.TryGetValue(i, out var dep))
            {
                break;
            }

            if (!r.PackageNames.TryGetValue(dep.Package, out var depPackage))
            {
                throw dep.Span.Error("package not found");
            }

            var span = unresolved.Worlds[i].Span;
            if (!dep.Stabilities.Any(s => r.IncludeStability(s, packageId, span)))
            {
                _worlds.Add(null);
                continue;
            }

            if (!r.Packages[depPackage].Worlds.TryGetValue(dep.Name, out var worldId))
            {
                throw span.Error("world not found in package");
            }

            _worlds.Add(worldId);
        }

        foreach (var type in unresolved.Types)
        {
            if (type.Kind is not UnknownK)
            {
                break;
            }

            if (!r.IncludeStability(type.Stability, packageId, type.Span))
            {
                _types.Add(null);
                continue;
            }

            var ifaceId = MapInterface(type.Owner.Id, type.Span);
            if (!r.Interfaces[ifaceId].Types.TryGetValue(type.Name!, out var typeId))
            {
                throw type.Span.Error($"type `{type.Name}` not defined in interface");
            }

            _types.Add(typeId);
        }

        foreach (var (id, span) in unresolved.RequiredResourceTypes)
        {
            if (_types[id] is not { } current)
            {
                continue;
            }

            while (true)
            {
                var kind = r.Types[current].Kind;
                if (kind is ResourceK)
                {
                    break;
                }

                if (kind is AliasK { Target: { IsId: true } target })
                {
                    current = target.Id;
                    continue;
                }

                throw span.Error("type used in a handle must be a resource");
            }
        }
    }

    private void UpdateTypeDef(TypeDef type, Span span)
    {
        type.Kind = type.Kind switch
        {
            HandleK h => h with { Resource = MapType(h.Resource, span) },
            RecordK rec => new RecordK(rec.Fields.Select(f => (f.Name, UpdateTy(f.Type, span), f.Docs)).ToList()),
            TupleK t => new TupleK(t.Types.Select(x => UpdateTy(x, span)).ToList()),
            VariantK v => new VariantK(v.Cases.Select(c => (c.Name, c.Type is { } ct ? UpdateTy(ct, span) : (Ty?)null, c.Docs)).ToList()),
            OptionK o => new OptionK(UpdateTy(o.Inner, span)),
            ListK l => new ListK(UpdateTy(l.Element, span)),
            FixedListK f => f with { Element = UpdateTy(f.Element, span) },
            FutureK { Payload: { } p } => new FutureK(UpdateTy(p, span)),
            StreamK { Payload: { } p } => new StreamK(UpdateTy(p, span)),
            MapK m => new MapK(UpdateTy(m.Key, span), UpdateTy(m.Value, span)),
            ResultK res => new ResultK(res.Ok is { } ok ? UpdateTy(ok, span) : null, res.Err is { } err ? UpdateTy(err, span) : null),

            // `type a = r` keeps referring to the resource itself (not `own<r>`), so `a` works as both.
            AliasK { Target: { IsId: true } target } => new AliasK(Ty.Of(MapType(target.Id, span))),
            var other => other,
        };
    }

    private Ty UpdateTy(Ty ty, Span? span)
    {
        if (!ty.IsId)
        {
            return ty;
        }

        var id = MapType(ty.Id, span);
        var current = id;
        while (_resolve.Types[current].Kind is AliasK { Target: { IsId: true } next })
        {
            current = next.Id;
        }

        if (_resolve.Types[current].Kind is not ResourceK)
        {
            return Ty.Of(id);
        }

        // A plain reference to a resource is an owned handle.
        if (!_ownHandles.TryGetValue(id, out var handle))
        {
            _resolve.Types.Add(new TypeDef { Kind = new HandleK(id, false), Owner = Owner.None });
            handle = _resolve.Types.Count - 1;
            _ownHandles.Add(id, handle);
        }

        return Ty.Of(handle);
    }

    private void UpdateInterface(Iface iface)
    {
        var r = _resolve;
        var types = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, id) in iface.Types)
        {
            if (_types[id] is not null)
            {
                types.Add(name, MapType(id, iface.Span));
            }
        }

        iface.Types = types;
        var packageId = iface.Package!.Value;
        var functions = new OrderedDictionary<string, Func>(StringComparer.Ordinal);
        var index = 0;
        foreach (var (name, func) in iface.Functions)
        {
            Span? span = index < iface.FuncSpans.Count ? iface.FuncSpans[index] : func.Span;
            index++;
            if (!r.IncludeStability(func.Stability, packageId, span))
            {
                continue;
            }

            UpdateFunction(func, span);
            functions.Add(name, func);
        }

        iface.Functions = functions;
    }

    private void UpdateFunction(Func func, Span? span)
    {
        if (func.Resource is { } resource)
        {
            func.Resource = MapType(resource, span);
        }

        func.Params = func.Params.Select(p => (p.Name, UpdateTy(p.Type, span))).ToList();
        if (func.Result is { } result)
        {
            func.Result = UpdateTy(result, span);
            if (TypeHasBorrow(func.Result.Value))
            {
                throw ResolveBuilder.Error(span, "function returns a type which contains a `borrow<T>` which is not supported");
            }
        }
    }

    private bool TypeHasBorrow(Ty ty)
    {
        if (!ty.IsId)
        {
            return false;
        }

        if (_typeHasBorrow.TryGetValue(ty.Id, out var cached))
        {
            return cached;
        }

        var result = _resolve.Types[ty.Id].Kind switch
        {
            AliasK a => TypeHasBorrow(a.Target),
            VariantK v => v.Cases.Any(c => c.Type is { } t && TypeHasBorrow(t)),
            HandleK h => h.IsBorrow,
            RecordK rec => rec.Fields.Any(f => TypeHasBorrow(f.Type)),
            TupleK t => t.Types.Any(TypeHasBorrow),
            ListK l => TypeHasBorrow(l.Element),
            FixedListK f => TypeHasBorrow(f.Element),
            FutureK { Payload: { } p } => TypeHasBorrow(p),
            StreamK { Payload: { } p } => TypeHasBorrow(p),
            OptionK o => TypeHasBorrow(o.Inner),
            MapK m => TypeHasBorrow(m.Key) || TypeHasBorrow(m.Value),
            ResultK res => (res.Ok is { } ok && TypeHasBorrow(ok)) || (res.Err is { } err && TypeHasBorrow(err)),
            _ => false,
        };
        _typeHasBorrow[ty.Id] = result;
        return result;
    }

    private void UpdateWorld(World world, int packageId)
    {
        var r = _resolve;
        var imports = world.Imports.Select((p, i) => (p.Key, p.Value, world.ImportSpans[i], true));
        var exports = world.Exports.Select((p, i) => (p.Key, p.Value, world.ExportSpans[i], false));
        var all = imports.Concat(exports).ToList();
        world.Imports = [];
        world.Exports = [];
        foreach (var (key, originalItem, span, isImport) in all)
        {
            var item = originalItem;
            if (item is TypeItem t)
            {
                item = new TypeItem(MapType(t.Id, span));
            }

            if (!r.IncludeStability(r.ItemStability(item), packageId, span))
            {
                continue;
            }

            var newKey = key is IfaceKey ik ? new IfaceKey(MapInterface(ik.Id, span)) : key;
            switch (item)
            {
                case IfaceItem iface:
                    item = iface with { Id = MapInterface(iface.Id, span) };
                    break;
                case FuncItem f:
                    UpdateFunction(f.Func, span);
                    break;
            }

            (isImport ? world.Imports : world.Exports).Add(newKey, item);
        }
    }

    private void ProcessWorldIncludes(int worldId, int packageId)
    {
        var r = _resolve;
        var world = r.Worlds[worldId];
        for (var i = 0; i < world.Includes.Count; i++)
        {
            var (stability, includeWorld) = world.Includes[i];
            var span = world.IncludeSpans[i];
            if (!r.IncludeStability(stability, packageId, span))
            {
                continue;
            }

            ResolveInclude(worldId, includeWorld, world.IncludeNames[i], span, packageId);
        }

        world.Includes.Clear();
        world.IncludeNames.Clear();
        world.IncludeSpans.Clear();

        foreach (var (items, desc) in new[] { (world.Imports, "import"), (world.Exports, "export") })
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in items.Keys)
            {
                if (key is not NameKey { Name: var name })
                {
                    continue;
                }

                var lower = name.ToLowerInvariant();
                if (seen.TryGetValue(lower, out var existing) && existing != name)
                {
                    throw new WitException($"{desc} `{name}` conflicts with {desc} `{existing}` (kebab-case identifiers are case-insensitive)", world.Span.ToSourceSpan());
                }

                seen[lower] = name;
            }
        }
    }

    private static string? Rename(string original, (string Name, string As) include)
    {
        if (original == include.Name)
        {
            return include.As;
        }

        var bracket = original.IndexOf(']', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return null;
        }

        var kind = original[..bracket];
        var rest = original[(bracket + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && rest[..dot] == include.Name)
        {
            return $"{kind}]{include.As}.{rest[(dot + 1)..]}";
        }

        return rest == include.Name ? $"{kind}]{include.As}" : null;
    }

    private void ResolveInclude(int worldId, int includeWorldOriginal, List<(string Name, string As)> names, Span span, int packageId)
    {
        var r = _resolve;
        var includeWorldId = MapWorld(includeWorldOriginal, span);
        var includeWorld = r.Worlds[includeWorldId];

        // Worlds of this package have no package yet; an included world with one is from another package.
        var isExternal = includeWorld.Package is not null;

        var unmatched = names.ToList();
        foreach (var key in includeWorld.Imports.Keys.Concat(includeWorld.Exports.Keys))
        {
            if (key is NameKey n)
            {
                unmatched.RemoveAll(x => Rename(n.Name, x) is not null);
            }
        }

        if (unmatched.Count > 0)
        {
            throw span.Error($"no import or export kebab-name `{unmatched[0].Name}`. Note that an ID does not support renaming");
        }

        var cloner = new Cloner(r, Owner.OfWorld(includeWorldId), Owner.OfWorld(worldId), packageId);
        var sources = includeWorld.Imports.Select(p => (p.Key, p.Value, true))
            .Concat(includeWorld.Exports.Select(p => (p.Key, p.Value, false)))
            .ToList();
        foreach (var (key, item, isImport) in sources)
        {
            var target = isImport ? r.Worlds[worldId].Imports : r.Worlds[worldId].Exports;
            var desc = isImport ? "import" : "export";
            switch (key)
            {
                case NameKey n:
                    {
                        var newName = names.Select(x => Rename(n.Name, x)).FirstOrDefault(x => x is not null) ?? n.Name;
                        var newItem = cloner.WorldItem(item);
                        switch (newItem)
                        {
                            case FuncItem f:
                                f.Func.Name = newName;
                                break;
                            case TypeItem t:
                                r.Types[t.Id].Name = newName;
                                break;
                        }

                        if (!target.TryAdd(new NameKey(newName), newItem))
                        {
                            throw span.Error($"{desc} of `{newName}` shadows previously {desc}ed items");
                        }

                        break;
                    }

                case IfaceKey:
                    {
                        // As in the reference, a fresh entry is merged with itself, which drops the
                        // `@since` of an interface included from another package.
                        if (!target.TryGetValue(key, out var existing))
                        {
                            target.Add(key, item);
                            existing = item;
                        }

                        var from = ((IfaceItem)item).Stability;
                        var into = ((IfaceItem)existing).Stability;
                        Stability merged;
                        if (isExternal && from is Stability.Stable)
                        {
                            merged = Stability.Unknown;
                        }
                        else if (from == into || from is Stability.UnknownStability)
                        {
                            merged = into;
                        }
                        else if (into is Stability.UnknownStability)
                        {
                            merged = from;
                        }
                        else
                        {
                            throw span.Error($"mismatch in stability from '{from}' to '{into}'");
                        }

                        target[key] = ((IfaceItem)existing) with { Stability = merged };
                        break;
                    }
            }
        }
    }

    /// <summary>Deep-copies world items so that copies are owned by the including world (wasm-tools' `clone.rs`).</summary>
    private sealed class Cloner(ResolveBuilder resolve, Owner previousOwner, Owner newOwner, int? newPackage)
    {
        private readonly Dictionary<int, int> _types = [];

        public Item WorldItem(Item item)
        {
            switch (item)
            {
                case TypeItem t:
                    return new TypeItem(TypeId(t.Id));
                case FuncItem f:
                    var func = f.Func.Clone();
                    Function(func);
                    return new FuncItem(func);
                case IfaceItem i:
                    return i with { Id = Interface(i.Id) };
                default:
                    return item;
            }
        }

        private int TypeId(int id)
        {
            if (!_types.TryGetValue(id, out var copy))
            {
                var def = resolve.Types[id].Clone();
                TypeDef(def);
                resolve.Types.Add(def);
                copy = resolve.Types.Count - 1;
                _types.Add(id, copy);
            }

            return copy;
        }

        private void TypeDef(TypeDef def)
        {
            if (def.Owner.Kind != OwnerKind.None)
            {
                def.Owner = newOwner;
            }

            def.Kind = def.Kind switch
            {
                AliasK { Target: { IsId: true } target } when resolve.Types[target.Id].Owner == previousOwner => new AliasK(Resolution.Ty.Of(TypeId(target.Id))),
                HandleK h => h with { Resource = TypeId(h.Resource) },
                OptionK o => new OptionK(Ty(o.Inner)),
                ListK l => new ListK(Ty(l.Element)),
                FixedListK f => f with { Element = Ty(f.Element) },
                MapK m => new MapK(Ty(m.Key), Ty(m.Value)),
                TupleK t => new TupleK(t.Types.Select(Ty).ToList()),
                RecordK rec => new RecordK(rec.Fields.Select(f => (f.Name, Ty(f.Type), f.Docs)).ToList()),
                VariantK v => new VariantK(v.Cases.Select(c => (c.Name, c.Type is { } ct ? Ty(ct) : (Resolution.Ty?)null, c.Docs)).ToList()),
                ResultK res => new ResultK(res.Ok is { } ok ? Ty(ok) : null, res.Err is { } err ? Ty(err) : null),
                FutureK { Payload: { } p } => new FutureK(Ty(p)),
                StreamK { Payload: { } p } => new StreamK(Ty(p)),
                var other => other,
            };
        }

        private Ty Ty(Ty ty) => ty.IsId ? Resolution.Ty.Of(TypeId(ty.Id)) : ty;

        private void Function(Func func)
        {
            if (func.Resource is { } resource)
            {
                func.Resource = TypeId(resource);
            }

            func.Params = func.Params.Select(p => (p.Name, Ty(p.Type))).ToList();
            if (func.Result is { } result)
            {
                func.Result = Ty(result);
            }
        }

        private int Interface(int id)
        {
            var copy = resolve.Interfaces[id].Clone();
            var nextId = resolve.Interfaces.Count;
            var inner = new Cloner(resolve, Owner.OfInterface(id), Owner.OfInterface(nextId), null);
            foreach (var name in copy.Types.Keys.ToList())
            {
                copy.Types[name] = inner.TypeId(copy.Types[name]);
            }

            foreach (var func in copy.Functions.Values)
            {
                inner.Function(func);
            }

            copy.Package = newPackage ?? (newOwner.Kind == OwnerKind.World ? resolve.Worlds[newOwner.Id].Package : resolve.Interfaces[newOwner.Id].Package);
            resolve.Interfaces.Add(copy);
            return nextId;
        }
    }
}
