using System.Text;

namespace Wasmc.Wit;

/// <summary>Prints a package of a resolve as normalised WIT text.</summary>
public static class WitPrinter
{
    public static string Print(Resolve resolve, int packageId)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var package = resolve.Packages[packageId];
        var sb = new StringBuilder();
        Docs(sb, package.Docs, string.Empty);
        sb.Append("package ").Append(package.Name).Append(";\n");
        foreach (var (name, id) in package.Interfaces)
        {
            var iface = resolve.Interfaces[id];
            sb.Append('\n');
            Docs(sb, iface.Docs, string.Empty);
            sb.Append("interface ").Append(Id(name)).Append(" {\n");
            Body(sb, resolve, iface, "  ");
            sb.Append("}\n");
        }

        foreach (var (name, id) in package.Worlds)
        {
            var world = resolve.Worlds[id];
            sb.Append('\n');
            Docs(sb, world.Docs, string.Empty);
            sb.Append("world ").Append(Id(name)).Append(" {\n");
            foreach (var (label, items) in new[] { ("import", world.Imports), ("export", world.Exports) })
            {
                foreach (var (key, item) in items)
                {
                    switch (item)
                    {
                        case WorldItem.InterfaceItem i when key is WorldKey.Interface:
                            sb.Append("  ").Append(label).Append(' ').Append(WitLoader.InterfaceQualifiedName(resolve, i.InterfaceId)).Append(";\n");
                            break;
                        case WorldItem.InterfaceItem i:
                            sb.Append("  ").Append(label).Append(' ').Append(Id(((WorldKey.Name)key).Value)).Append(": interface {\n");
                            Body(sb, resolve, resolve.Interfaces[i.InterfaceId], "    ");
                            sb.Append("  }\n");
                            break;
                        case WorldItem.FunctionItem f:
                            sb.Append("  ").Append(label).Append(' ').Append(Id(f.Function.Name)).Append(": ").Append(Signature(f.Function)).Append(";\n");
                            break;
                        case WorldItem.TypeItem t:
                            sb.Append("  ").Append(TypeDef(t.Type)).Append('\n');
                            break;
                    }
                }
            }

            sb.Append("}\n");
        }

        return sb.ToString();
    }

    private static void Body(StringBuilder sb, Resolve resolve, WitInterface iface, string indent)
    {
        foreach (var (_, type) in iface.Types)
        {
            Docs(sb, type.Docs, indent);
            sb.Append(indent).Append(TypeDef(type)).Append('\n');
        }

        foreach (var (_, func) in iface.Functions)
        {
            Docs(sb, func.Docs, indent);
            sb.Append(indent).Append("/* ").Append(func.Name).Append(" */ ").Append(Id(func.ItemName)).Append(": ").Append(Signature(func)).Append(";\n");
        }

        _ = resolve;
    }

    private static string TypeDef(TypeDefinition type) => type.Kind switch
    {
        ResourceKind => $"resource {Id(type.Name!)};",
        RecordKind r => $"record {Id(type.Name!)} {{ {string.Join(", ", r.Fields.Select(f => $"{Id(f.Name)}: {Ref(f.Type)}"))} }}",
        VariantKind v => $"variant {Id(type.Name!)} {{ {string.Join(", ", v.Cases.Select(c => c.Type is null ? Id(c.Name) : $"{Id(c.Name)}({Ref(c.Type)})"))} }}",
        EnumKind e => $"enum {Id(type.Name!)} {{ {string.Join(", ", e.Cases.Select(c => Id(c.Name)))} }}",
        FlagsKind f => $"flags {Id(type.Name!)} {{ {string.Join(", ", f.Flags.Select(c => Id(c.Name)))} }}",
        AliasKind a when a.Target is TypeDefinition { Owner: not TypeOwner.None } target && target.Owner != type.Owner =>
            $"use {OwnerName(target)}.{{{Id(target.Name!)}{(target.Name == type.Name ? string.Empty : " as " + Id(type.Name!))}}};",
        _ => $"type {Id(type.Name!)} = {Anonymous(type)};",
    };

    private static string OwnerName(TypeDefinition type) => type.Owner is TypeOwner.Interface i ? $"interface-{i.InterfaceId}" : "world";

    private static string Signature(Function f)
    {
        var parameters = f.Params.Where(p => !(p.Name == "self" && f.Kind is FunctionKind.Method or FunctionKind.AsyncMethod));
        var prefix = f.IsAsync ? "async func" : f.Kind is FunctionKind.Static ? "static func" : "func";
        var result = f.Result is null || f.Kind == FunctionKind.Constructor ? string.Empty : $" -> {Ref(f.Result)}";
        return $"{prefix}({string.Join(", ", parameters.Select(p => $"{Id(p.Name)}: {Ref(p.Type)}"))}){result}";
    }

    private static string Ref(WitType type) => type switch
    {
        PrimitiveType p => p.WitName,
        TypeDefinition { Name: { } name } => Id(name),
        TypeDefinition d => Anonymous(d),
        _ => "?",
    };

    private static string Anonymous(TypeDefinition type) => type.Kind switch
    {
        AliasKind a => Ref(a.Target),
        ListKind { FixedSize: { } n } l => $"list<{Ref(l.Element)}, {n}>",
        ListKind l => $"list<{Ref(l.Element)}>",
        MapKind m => $"map<{Ref(m.Key)}, {Ref(m.Value)}>",
        OptionKind o => $"option<{Ref(o.Inner)}>",
        TupleKind t => $"tuple<{string.Join(", ", t.Types.Select(Ref))}>",
        ResultKind { Ok: null, Err: null } => "result",
        ResultKind { Err: null } r => $"result<{Ref(r.Ok!)}>",
        ResultKind { Ok: null } r => $"result<_, {Ref(r.Err!)}>",
        ResultKind r => $"result<{Ref(r.Ok!)}, {Ref(r.Err!)}>",
        FutureKind { Payload: { } p } => $"future<{Ref(p)}>",
        FutureKind => "future",
        StreamKind { Payload: { } p } => $"stream<{Ref(p)}>",
        StreamKind => "stream",
        HandleKind h => h.IsBorrow ? $"borrow<{Ref(h.Resource)}>" : $"own<{Ref(h.Resource)}>",
        _ => type.Name ?? "?",
    };

    private static string Id(string name) => name;

    private static void Docs(StringBuilder sb, Docs docs, string indent)
    {
        if (docs.Contents is null)
        {
            return;
        }

        foreach (var line in docs.Contents.Split('\n'))
        {
            sb.Append(indent).Append("/// ").Append(line).Append('\n');
        }
    }
}
