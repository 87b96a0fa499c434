using Wasmc.Wit.Internal.Parsing;

namespace Wasmc.Wit.Internal.Resolution;

/// <summary>A package as loaded, before it is merged into the resolve.</summary>
internal sealed record PackageGroup(UnresolvedPackage Main, List<UnresolvedPackage> Nested);

internal sealed class PackageEntry
{
    public required PackageName Name { get; init; }

    public required SemVer? Version { get; init; }

    public Docs Docs { get; init; } = Docs.Empty;

    public OrderedDictionary<string, int> Interfaces { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, int> Worlds { get; } = new(StringComparer.Ordinal);

    public List<string> SourcePaths { get; init; } = [];
}

/// <summary>
/// Merges unresolved packages into one set of arenas the way wasm-tools' <c>Remap::append</c> does:
/// foreign references bound, feature gates applied, <c>own</c> handles introduced, includes copied
/// and worlds elaborated.
/// </summary>
internal sealed class ResolveBuilder
{
    public ResolveBuilder(IReadOnlySet<string> features, bool allFeatures)
    {
        Features = features;
        AllFeatures = allFeatures;
    }

    public IReadOnlySet<string> Features { get; }

    public bool AllFeatures { get; }

    public List<TypeDef> Types { get; } = [];

    public List<Iface> Interfaces { get; } = [];

    public List<World> Worlds { get; } = [];

    public List<PackageEntry> Packages { get; } = [];

    public Dictionary<PackageName, int> PackageNames { get; } = [];

    /// <summary>Adds a main package and its dependencies in dependency order; returns the main package id.</summary>
    public int AddGroups(PackageGroup main, List<PackageGroup> deps)
    {
        var byName = new SortedDictionary<PackageName, UnresolvedPackage>(PackageNameComparer.Instance);
        void Insert(PackageGroup group)
        {
            foreach (var package in group.Nested.Append(group.Main))
            {
                if (byName.TryGetValue(package.Name, out var previous))
                {
                    throw new WitException(
                        $"package {package.Name} is defined in two different locations:\n  * {package.NameSpan.ToSourceSpan()}\n  * {previous.NameSpan.ToSourceSpan()}",
                        package.NameSpan.ToSourceSpan());
                }

                byName.Add(package.Name, package);
            }
        }

        Insert(main);
        deps.ForEach(Insert);

        var order = new List<PackageName>();
        var done = new HashSet<PackageName>();
        var visiting = new HashSet<PackageName>();
        void Visit(UnresolvedPackage package)
        {
            if (done.Contains(package.Name))
            {
                return;
            }

            foreach (var dep in package.ForeignDeps)
            {
                if (!visiting.Add(dep.Name))
                {
                    throw dep.Span.Error($"package `{dep.Name}` creates a dependency cycle");
                }

                if (byName.TryGetValue(dep.Name, out var depPackage))
                {
                    Visit(depPackage);
                }

                visiting.Remove(dep.Name);
            }

            done.Add(package.Name);
            order.Add(package.Name);
        }

        foreach (var package in byName.Values)
        {
            visiting.Clear();
            visiting.Add(package.Name);
            Visit(package);
        }

        var mainId = -1;
        foreach (var name in order)
        {
            var id = new Remap(this).Append(byName[name]);
            if (name == main.Main.Name)
            {
                mainId = id;
            }
        }

        return mainId;
    }

    public bool IncludeStability(Stability stability, int packageId, Span? span)
    {
        switch (stability)
        {
            case Stability.Stable stable:
                var package = Packages[packageId];
                if (package.Version is not { } version)
                {
                    throw Error(span, $"package [{package.Name}] contains a feature gate with a version specifier, so it must have a version");
                }

                var since = SemVer.TryParse(stable.Since, out _)!;
                if (since.CompareTo(version) > 0)
                {
                    throw Error(span, $"feature gate cannot reference unreleased version {stable.Since} of package [{package.Name}] (current version {version})");
                }

                return true;
            case Stability.Unstable unstable:
                return AllFeatures || Features.Contains(unstable.Feature);
            default:
                return true;
        }
    }

    public static WitException Error(Span? span, string message) => new(message, span?.ToSourceSpan());

    public Stability ItemStability(Item item) => item switch
    {
        IfaceItem i => i.Stability,
        FuncItem f => f.Func.Stability,
        TypeItem t => Types[t.Id].Stability,
        _ => Stability.Unknown,
    };

    /// <summary>The interface a `use`d type comes from, when it comes from another interface.</summary>
    public int? TypeInterfaceDep(int id)
    {
        var type = Types[id];
        if (type.Kind is not AliasK { Target: { IsId: true } target })
        {
            return null;
        }

        var other = Types[target.Id];
        return type.Owner == other.Owner || other.Owner.Kind != OwnerKind.Interface ? null : other.Owner.Id;
    }

    public IEnumerable<int> InterfaceDirectDeps(int id)
    {
        foreach (var (_, type) in Interfaces[id].Types)
        {
            if (TypeInterfaceDep(type) is { } dep)
            {
                yield return dep;
            }
        }
    }

    public string? IdOf(int interfaceId)
    {
        var iface = Interfaces[interfaceId];
        if (iface.Name is null || iface.Package is not { } packageId)
        {
            return null;
        }

        var name = Packages[packageId].Name;
        var version = name.Version is null ? string.Empty : "@" + name.Version;
        return $"{name.Namespace}:{name.Name}/{iface.Name}{version}";
    }

    public string NameOfKey(Key key) => key switch
    {
        NameKey n => n.Name,
        IfaceKey i => IdOf(i.Id) ?? $"interface-{i.Id}",
        _ => string.Empty,
    };

    public void ElaborateWorld(int worldId)
    {
        var world = Worlds[worldId];
        int SortKey(Item item) => item switch
        {
            IfaceItem => 0,
            TypeItem t => Types[t.Id].Kind is AliasK { Target: { IsId: true } target } && Types[target.Id].Owner != Types[t.Id].Owner ? 1 : 2,
            FuncItem f => f.Func.Resource is null ? 3 : 4,
            _ => 5,
        };

        var newImports = new OrderedDictionary<Key, Item>();
        foreach (var (key, item) in world.Imports.OrderBy(p => SortKey(p.Value)).ToList())
        {
            switch (item)
            {
                case IfaceItem iface:
                    ElaborateImport(newImports, key, iface.Id, iface.Stability);
                    break;
                case FuncItem:
                    newImports.Add(key, item);
                    break;
                case TypeItem t:
                    if (TypeInterfaceDep(t.Id) is { } dep)
                    {
                        ElaborateImport(newImports, new IfaceKey(dep), dep, Types[t.Id].Stability);
                    }

                    newImports.Add(key, item);
                    break;
            }
        }

        var newExports = new OrderedDictionary<Key, Item>();
        var exportInterfaces = new OrderedDictionary<int, (Key Key, Stability Stability)>();
        foreach (var (key, item) in world.Exports)
        {
            switch (item)
            {
                case IfaceItem iface:
                    exportInterfaces.Add(iface.Id, (key, iface.Stability));
                    break;
                case FuncItem:
                    newExports.Add(key, item);
                    break;
            }
        }

        var requiredImports = new HashSet<int>();
        foreach (var (id, (key, stability)) in exportInterfaces)
        {
            if (!AddWorldExport(newImports, newExports, exportInterfaces, requiredImports, id, key, true, stability))
            {
                throw new WitException($"interface `{NameOfKey(key)}` transitively depends on an interface in incompatible ways", world.Span.ToSourceSpan());
            }
        }

        var sorted = new OrderedDictionary<Key, Item>();
        foreach (var (key, item) in newImports.OrderBy(p => SortKey(p.Value)))
        {
            sorted.Add(key, item);
        }

        world.Imports = sorted;
        world.Exports = newExports;
    }

    private void ElaborateImport(OrderedDictionary<Key, Item> imports, Key key, int id, Stability stability)
    {
        if (imports.ContainsKey(key))
        {
            return;
        }

        foreach (var dep in InterfaceDirectDeps(id).ToList())
        {
            ElaborateImport(imports, new IfaceKey(dep), dep, stability);
        }

        imports.Add(key, new IfaceItem(id, stability));
    }

    private bool AddWorldExport(
        OrderedDictionary<Key, Item> imports,
        OrderedDictionary<Key, Item> exports,
        OrderedDictionary<int, (Key Key, Stability Stability)> exportInterfaces,
        HashSet<int> requiredImports,
        int id,
        Key key,
        bool addExport,
        Stability stability)
    {
        if (exports.ContainsKey(key))
        {
            return addExport;
        }

        if (!addExport && requiredImports.Contains(id))
        {
            return true;
        }

        foreach (var dep in InterfaceDirectDeps(id).ToList())
        {
            var depKey = new IfaceKey(dep);
            if (!AddWorldExport(imports, exports, exportInterfaces, requiredImports, dep, depKey, addExport && exportInterfaces.ContainsKey(dep), stability))
            {
                return false;
            }
        }

        var item = new IfaceItem(id, stability);
        if (addExport)
        {
            if (requiredImports.Contains(id))
            {
                return false;
            }

            exports[key] = item;
        }
        else
        {
            requiredImports.Add(id);
            imports[key] = item;
        }

        return true;
    }
}

/// <summary>Orders package names like the reference's derived ordering: namespace, name, then version.</summary>
internal sealed class PackageNameComparer : IComparer<PackageName>
{
    public static PackageNameComparer Instance { get; } = new();

    public int Compare(PackageName? x, PackageName? y)
    {
        var c = string.CompareOrdinal(x!.Namespace, y!.Namespace);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Name, y.Name);
        }

        if (c == 0)
        {
            c = (x.Version, y.Version) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                _ => SemVer.TryParse(x.Version, out _)!.CompareTo(SemVer.TryParse(y.Version, out _)),
            };
        }

        return c;
    }
}
