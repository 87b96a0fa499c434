namespace Wasmc.Wit.Internal.Resolution;

/// <summary>Builds the public, object-linked model from the resolver's index-based arenas.</summary>
internal static class Materializer
{
    public static Resolve Build(ResolveBuilder builder)
    {
        var resolve = new Resolve();
        var types = resolve.TypeList;
        for (var i = 0; i < builder.Types.Count; i++)
        {
            var t = builder.Types[i];
            TypeOwner owner = t.Owner.Kind switch
            {
                OwnerKind.Interface => new TypeOwner.Interface(t.Owner.Id),
                OwnerKind.World => new TypeOwner.World(t.Owner.Id),
                _ => new TypeOwner.None(),
            };
            types.Add(new TypeDefinition(i, t.Name, new UnknownKind(), owner)
            {
                Docs = t.Docs,
                Stability = t.Stability,
                Span = t.Span.ToSourceSpan(),
            });
        }

        WitType Type(Ty ty) => ty.IsId ? types[ty.Id] : ty.Primitive;
        WitType? OptType(Ty? ty) => ty is { } t ? Type(t) : null;

        for (var i = 0; i < builder.Types.Count; i++)
        {
            types[i].Kind = builder.Types[i].Kind switch
            {
                AliasK a => new AliasKind(Type(a.Target)),
                RecordK r => new RecordKind(r.Fields.Select(f => new Field(f.Name, Type(f.Type), f.Docs)).ToList()),
                VariantK v => new VariantKind(v.Cases.Select(c => new Case(c.Name, OptType(c.Type), c.Docs)).ToList()),
                EnumK e => new EnumKind(e.Cases.Select(c => new EnumCase(c.Name, c.Docs)).ToList()),
                FlagsK f => new FlagsKind(f.Flags.Select(c => new Flag(c.Name, c.Docs)).ToList()),
                TupleK t => new TupleKind(t.Types.Select(Type).ToList()),
                ListK l => new ListKind(Type(l.Element)),
                FixedListK f => new ListKind(Type(f.Element), checked((int)f.Size)),
                MapK m => new MapKind(Type(m.Key), Type(m.Value)),
                OptionK o => new OptionKind(Type(o.Inner)),
                ResultK r => new ResultKind(OptType(r.Ok), OptType(r.Err)),
                FutureK f => new FutureKind(OptType(f.Payload)),
                StreamK s => new StreamKind(OptType(s.Payload)),
                ResourceK => new ResourceKind(),
                HandleK h => new HandleKind(types[h.Resource], h.IsBorrow),
                _ => new UnknownKind(),
            };
        }

        Function Function(Func f) => new(
            f.Name,
            f.Kind,
            f.Resource is { } r ? types[r] : null,
            f.Params.Select(p => new Param(p.Name, Type(p.Type))).ToList(),
            OptType(f.Result),
            f.Docs,
            f.Stability)
        {
            Span = f.Span.ToSourceSpan(),
        };

        for (var i = 0; i < builder.Interfaces.Count; i++)
        {
            var source = builder.Interfaces[i];
            var iface = new WitInterface(i, source.Name, source.Package)
            {
                Docs = source.Docs,
                Stability = source.Stability,
                Span = source.Span.ToSourceSpan(),
            };
            foreach (var (name, id) in source.Types)
            {
                iface.TypeMap.Add(name, types[id]);
            }

            foreach (var (name, func) in source.Functions)
            {
                iface.FunctionMap.Add(name, Function(func));
            }

            resolve.InterfaceList.Add(iface);
        }

        KeyValuePair<WorldKey, WorldItem> Entry(Key key, Item item) => new(
            key switch
            {
                NameKey n => new WorldKey.Name(n.Name),
                IfaceKey k => new WorldKey.Interface(k.Id),
                _ => throw new InvalidOperationException(),
            },
            item switch
            {
                IfaceItem it => new WorldItem.InterfaceItem(it.Id, it.Stability),
                FuncItem f => new WorldItem.FunctionItem(Function(f.Func)),
                TypeItem t => new WorldItem.TypeItem(types[t.Id]),
                _ => throw new InvalidOperationException(),
            });

        for (var i = 0; i < builder.Worlds.Count; i++)
        {
            var source = builder.Worlds[i];
            var world = new WitWorld(i, source.Name, source.Package)
            {
                Docs = source.Docs,
                Stability = source.Stability,
                Span = source.Span.ToSourceSpan(),
            };
            world.ImportList.AddRange(source.Imports.Select(p => Entry(p.Key, p.Value)));
            world.ExportList.AddRange(source.Exports.Select(p => Entry(p.Key, p.Value)));
            resolve.WorldList.Add(world);
        }

        for (var i = 0; i < builder.Packages.Count; i++)
        {
            var source = builder.Packages[i];
            var package = new WitPackage(i, source.Name) { Docs = source.Docs, SourcePaths = source.SourcePaths };
            foreach (var (name, id) in source.Interfaces)
            {
                package.InterfaceMap.Add(name, id);
            }

            foreach (var (name, id) in source.Worlds)
            {
                package.WorldMap.Add(name, id);
            }

            resolve.PackageList.Add(package);
        }

        return resolve;
    }
}
