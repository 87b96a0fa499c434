using System.Text;
using System.Text.Json;

namespace Wasmc.Wit;

/// <summary>Writes a resolve in exactly the format of <c>wasm-tools component wit --json</c>.</summary>
public static class WitJson
{
    public static string Write(Resolve resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("worlds");
            foreach (var world in resolve.Worlds)
            {
                WriteWorld(w, world);
            }

            w.WriteEndArray();
            w.WriteStartArray("interfaces");
            foreach (var iface in resolve.Interfaces)
            {
                w.WriteStartObject();
                WriteNullableString(w, "name", iface.Name);
                w.WriteStartObject("types");
                foreach (var (name, type) in iface.Types)
                {
                    w.WriteNumber(name, type.Id);
                }

                w.WriteEndObject();
                w.WriteStartObject("functions");
                foreach (var (name, func) in iface.Functions)
                {
                    w.WritePropertyName(name);
                    WriteFunction(w, func);
                }

                w.WriteEndObject();
                WriteDocs(w, iface.Docs);
                WriteStability(w, iface.Stability);
                WriteNullableNumber(w, "package", iface.PackageId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("types");
            foreach (var type in resolve.Types)
            {
                WriteType(w, type);
            }

            w.WriteEndArray();
            w.WriteStartArray("packages");
            foreach (var package in resolve.Packages)
            {
                w.WriteStartObject();
                w.WriteString("name", package.Name.ToString());
                WriteDocs(w, package.Docs);
                w.WriteStartObject("interfaces");
                foreach (var (name, id) in package.Interfaces)
                {
                    w.WriteNumber(name, id);
                }

                w.WriteEndObject();
                w.WriteStartObject("worlds");
                foreach (var (name, id) in package.Worlds)
                {
                    w.WriteNumber(name, id);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteWorld(Utf8JsonWriter w, WitWorld world)
    {
        w.WriteStartObject();
        w.WriteString("name", world.Name);
        foreach (var (label, items) in new[] { ("imports", world.Imports), ("exports", world.Exports) })
        {
            w.WriteStartObject(label);
            foreach (var (key, item) in items)
            {
                w.WritePropertyName(key switch
                {
                    WorldKey.Name n => n.Value,
                    WorldKey.Interface i => $"interface-{i.InterfaceId}",
                    _ => throw new InvalidOperationException(),
                });
                w.WriteStartObject();
                switch (item)
                {
                    case WorldItem.InterfaceItem i:
                        w.WriteStartObject("interface");
                        w.WriteNumber("id", i.InterfaceId);
                        WriteStability(w, i.Stability);
                        w.WriteEndObject();
                        break;
                    case WorldItem.FunctionItem f:
                        w.WritePropertyName("function");
                        WriteFunction(w, f.Function);
                        break;
                    case WorldItem.TypeItem t:
                        w.WriteNumber("type", t.Type.Id);
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        WriteNullableNumber(w, "package", world.PackageId);
        WriteDocs(w, world.Docs);
        WriteStability(w, world.Stability);
        w.WriteEndObject();
    }

    private static void WriteFunction(Utf8JsonWriter w, Function func)
    {
        w.WriteStartObject();
        w.WriteString("name", func.Name);
        w.WritePropertyName("kind");
        var resource = func.Resource?.Id ?? 0;
        switch (func.Kind)
        {
            case FunctionKind.Freestanding:
                w.WriteStringValue("freestanding");
                break;
            case FunctionKind.AsyncFreestanding:
                w.WriteStringValue("async-freestanding");
                break;
            default:
                w.WriteStartObject();
                w.WriteNumber(
                    func.Kind switch
                    {
                        FunctionKind.Method => "method",
                        FunctionKind.AsyncMethod => "async-method",
                        FunctionKind.Static => "static",
                        FunctionKind.AsyncStatic => "async-static",
                        _ => "constructor",
                    },
                    resource);
                w.WriteEndObject();
                break;
        }

        WriteDocs(w, func.Docs);
        WriteStability(w, func.Stability);
        w.WriteStartArray("params");
        foreach (var param in func.Params)
        {
            w.WriteStartObject();
            w.WriteString("name", param.Name);
            w.WritePropertyName("type");
            WriteTypeRef(w, param.Type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (func.Result is { } result)
        {
            w.WritePropertyName("result");
            WriteTypeRef(w, result);
        }

        w.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter w, TypeDefinition type)
    {
        w.WriteStartObject();
        WriteNullableString(w, "name", type.Name);
        w.WritePropertyName("kind");
        switch (type.Kind)
        {
            case ResourceKind:
                w.WriteStringValue("resource");
                break;
            case AliasKind a:
                WriteSingle(w, "type", a.Target);
                break;
            case RecordKind r:
                w.WriteStartObject();
                w.WriteStartObject("record");
                w.WriteStartArray("fields");
                foreach (var field in r.Fields)
                {
                    w.WriteStartObject();
                    w.WriteString("name", field.Name);
                    w.WritePropertyName("type");
                    WriteTypeRef(w, field.Type);
                    WriteDocs(w, field.Docs);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case VariantKind v:
                w.WriteStartObject();
                w.WriteStartObject("variant");
                w.WriteStartArray("cases");
                foreach (var c in v.Cases)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WritePropertyName("type");
                    WriteOptionalTypeRef(w, c.Type);
                    WriteDocs(w, c.Docs);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case EnumKind e:
                WriteNamedList(w, "enum", "cases", e.Cases.Select(c => (c.Name, c.Docs)));
                break;
            case FlagsKind f:
                WriteNamedList(w, "flags", "flags", f.Flags.Select(c => (c.Name, c.Docs)));
                break;
            case TupleKind t:
                w.WriteStartObject();
                w.WriteStartObject("tuple");
                w.WriteStartArray("types");
                foreach (var item in t.Types)
                {
                    WriteTypeRef(w, item);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case ListKind { FixedSize: { } size } l:
                w.WriteStartObject();
                w.WriteStartArray("fixed-length-list");
                WriteTypeRef(w, l.Element);
                w.WriteNumberValue(size);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case ListKind l:
                WriteSingle(w, "list", l.Element);
                break;
            case MapKind m:
                w.WriteStartObject();
                w.WriteStartArray("map");
                WriteTypeRef(w, m.Key);
                WriteTypeRef(w, m.Value);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case OptionKind o:
                WriteSingle(w, "option", o.Inner);
                break;
            case ResultKind r:
                w.WriteStartObject();
                w.WriteStartObject("result");
                w.WritePropertyName("ok");
                WriteOptionalTypeRef(w, r.Ok);
                w.WritePropertyName("err");
                WriteOptionalTypeRef(w, r.Err);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case FutureKind f:
                w.WriteStartObject();
                w.WritePropertyName("future");
                WriteOptionalTypeRef(w, f.Payload);
                w.WriteEndObject();
                break;
            case StreamKind s:
                w.WriteStartObject();
                w.WritePropertyName("stream");
                WriteOptionalTypeRef(w, s.Payload);
                w.WriteEndObject();
                break;
            case HandleKind h:
                w.WriteStartObject();
                w.WriteStartObject("handle");
                w.WritePropertyName(h.IsBorrow ? "borrow" : "own");
                WriteTypeRef(w, h.Resource);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue("unknown");
                break;
        }

        w.WritePropertyName("owner");
        switch (type.Owner)
        {
            case TypeOwner.Interface i:
                w.WriteStartObject();
                w.WriteNumber("interface", i.InterfaceId);
                w.WriteEndObject();
                break;
            case TypeOwner.World wo:
                w.WriteStartObject();
                w.WriteNumber("world", wo.WorldId);
                w.WriteEndObject();
                break;
            default:
                w.WriteNullValue();
                break;
        }

        WriteDocs(w, type.Docs);
        WriteStability(w, type.Stability);
        w.WriteEndObject();
    }

    private static void WriteNamedList(Utf8JsonWriter w, string kind, string list, IEnumerable<(string Name, Docs Docs)> items)
    {
        w.WriteStartObject();
        w.WriteStartObject(kind);
        w.WriteStartArray(list);
        foreach (var (name, docs) in items)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            WriteDocs(w, docs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSingle(Utf8JsonWriter w, string name, WitType type)
    {
        w.WriteStartObject();
        w.WritePropertyName(name);
        WriteTypeRef(w, type);
        w.WriteEndObject();
    }

    private static void WriteOptionalTypeRef(Utf8JsonWriter w, WitType? type)
    {
        if (type is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteTypeRef(w, type);
        }
    }

    private static void WriteTypeRef(Utf8JsonWriter w, WitType type)
    {
        switch (type)
        {
            case PrimitiveType p:
                w.WriteStringValue(p.WitName);
                break;
            case TypeDefinition d:
                w.WriteNumberValue(d.Id);
                break;
        }
    }

    private static void WriteDocs(Utf8JsonWriter w, Docs docs)
    {
        if (docs.Contents is { } contents)
        {
            w.WriteStartObject("docs");
            w.WriteString("contents", contents);
            w.WriteEndObject();
        }
    }

    private static void WriteStability(Utf8JsonWriter w, Stability stability)
    {
        switch (stability)
        {
            case Stability.Stable s:
                w.WriteStartObject("stability");
                w.WriteStartObject("stable");
                w.WriteString("since", s.Since);
                if (s.Deprecated is { } d)
                {
                    w.WriteString("deprecated", d);
                }

                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case Stability.Unstable u:
                w.WriteStartObject("stability");
                w.WriteStartObject("unstable");
                w.WriteString("feature", u.Feature);
                if (u.Deprecated is { } ud)
                {
                    w.WriteString("deprecated", ud);
                }

                w.WriteEndObject();
                w.WriteEndObject();
                break;
        }
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
