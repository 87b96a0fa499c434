using System.Globalization;
using System.Text;

namespace Wasmc.Wit.Tests;

/// <summary>
/// Describes a resolve as text that does not depend on arena numbering: named types are referred to
/// as <c>pkg/iface#name</c>, anonymous types are spelled out, packages are sorted by name and
/// types/functions by name. Two resolves of the same WIT written in a different order (as the
/// printer does: <c>use</c> first, resource functions inside the resource) describe the same.
/// Independent of <see cref="WitPrinter"/> on purpose, so that it catches what the printer drops.
/// </summary>
internal sealed class ResolveShape
{
    private readonly Resolve _resolve;
    private readonly Dictionary<int, string> _interfacePaths = [];
    private readonly StringBuilder _output = new();

    private ResolveShape(Resolve resolve)
    {
        _resolve = resolve;
        foreach (var package in resolve.Packages)
        {
            foreach (var (name, id) in package.Interfaces)
            {
                _interfacePaths[id] = $"{package.Name}/{name}";
            }

            foreach (var (name, id) in package.Worlds)
            {
                var world = resolve.Worlds[id];
                foreach (var (direction, items) in new[] { ("import", world.Imports), ("export", world.Exports) })
                {
                    foreach (var (key, item) in items)
                    {
                        if (key is WorldKey.Name n && item is WorldItem.InterfaceItem i)
                        {
                            _interfacePaths[i.InterfaceId] = $"{package.Name}/{name}.{direction}.{n.Value}";
                        }
                    }
                }
            }
        }
    }

    public static string Describe(Resolve resolve) => Describe(resolve, resolve.Packages.Select(p => p.Id));

    public static string Describe(Resolve resolve, IEnumerable<int> packageIds)
    {
        var shape = new ResolveShape(resolve);
        foreach (var package in packageIds.Select(id => resolve.Packages[id]).OrderBy(p => p.Name.ToString(), StringComparer.Ordinal))
        {
            shape.DescribePackage(package);
        }

        return shape._output.ToString();
    }

    private void DescribePackage(WitPackage package)
    {
        Line(0, $"package {package.Name}{Docs(package.Docs)}");
        foreach (var (name, id) in package.Interfaces)
        {
            var iface = _resolve.Interfaces[id];
            Line(1, $"interface {name}{Gate(iface.Stability)}{Docs(iface.Docs)}");
            DescribeInterfaceBody(iface, 2);
        }

        foreach (var (name, id) in package.Worlds)
        {
            var world = _resolve.Worlds[id];
            Line(1, $"world {name}{Gate(world.Stability)}{Docs(world.Docs)}");
            foreach (var (direction, items) in new[] { ("import", world.Imports), ("export", world.Exports) })
            {
                foreach (var (key, item) in items.OrderBy(i => KeyName(i.Key), StringComparer.Ordinal))
                {
                    switch (item)
                    {
                        case WorldItem.InterfaceItem i when key is WorldKey.Name:
                            var inline = _resolve.Interfaces[i.InterfaceId];
                            Line(2, $"{direction} {KeyName(key)}: interface{Gate(i.Stability)}{Docs(inline.Docs)}");
                            DescribeInterfaceBody(inline, 3);
                            break;
                        case WorldItem.InterfaceItem i:
                            Line(2, $"{direction} {KeyName(key)}{Gate(i.Stability)}");
                            break;
                        case WorldItem.FunctionItem f:
                            Line(2, $"{direction} {KeyName(key)}: {DescribeFunction(f.Function)}");
                            break;
                        case WorldItem.TypeItem t:
                            Line(2, $"{direction} {KeyName(key)}: {DescribeDefinition(t.Type)}");
                            break;
                    }
                }
            }
        }
    }

    private void DescribeInterfaceBody(WitInterface iface, int depth)
    {
        foreach (var (name, type) in iface.Types.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Line(depth, $"type {name}: {DescribeDefinition(type)}");
        }

        foreach (var (_, function) in iface.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Line(depth, DescribeFunction(function));
        }
    }

    private string DescribeFunction(Function f) =>
        $"{f.Name} {f.Kind}{(f.Resource is null ? string.Empty : " of " + Ref(f.Resource))}" +
        $"({string.Join(", ", f.Params.Select(p => $"{p.Name}: {Ref(p.Type)}"))})" +
        $"{(f.Result is null ? string.Empty : " -> " + Ref(f.Result))}{Gate(f.Stability)}{Docs(f.Docs)}";

    private string DescribeDefinition(TypeDefinition type)
    {
        var kind = type.Kind switch
        {
            RecordKind r => $"record {{ {string.Join("; ", r.Fields.Select(f => $"{f.Name}: {Ref(f.Type)}{Docs(f.Docs)}"))} }}",
            VariantKind v => $"variant {{ {string.Join("; ", v.Cases.Select(c => $"{c.Name}{(c.Type is null ? string.Empty : "(" + Ref(c.Type) + ")")}{Docs(c.Docs)}"))} }}",
            EnumKind e => $"enum {{ {string.Join("; ", e.Cases.Select(c => $"{c.Name}{Docs(c.Docs)}"))} }}",
            FlagsKind f => $"flags {{ {string.Join("; ", f.Flags.Select(c => $"{c.Name}{Docs(c.Docs)}"))} }}",
            ResourceKind => "resource",
            AliasKind a => $"= {Ref(a.Target)}",
            _ => Structural(type),
        };
        return $"{type.Name} {kind}{Gate(type.Stability)}{Docs(type.Docs)}";
    }

    private string Ref(WitType type) => type switch
    {
        PrimitiveType p => p.WitName,
        TypeDefinition { Name: { } name } d => $"{OwnerPath(d.Owner)}#{name}",
        TypeDefinition d => Structural(d),
        _ => "?",
    };

    private string Structural(TypeDefinition type) => type.Kind switch
    {
        AliasKind a => Ref(a.Target),
        HandleKind h => $"{(h.IsBorrow ? "borrow" : "own")}<{Ref(h.Resource)}>",
        ListKind l => $"list<{Ref(l.Element)}{(l.FixedSize is { } n ? ", " + n.ToString(CultureInfo.InvariantCulture) : string.Empty)}>",
        MapKind m => $"map<{Ref(m.Key)}, {Ref(m.Value)}>",
        OptionKind o => $"option<{Ref(o.Inner)}>",
        TupleKind t => $"tuple<{string.Join(", ", t.Types.Select(Ref))}>",
        ResultKind r => $"result<{(r.Ok is null ? "_" : Ref(r.Ok))}, {(r.Err is null ? "_" : Ref(r.Err))}>",
        FutureKind f => $"future<{(f.Payload is null ? "_" : Ref(f.Payload))}>",
        StreamKind s => $"stream<{(s.Payload is null ? "_" : Ref(s.Payload))}>",
        var other => $"unexpected anonymous {other.GetType().Name}",
    };

    private string OwnerPath(TypeOwner owner) => owner switch
    {
        TypeOwner.Interface i => _interfacePaths.GetValueOrDefault(i.InterfaceId, $"interface#{i.InterfaceId}"),
        TypeOwner.World w => $"{PackageOf(_resolve.Worlds[w.WorldId].PackageId)}/{_resolve.Worlds[w.WorldId].Name}",
        _ => "-",
    };

    private string PackageOf(int? packageId) => packageId is { } id ? _resolve.Packages[id].Name.ToString() : "-";

    private string KeyName(WorldKey key) => key switch
    {
        WorldKey.Name n => n.Value,
        WorldKey.Interface i => _interfacePaths[i.InterfaceId],
        _ => "?",
    };

    private static string Gate(Stability stability) => stability switch
    {
        Stability.Stable s => $" @since({s.Since}{(s.Deprecated is null ? string.Empty : ", deprecated " + s.Deprecated)})",
        Stability.Unstable u => $" @unstable({u.Feature}{(u.Deprecated is null ? string.Empty : ", deprecated " + u.Deprecated)})",
        _ => string.Empty,
    };

    private static string Docs(Docs docs) => docs.Contents is null ? string.Empty : $" /// {docs.Contents.Replace("\n", "\\n", StringComparison.Ordinal)}";

    private void Line(int depth, string text) => _output.Append(' ', depth * 2).Append(text).Append('\n');
}
