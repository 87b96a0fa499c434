using System.Globalization;
using System.Text;
using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;
using Wasmc.Wit.Abi;

namespace Wasmc.Plugins.Cpp.Bindings;

/// <summary>The generated C bindings of a world: <c>&lt;world&gt;.h</c> and <c>&lt;world&gt;.c</c>, plus the optional C++ header.</summary>
/// <param name="BaseName">The world's name in C (<c>data_types_component</c>): the file names and the prefix of world-wide types.</param>
/// <param name="Header">The contents of <c>&lt;world&gt;.h</c>.</param>
/// <param name="Source">The contents of <c>&lt;world&gt;.c</c>.</param>
/// <param name="CppHeader">The contents of <c>&lt;world&gt;.hpp</c>.</param>
internal sealed record CBindings(string BaseName, string Header, string Source, string CppHeader);

/// <summary>
/// Writes C bindings for a world with the names and conventions of wit-bindgen's C generator:
/// <c>exports_ns_pkg_iface_fn</c> for what the user implements, <c>ns_pkg_iface_fn</c> for imports,
/// <c>&lt;world&gt;_string_t</c>, <c>&lt;world&gt;_list_T_t</c>, <c>&lt;world&gt;_option_T_t</c>,
/// <c>&lt;world&gt;_result_T_E_t</c>. Every C type is laid out exactly as the canonical ABI lays the value out in
/// memory (the header asserts it), so values in memory are copied as they are and only flat values are converted.
/// </summary>
internal sealed class CBindingsGenerator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float", "for",
        "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "true", "false", "alignas", "alignof",
        "class", "delete", "new", "namespace", "operator", "private", "protected", "public", "template", "this", "throw", "try",
        "catch", "typename", "virtual", "ret", "err", "r", "flat", "params", "errno", "nullptr", "constexpr", "noexcept", "thread_local", "static_assert",
    };

    private readonly BindingsWorld _world;
    private readonly string _w;
    private readonly StringBuilder _types = new();
    private readonly StringBuilder _functions = new();
    private readonly CWriter _source = new();

    // Free functions and resource helpers: written while a function's glue is half done, so kept apart.
    private readonly CWriter _helpers = new();
    private readonly Dictionary<(TypeDefinition, BoundInterface?), string> _named = [];
    private readonly Dictionary<string, string> _anonymous = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaring = new(StringComparer.Ordinal);
    private BindingDirection _side = BindingDirection.Import;
    private int _returnAreaSize;
    private int _returnAreaAlignment = 1;
    private int _temporaries;

    private CBindingsGenerator(BindingsWorld world)
    {
        _world = world;
        _w = Identifiers.Snake(world.World.Name);
    }

    /// <summary>The world's name in C: file names and the prefix of world-wide types.</summary>
    public static string BaseName(BindingsWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return Identifiers.Snake(world.World.Name);
    }

    /// <summary>Generates the bindings.</summary>
    /// <exception cref="WasmcPluginException">The world uses something the generator cannot bind yet.</exception>
    public static CBindings Generate(BindingsWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var unsupported = world.FindUnsupported().ToList();
        foreach (var bound in world.Interfaces.Where(i => i.Direction == BindingDirection.Export))
        {
            unsupported.AddRange(bound.Resources.Select(r => new UnsupportedItem($"resource '{r.Name}' exported by '{bound.Name}'", r.Span)));
        }

        if (unsupported.Count > 0)
        {
            throw new WasmcPluginException(
                $"{unsupported[0]}: wasmc's C bindings do not support this yet" +
                (unsupported.Count > 1 ? $" (and {unsupported.Count - 1} more: {string.Join("; ", unsupported.Skip(1).Select(u => u.ToString()))})" : ""));
        }

        return new CBindingsGenerator(world).Write();
    }

    private CBindings Write()
    {
        foreach (var type in _world.WorldTypes)
        {
            Declare(type, null);
        }

        foreach (var bound in _world.Interfaces)
        {
            _side = bound.Direction;
            foreach (var type in bound.Types)
            {
                Declare(type, bound);
            }

            foreach (var function in bound.Functions)
            {
                Function(function);
            }
        }

        foreach (var function in _world.WorldFunctions)
        {
            _side = function.Direction;
            Function(function);
        }

        var guard = _w.ToUpperInvariant() + "_H";
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture, $$"""
            // Bindings for the world '{{_world.World.Name}}', generated by wasmc from its WIT. Do not edit.
            //
            // Implement the exports_* functions; call the imported ones. Values passed to an export are owned by
            // the export (free them with the *_free functions when done); values an export returns must be
            // heap-allocated (malloc, {{_w}}_string_dup): the bindings free them after the call.
            #ifndef {{guard}}
            #define {{guard}}
            #ifdef __cplusplus
            extern "C" {
            #endif

            #include <stdbool.h>
            #include <stddef.h>
            #include <stdint.h>

            typedef struct {{_w}}_string_t {
              uint8_t *ptr;
              size_t len;
            } {{_w}}_string_t;


            """);
        header.Append(CultureInfo.InvariantCulture, $$"""
            // Points ret at the NUL-terminated s without copying it (do not free ret afterwards).
            void {{_w}}_string_set({{_w}}_string_t *ret, const char *s);

            // Copies the NUL-terminated s into ret (free it with {{_w}}_string_free, or return it from an export).
            void {{_w}}_string_dup({{_w}}_string_t *ret, const char *s);

            // Copies len bytes of s into ret.
            void {{_w}}_string_dup_n({{_w}}_string_t *ret, const char *s, size_t len);

            // Frees a string allocated by the bindings or by {{_w}}_string_dup.
            void {{_w}}_string_free({{_w}}_string_t *ret);


            """);
        header.Append(_types);
        header.Append(_functions);
        header.Append(CultureInfo.InvariantCulture, $$"""
            #ifdef __cplusplus
            }
            #endif
            #endif // {{guard}}

            """);

        var source = new StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $$"""
            // Canonical ABI glue for the world '{{_world.World.Name}}', generated by wasmc from its WIT. Do not edit.
            #include "{{_w}}.h"
            #include <stdlib.h>
            #include <string.h>

            // The allocator the host calls to hand strings and lists to the component.
            __attribute__((__weak__, __export_name__("cabi_realloc")))
            void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
              (void)old_size;
              if (new_size == 0) return (void *)align;
              void *ret = realloc(ptr, new_size);
              if (!ret) abort();
              return ret;
            }

            __attribute__((unused)) static inline float wasmc_f32_from_i32(int32_t v) { float f; memcpy(&f, &v, 4); return f; }
            __attribute__((unused)) static inline int32_t wasmc_i32_from_f32(float f) { int32_t v; memcpy(&v, &f, 4); return v; }
            __attribute__((unused)) static inline double wasmc_f64_from_i64(int64_t v) { double f; memcpy(&f, &v, 8); return f; }
            __attribute__((unused)) static inline int64_t wasmc_i64_from_f64(double f) { int64_t v; memcpy(&v, &f, 8); return v; }

            __attribute__((__aligned__({{_returnAreaAlignment}})))
            static uint8_t wasmc_ret_area[{{Math.Max(_returnAreaSize, 1)}}];

            void {{_w}}_string_set({{_w}}_string_t *ret, const char *s) {
              ret->ptr = (uint8_t *)s;
              ret->len = strlen(s);
            }

            void {{_w}}_string_dup({{_w}}_string_t *ret, const char *s) {
              {{_w}}_string_dup_n(ret, s, strlen(s));
            }

            void {{_w}}_string_dup_n({{_w}}_string_t *ret, const char *s, size_t len) {
              ret->len = len;
              if (len == 0) {
                ret->ptr = NULL;
                return;
              }
              ret->ptr = (uint8_t *)cabi_realloc(NULL, 0, 1, len);
              memcpy(ret->ptr, s, len);
            }

            void {{_w}}_string_free({{_w}}_string_t *ret) {
              if (ret->len > 0) free(ret->ptr);
              ret->ptr = NULL;
              ret->len = 0;
            }

            """);
        source.Append(_helpers.ToString());
        source.Append(_source.ToString());
        return new CBindings(_w, header.ToString(), source.ToString(), CppHeader());
    }

    // ---- names ----

    private static string Snake(string witName) => Identifiers.Escape(Identifiers.Snake(witName), Keywords, k => k + "_");

    private string Prefix(BoundInterface? bound) => bound is null
        ? _w
        : (bound.Direction == BindingDirection.Export ? "exports_" : "") + string.Join('_', bound.ModulePath.Select(Identifiers.Snake));

    private string FunctionName(BoundFunction function)
    {
        var prefix = function.Interface is null
            ? (function.Direction == BindingDirection.Export ? "exports_" : "") + _w
            : Prefix(function.Interface);
        var f = function.Function;
        var item = f.Kind switch
        {
            FunctionKind.Method => $"method_{Identifiers.Snake(f.Resource!.ToString())}_{Identifiers.Snake(f.ItemName)}",
            FunctionKind.Static => $"static_{Identifiers.Snake(f.Resource!.ToString())}_{Identifiers.Snake(f.ItemName)}",
            FunctionKind.Constructor => $"constructor_{Identifiers.Snake(f.Resource!.ToString())}",
            _ => Identifiers.Snake(f.Name),
        };
        return $"{prefix}_{item}";
    }

    /// <summary>The short name of a type inside the names of anonymous types: <c>list_string</c>, <c>option_point</c>.</summary>
    private static string Mangle(WitType? type) => type switch
    {
        null => "void",
        PrimitiveType primitive => primitive.WitName,
        TypeDefinition { Name: { } name } => Identifiers.Snake(name),
        TypeDefinition definition => definition.Kind switch
        {
            ListKind list => "list_" + Mangle(list.Element),
            OptionKind option => "option_" + Mangle(option.Inner),
            ResultKind result => $"result_{Mangle(result.Ok)}_{Mangle(result.Err)}",
            TupleKind tuple => $"tuple{tuple.Types.Count}_" + string.Join('_', tuple.Types.Select(Mangle)),
            HandleKind handle => (handle.IsBorrow ? "borrow_" : "own_") + Mangle(handle.Resource),
            AliasKind alias => Mangle(alias.Target),
            _ => "type" + definition.Id,
        },
        _ => "unknown",
    };

    // ---- types ----

    private string CType(WitType type) => type switch
    {
        PrimitiveType primitive => primitive.Kind switch
        {
            PrimitiveKind.Bool => "bool",
            PrimitiveKind.S8 => "int8_t",
            PrimitiveKind.U8 => "uint8_t",
            PrimitiveKind.S16 => "int16_t",
            PrimitiveKind.U16 => "uint16_t",
            PrimitiveKind.S32 => "int32_t",
            PrimitiveKind.U32 => "uint32_t",
            PrimitiveKind.S64 => "int64_t",
            PrimitiveKind.U64 => "uint64_t",
            PrimitiveKind.F32 => "float",
            PrimitiveKind.F64 => "double",
            PrimitiveKind.Char => "uint32_t",
            PrimitiveKind.String => $"{_w}_string_t",
            _ => throw new WasmcPluginException($"{primitive.WitName}: wasmc's C bindings do not support this yet"),
        },
        TypeDefinition { Kind: ResourceKind } resource => HandleName(resource, borrow: false),
        TypeDefinition { Kind: HandleKind handle } => HandleName((TypeDefinition)handle.Resource.Unalias(), handle.IsBorrow),
        TypeDefinition { Name: not null } named => Declare(named, _world.DeclaringInterface(named, _side)),
        TypeDefinition anonymous => Anonymous(anonymous),
        _ => throw new WasmcPluginException($"{type}: wasmc's C bindings do not support this yet"),
    };

    private string HandleName(TypeDefinition resource, bool borrow)
    {
        var bound = _world.DeclaringInterface(resource, _side);
        Declare(resource, bound);
        return $"{Prefix(bound)}_{(borrow ? "borrow" : "own")}_{Identifiers.Snake(resource.Name!)}_t";
    }

    private string Anonymous(TypeDefinition definition)
    {
        var body = Body(definition);
        if (_anonymous.TryGetValue(body, out var known))
        {
            return known;
        }

        var name = $"{_w}_{Mangle(definition)}";
        var unique = name;
        for (var n = 2; _anonymous.ContainsValue(unique + "_t"); n++)
        {
            unique = $"{name}{n}";
        }

        _anonymous[body] = unique + "_t";
        Typedef(definition, unique, body);
        return unique + "_t";
    }

    /// <summary>Declares a named type once (and what it uses first); returns its C name.</summary>
    private string Declare(TypeDefinition definition, BoundInterface? bound)
    {
        if (_named.TryGetValue((definition, bound), out var known))
        {
            return known;
        }

        var baseName = $"{Prefix(bound)}_{Identifiers.Snake(definition.Name!)}";
        var name = baseName + "_t";
        if (!_declaring.Add(name))
        {
            return name;
        }

        var previousSide = _side;
        _side = bound?.Direction ?? BindingDirection.Import;
        try
        {
            if (definition.Kind is ResourceKind)
            {
                DeclareImportedResource(definition, bound, baseName);
            }
            else if (definition.Kind is AliasKind alias)
            {
                var target = CType(alias.Target);
                Docs(_types, definition.Docs);
                _types.Append(CultureInfo.InvariantCulture, $"typedef {target} {name};\n");
                if (CanonicalAbi.ContainsPointers(alias.Target))
                {
                    _types.Append(CultureInfo.InvariantCulture, $"static inline void {baseName}_free({name} *ptr) {{ {target[..^2]}_free(ptr); }}\n");
                }

                _types.Append('\n');
            }
            else
            {
                Typedef(definition, baseName, Body(definition));
            }
        }
        finally
        {
            _side = previousSide;
        }

        _named[(definition, bound)] = name;
        return name;
    }

    private void DeclareImportedResource(TypeDefinition resource, BoundInterface? bound, string baseName)
    {
        var prefix = Prefix(bound);
        var snake = Identifiers.Snake(resource.Name!);
        Docs(_types, resource.Docs);
        _types.Append(CultureInfo.InvariantCulture, $$"""
            typedef struct {{prefix}}_own_{{snake}}_t {
              int32_t __handle;
            } {{prefix}}_own_{{snake}}_t;

            typedef struct {{prefix}}_borrow_{{snake}}_t {
              int32_t __handle;
            } {{prefix}}_borrow_{{snake}}_t;

            // Drops the handle (the resource's destructor runs in its owner).
            void {{baseName}}_drop_own({{prefix}}_own_{{snake}}_t handle);

            // Lends an owned handle.
            {{prefix}}_borrow_{{snake}}_t {{prefix}}_borrow_{{snake}}({{prefix}}_own_{{snake}}_t handle);


            """);
        var module = bound?.ResourceModule ?? WorldAbi.RootModule;
        _helpers.Line($"__attribute__((__import_module__(\"{module}\"), __import_name__(\"[resource-drop]{resource.Name}\")))");
        _helpers.Line($"extern void __wasm_import_{baseName}_drop(int32_t handle);");
        _helpers.Line();
        _helpers.Open($"void {baseName}_drop_own({prefix}_own_{snake}_t handle)");
        _helpers.Line($"__wasm_import_{baseName}_drop(handle.__handle);");
        _helpers.Close();
        _helpers.Line();
        _helpers.Open($"{prefix}_borrow_{snake}_t {prefix}_borrow_{snake}({prefix}_own_{snake}_t handle)");
        _helpers.Line($"return ({prefix}_borrow_{snake}_t){{ handle.__handle }};");
        _helpers.Close();
        _helpers.Line();
    }

    /// <summary>The C declaration after <c>typedef</c>, without the name: <c>struct { ... }</c> or <c>uint8_t</c>.</summary>
    private string Body(TypeDefinition definition)
    {
        var body = new StringBuilder();
        switch (definition.Kind)
        {
            case RecordKind record:
                body.Append("struct {\n");
                foreach (var field in record.Fields)
                {
                    body.Append(CultureInfo.InvariantCulture, $"  {CType(field.Type)} {Snake(field.Name)};\n");
                }

                body.Append('}');
                break;
            case TupleKind tuple:
                body.Append("struct {\n");
                for (var i = 0; i < tuple.Types.Count; i++)
                {
                    body.Append(CultureInfo.InvariantCulture, $"  {CType(tuple.Types[i])} f{i};\n");
                }

                body.Append('}');
                break;
            case ListKind list:
                body.Append(CultureInfo.InvariantCulture, $"struct {{\n  {CType(list.Element)} *ptr;\n  size_t len;\n}}");
                break;
            case OptionKind option:
                body.Append(CultureInfo.InvariantCulture, $"struct {{\n  bool is_some;\n  {CType(option.Inner)} val;\n}}");
                break;
            case ResultKind result:
                body.Append("struct {\n  bool is_err;\n");
                if (result.Ok is not null || result.Err is not null)
                {
                    body.Append("  union {\n");
                    if (result.Ok is { } ok)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"    {CType(ok)} ok;\n");
                    }

                    if (result.Err is { } err)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"    {CType(err)} err;\n");
                    }

                    body.Append("  } val;\n");
                }

                body.Append('}');
                break;
            case VariantKind variant:
                body.Append(CultureInfo.InvariantCulture, $"struct {{\n  {DiscriminantType(variant.Cases.Count)} tag;\n");
                if (variant.Cases.Any(c => c.Type is not null))
                {
                    body.Append("  union {\n");
                    foreach (var c in variant.Cases.Where(c => c.Type is not null))
                    {
                        body.Append(CultureInfo.InvariantCulture, $"    {CType(c.Type!)} {Snake(c.Name)};\n");
                    }

                    body.Append("  } val;\n");
                }

                body.Append('}');
                break;
            case EnumKind enumKind:
                body.Append(DiscriminantType(enumKind.Cases.Count));
                break;
            case FlagsKind flags when flags.Flags.Count <= 32:
                body.Append(AbiLayouts.Flags(flags.Flags.Count).IntegerBits switch
                {
                    8 => "uint8_t",
                    16 => "uint16_t",
                    _ => "uint32_t",
                });
                break;
            default:
                throw new WasmcPluginException(
                    $"{(definition.Span is { } span ? span + ": " : "")}type '{definition}' ({definition.Kind.GetType().Name}): wasmc's C bindings do not support this yet");
        }

        return body.ToString();
    }

    private static string DiscriminantType(int cases) => CanonicalAbi.DiscriminantType(cases).Kind switch
    {
        PrimitiveKind.U8 => "uint8_t",
        PrimitiveKind.U16 => "uint16_t",
        _ => "uint32_t",
    };

    private void Typedef(TypeDefinition definition, string baseName, string body)
    {
        var name = baseName + "_t";
        Docs(_types, definition.Docs);
        var isStruct = body.StartsWith("struct", StringComparison.Ordinal);
        _types.Append(CultureInfo.InvariantCulture, $"typedef {(isStruct ? "struct " + name + body["struct".Length..] : body)} {name};\n");
        var upper = baseName.ToUpperInvariant();
        switch (definition.Kind)
        {
            case VariantKind variant:
                for (var i = 0; i < variant.Cases.Count; i++)
                {
                    _types.Append(CultureInfo.InvariantCulture, $"#define {upper}_{Identifiers.ScreamingSnake(variant.Cases[i].Name)} {i}\n");
                }

                break;
            case EnumKind enumKind:
                for (var i = 0; i < enumKind.Cases.Count; i++)
                {
                    _types.Append(CultureInfo.InvariantCulture, $"#define {upper}_{Identifiers.ScreamingSnake(enumKind.Cases[i].Name)} {i}\n");
                }

                break;
            case FlagsKind flags:
                for (var i = 0; i < flags.Flags.Count; i++)
                {
                    _types.Append(CultureInfo.InvariantCulture, $"#define {upper}_{Identifiers.ScreamingSnake(flags.Flags[i].Name)} ((({name})1) << {i})\n");
                }

                break;
        }

        var layout = AbiLayouts.Of(definition);
        _types.Append(CultureInfo.InvariantCulture,
            $"_Static_assert(sizeof({name}) == {layout.Size} && _Alignof({name}) == {layout.Alignment}, \"{name} is laid out as the canonical ABI says\");\n");
        if (CanonicalAbi.ContainsPointers(definition))
        {
            _types.Append(CultureInfo.InvariantCulture, $"\n// Frees what the value owns (not the value itself).\nvoid {baseName}_free({name} *ptr);\n");
            WriteFree(definition, baseName, name);
        }

        _types.Append('\n');
    }

    private static void Docs(StringBuilder text, Docs docs)
    {
        if (docs.Contents is { } contents)
        {
            foreach (var line in contents.TrimEnd().Split('\n'))
            {
                text.Append("// ").Append(line.TrimEnd()).Append('\n');
            }
        }
    }

    // ---- freeing ----

    private void WriteFree(TypeDefinition definition, string baseName, string name)
    {
        var code = new CWriter();
        code.Open($"void {baseName}_free({name} *ptr)");
        switch (definition.Kind)
        {
            case RecordKind record:
                foreach (var field in record.Fields)
                {
                    Free(code, field.Type, $"ptr->{Snake(field.Name)}");
                }

                break;
            case TupleKind tuple:
                for (var i = 0; i < tuple.Types.Count; i++)
                {
                    Free(code, tuple.Types[i], $"ptr->f{i}");
                }

                break;
            case ListKind list:
                if (CanonicalAbi.ContainsPointers(list.Element))
                {
                    code.Open("for (size_t i = 0; i < ptr->len; i++)");
                    Free(code, list.Element, "ptr->ptr[i]");
                    code.Close();
                }

                code.Line("if (ptr->len > 0) free(ptr->ptr);");
                code.Line("ptr->ptr = NULL;");
                code.Line("ptr->len = 0;");
                break;
            case OptionKind option:
                code.Open("if (ptr->is_some)");
                Free(code, option.Inner, "ptr->val");
                code.Close();
                break;
            case ResultKind result:
                code.Open("if (!ptr->is_err)");
                Free(code, result.Ok, "ptr->val.ok");
                code.Close("} else {");
                Free(code, result.Err, "ptr->val.err");
                code.Close();
                break;
            case VariantKind variant:
                code.Open("switch (ptr->tag)");
                for (var i = 0; i < variant.Cases.Count; i++)
                {
                    if (variant.Cases[i].Type is { } payload && CanonicalAbi.ContainsPointers(payload))
                    {
                        code.Line($"case {i}:");
                        Free(code, payload, $"ptr->val.{Snake(variant.Cases[i].Name)}");
                        code.Line("  break;");
                    }
                }

                code.Close();
                break;
        }

        code.Close();
        code.Line();
        _helpers.Append(code);
    }

    private void Free(CWriter code, WitType? type, string value)
    {
        if (type is null || !CanonicalAbi.ContainsPointers(type))
        {
            return;
        }

        var name = CType(type);
        code.Line($"{name[..^2]}_free(&{value});");
    }

    // ---- functions ----

    private enum ResultShape
    {
        None,
        Scalar,
        Option,
        Result,
        OutParam,
    }

    private static bool IsScalar(WitType type) => type.Unalias() switch
    {
        PrimitiveType primitive => primitive.Kind != PrimitiveKind.String,
        TypeDefinition { Kind: EnumKind or FlagsKind or HandleKind or ResourceKind } => true,
        _ => false,
    };

    private static ResultShape Shape(WitType? result) => result switch
    {
        null => ResultShape.None,
        _ when IsScalar(result) => ResultShape.Scalar,
        TypeDefinition { Kind: OptionKind } => ResultShape.Option,
        TypeDefinition { Kind: ResultKind } => ResultShape.Result,
        _ => ResultShape.OutParam,
    };

    /// <summary>The user-facing prototype: aggregates by pointer, option and result results as <c>bool</c> plus out-pointers.</summary>
    private string Prototype(BoundFunction function, string name)
    {
        var f = function.Function;
        var parameters = f.Params.Select(p => IsScalar(p.Type) ? $"{CType(p.Type)} {Snake(p.Name)}" : $"{CType(p.Type)} *{Snake(p.Name)}").ToList();
        var returns = "void";
        switch (Shape(f.Result))
        {
            case ResultShape.Scalar:
                returns = CType(f.Result!);
                break;
            case ResultShape.Option:
                returns = "bool";
                parameters.Add($"{CType(((OptionKind)((TypeDefinition)f.Result!).Kind).Inner)} *ret");
                break;
            case ResultShape.Result:
                returns = "bool";
                var result = (ResultKind)((TypeDefinition)f.Result!).Kind;
                if (result.Ok is { } ok)
                {
                    parameters.Add($"{CType(ok)} *ret");
                }

                if (result.Err is { } err)
                {
                    parameters.Add($"{CType(err)} *err");
                }

                break;
            case ResultShape.OutParam:
                parameters.Add($"{CType(f.Result!)} *ret");
                break;
        }

        return $"{returns} {name}({(parameters.Count == 0 ? "void" : string.Join(", ", parameters))})";
    }

    private static string CoreCType(CoreType type) => type switch
    {
        CoreType.I32 => "int32_t",
        CoreType.I64 => "int64_t",
        CoreType.F32 => "float",
        _ => "double",
    };

    private void Function(BoundFunction function)
    {
        if (function.Function.Kind is not (FunctionKind.Freestanding or FunctionKind.Method or FunctionKind.Static or FunctionKind.Constructor))
        {
            throw new WasmcPluginException($"function '{function.DisplayName}': wasmc's C bindings do not support this yet");
        }

        var name = FunctionName(function);
        var prototype = Prototype(function, name);
        Docs(_functions, function.Function.Docs);
        _functions.Append(prototype).Append(";\n\n");
        if (function.Direction == BindingDirection.Export)
        {
            ExportGlue(function, name);
        }
        else
        {
            ImportGlue(function, name, prototype);
        }
    }

    private string Temporary(string stem) => $"{stem}{_temporaries++}";

    private void ExportGlue(BoundFunction function, string name)
    {
        var f = function.Function;
        var layout = function.Layout;
        var signature = layout.Signature;
        var coreParams = signature.Params.Select((t, i) => $"{CoreCType(t)} arg{i}").ToList();
        var coreReturn = signature.Results.Count == 0 ? "void" : CoreCType(signature.Results[0]);
        var code = _source;
        code.Line($"__attribute__((__export_name__(\"{function.CoreName}\")))");
        code.Open($"{coreReturn} __wasm_export_{name}({(coreParams.Count == 0 ? "void" : string.Join(", ", coreParams))})");
        var arguments = new List<string>();
        for (var i = 0; i < f.Params.Count; i++)
        {
            code.Line($"{CType(f.Params[i].Type)} p{i};");
            arguments.Add(IsScalar(f.Params[i].Type) ? $"p{i}" : $"&p{i}");
        }

        if (layout.ParamsInMemory)
        {
            code.Line("uint8_t *params = (uint8_t *)(uintptr_t)arg0;");
            for (var i = 0; i < f.Params.Count; i++)
            {
                code.Line($"memcpy(&p{i}, params + {function.ParamOffsets[i]}, sizeof(p{i}));");
            }

            // The caller allocated the parameter area with cabi_realloc; the callee frees it.
            code.Line("free(params);");
        }
        else
        {
            var slots = new Queue<(string, CoreType)>(signature.Params.Select((t, i) => ($"arg{i}", t)));
            for (var i = 0; i < f.Params.Count; i++)
            {
                LiftFlat(code, f.Params[i].Type, slots, $"p{i}");
            }
        }

        var resultType = f.Result is null ? null : CType(f.Result);
        switch (Shape(f.Result))
        {
            case ResultShape.None:
                code.Line($"{name}({string.Join(", ", arguments)});");
                break;
            case ResultShape.Scalar:
                code.Line($"{resultType} r = {name}({string.Join(", ", arguments)});");
                break;
            case ResultShape.Option:
                code.Line($"{resultType} r;");
                code.Line($"r.is_some = {name}({string.Join(", ", [.. arguments, "&r.val"])});");
                break;
            case ResultShape.Result:
                var result = (ResultKind)((TypeDefinition)f.Result!).Kind;
                code.Line($"{resultType} r;");
                List<string> outs = [.. arguments];
                if (result.Ok is not null)
                {
                    outs.Add("&r.val.ok");
                }

                if (result.Err is not null)
                {
                    outs.Add("&r.val.err");
                }

                code.Line($"r.is_err = !{name}({string.Join(", ", outs)});");
                break;
            case ResultShape.OutParam:
                code.Line($"{resultType} r;");
                code.Line($"{name}({string.Join(", ", [.. arguments, "&r"])});");
                break;
        }

        if (f.Result is not null)
        {
            if (layout.ResultsInMemory)
            {
                _returnAreaSize = Math.Max(_returnAreaSize, layout.ReturnArea!.Size);
                _returnAreaAlignment = Math.Max(_returnAreaAlignment, layout.ReturnArea.Alignment);
                code.Line("memcpy(wasmc_ret_area, &r, sizeof(r));");
                code.Line("return (int32_t)(uintptr_t)wasmc_ret_area;");
            }
            else
            {
                var flat = LowerFlat(code, f.Result, "r");
                code.Line($"return {flat.Single().Expression};");
            }
        }

        code.Close();
        code.Line();
        if (function.PostReturnName is { } post)
        {
            code.Line($"__attribute__((__export_name__(\"{post}\")))");
            code.Open($"void __wasm_export_{name}_post_return(int32_t arg0)");
            code.Line($"{resultType} *r = ({resultType} *)(uintptr_t)arg0;");
            Free(code, f.Result, "(*r)");
            code.Close();
            code.Line();
        }
    }

    private void ImportGlue(BoundFunction function, string name, string prototype)
    {
        var f = function.Function;
        var layout = function.Layout;
        var signature = layout.Signature;
        var coreParams = signature.Params.Select((t, i) => $"{CoreCType(t)} arg{i}").ToList();
        var coreReturn = signature.Results.Count == 0 ? "void" : CoreCType(signature.Results[0]);
        var code = _source;
        code.Line($"__attribute__((__import_module__(\"{function.CoreModule}\"), __import_name__(\"{function.CoreName}\")))");
        code.Line($"extern {coreReturn} __wasm_import_{name}({(coreParams.Count == 0 ? "void" : string.Join(", ", coreParams))});");
        code.Line();
        code.Open(prototype);
        var arguments = new List<string>();
        if (layout.ParamsInMemory)
        {
            code.Line($"__attribute__((__aligned__({layout.ParamArea!.Alignment}))) uint8_t params[{layout.ParamArea.Size}];");
            for (var i = 0; i < f.Params.Count; i++)
            {
                var value = IsScalar(f.Params[i].Type) ? Snake(f.Params[i].Name) : "*" + Snake(f.Params[i].Name);
                code.Line($"memcpy(params + {function.ParamOffsets[i]}, &({value}), sizeof({value}));");
            }

            arguments.Add("(int32_t)(uintptr_t)params");
        }
        else
        {
            foreach (var parameter in f.Params)
            {
                var value = IsScalar(parameter.Type) ? Snake(parameter.Name) : $"(*{Snake(parameter.Name)})";
                arguments.AddRange(LowerFlat(code, parameter.Type, value).Select(s => s.Expression));
            }
        }

        var resultType = f.Result is null ? null : CType(f.Result);
        if (f.Result is null)
        {
            code.Line($"__wasm_import_{name}({string.Join(", ", arguments)});");
        }
        else if (layout.ResultsInMemory)
        {
            // The C type is laid out like the canonical ABI value, so the callee writes straight into it.
            code.Line($"{resultType} r;");
            code.Line($"__wasm_import_{name}({string.Join(", ", [.. arguments, "(int32_t)(uintptr_t)&r"])});");
        }
        else
        {
            code.Line($"{coreReturn} flat = __wasm_import_{name}({string.Join(", ", arguments)});");
            code.Line($"{resultType} r;");
            LiftFlat(code, f.Result, new Queue<(string, CoreType)>([("flat", signature.Results[0])]), "r");
        }

        switch (Shape(f.Result))
        {
            case ResultShape.Scalar:
                code.Line("return r;");
                break;
            case ResultShape.Option:
                code.Open("if (r.is_some)");
                code.Line("*ret = r.val;");
                code.Line("return true;");
                code.Close();
                code.Line("return false;");
                break;
            case ResultShape.Result:
                var result = (ResultKind)((TypeDefinition)f.Result!).Kind;
                code.Open("if (!r.is_err)");
                if (result.Ok is not null)
                {
                    code.Line("*ret = r.val.ok;");
                }

                code.Line("return true;");
                code.Close();
                if (result.Err is not null)
                {
                    code.Line("*err = r.val.err;");
                }

                code.Line("return false;");
                break;
            case ResultShape.OutParam:
                code.Line("*ret = r;");
                break;
        }

        code.Close();
        code.Line();
    }

    // ---- flat values ----

    private static string Coerce(string expression, CoreType from, CoreType to) => (from, to) switch
    {
        _ when from == to => expression,
        (CoreType.I64, CoreType.I32) => $"(int32_t)({expression})",
        (CoreType.I64, CoreType.F32) => $"wasmc_f32_from_i32((int32_t)({expression}))",
        (CoreType.I64, CoreType.F64) => $"wasmc_f64_from_i64({expression})",
        (CoreType.I32, CoreType.F32) => $"wasmc_f32_from_i32({expression})",
        (CoreType.I32, CoreType.I64) => $"(int64_t)(uint32_t)({expression})",
        (CoreType.F32, CoreType.I32) => $"wasmc_i32_from_f32({expression})",
        (CoreType.F32, CoreType.I64) => $"(int64_t)(uint32_t)wasmc_i32_from_f32({expression})",
        (CoreType.F64, CoreType.I64) => $"wasmc_i64_from_f64({expression})",
        _ => throw new InvalidOperationException($"no canonical ABI coercion from {from} to {to}"),
    };

    /// <summary>Assigns the value held by the next flat slots to <paramref name="destination"/>.</summary>
    private void LiftFlat(CWriter code, WitType type, Queue<(string Expression, CoreType Type)> slots, string destination)
    {
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                if (primitive.Kind == PrimitiveKind.String)
                {
                    code.Line($"{destination}.ptr = (uint8_t *)(uintptr_t)({slots.Dequeue().Expression});");
                    code.Line($"{destination}.len = (size_t)({slots.Dequeue().Expression});");
                }
                else
                {
                    var slot = slots.Dequeue().Expression;
                    code.Line(primitive.Kind == PrimitiveKind.Bool ? $"{destination} = ({slot}) != 0;" : $"{destination} = ({CType(primitive)})({slot});");
                }

                break;
            case TypeDefinition definition:
                LiftFlatDefinition(code, definition, slots, destination);
                break;
        }
    }

    private void LiftFlatDefinition(CWriter code, TypeDefinition definition, Queue<(string Expression, CoreType Type)> slots, string destination)
    {
        switch (definition.Kind)
        {
            case ListKind list:
                code.Line($"{destination}.ptr = (__typeof__({destination}.ptr))(uintptr_t)({slots.Dequeue().Expression});");
                code.Line($"{destination}.len = (size_t)({slots.Dequeue().Expression});");
                break;
            case RecordKind record:
                foreach (var field in record.Fields)
                {
                    LiftFlat(code, field.Type, slots, $"{destination}.{Snake(field.Name)}");
                }

                break;
            case TupleKind tuple:
                for (var i = 0; i < tuple.Types.Count; i++)
                {
                    LiftFlat(code, tuple.Types[i], slots, $"{destination}.f{i}");
                }

                break;
            case EnumKind or FlagsKind:
                code.Line($"{destination} = (__typeof__({destination}))({slots.Dequeue().Expression});");
                break;
            case HandleKind or ResourceKind:
                code.Line($"{destination}.__handle = {slots.Dequeue().Expression};");
                break;
            case VariantKind or OptionKind or ResultKind:
                var cases = VariantCases(definition, destination);
                var discriminant = slots.Dequeue().Expression;
                var joined = Enumerable.Range(0, AbiLayouts.Variant(definition).FlatCount - 1).Select(_ => slots.Dequeue()).ToList();
                code.Line($"{cases.Tag} = {cases.TagFromDiscriminant(discriminant)};");
                code.Open($"switch ({discriminant})");
                for (var i = 0; i < cases.Payloads.Count; i++)
                {
                    if (cases.Payloads[i] is not { } payload)
                    {
                        continue;
                    }

                    code.Open($"case {i}:");
                    var flat = CanonicalAbi.Flatten(payload.Type);
                    var caseSlots = new Queue<(string, CoreType)>(flat.Select((t, k) => (Coerce(joined[k].Expression, joined[k].Type, t), t)));
                    LiftFlat(code, payload.Type, caseSlots, payload.Access);
                    code.Line("break;");
                    code.Close();
                }

                code.Close();
                break;
            case AliasKind alias:
                LiftFlat(code, alias.Target, slots, destination);
                break;
            default:
                throw new WasmcPluginException($"type '{definition}': wasmc's C bindings do not support this yet");
        }
    }

    private sealed record VariantShape(string Tag, Func<string, string> TagFromDiscriminant, IReadOnlyList<(WitType Type, string Access)?> Payloads);

    private VariantShape VariantCases(TypeDefinition definition, string value) => definition.Kind switch
    {
        VariantKind variant => new($"{value}.tag", d => $"({DiscriminantType(variant.Cases.Count)})({d})",
            [.. variant.Cases.Select(c => c.Type is { } t ? ((WitType, string)?)(t, $"{value}.val.{Snake(c.Name)}") : null)]),
        OptionKind option => new($"{value}.is_some", d => $"({d}) != 0", [null, (option.Inner, $"{value}.val")]),
        ResultKind result => new($"{value}.is_err", d => $"({d}) != 0",
            [result.Ok is { } ok ? (ok, $"{value}.val.ok") : null, result.Err is { } err ? (err, $"{value}.val.err") : null]),
        _ => throw new ArgumentException("not variant-like", nameof(definition)),
    };

    /// <summary>The flat slots of <paramref name="value"/>, as expressions (statements for variants go to <paramref name="code"/>).</summary>
    private List<(string Expression, CoreType Type)> LowerFlat(CWriter code, WitType type, string value)
    {
        switch (type.Unalias())
        {
            case PrimitiveType primitive:
                return primitive.Kind switch
                {
                    PrimitiveKind.String => [($"(int32_t)(uintptr_t)({value}).ptr", CoreType.I32), ($"(int32_t)({value}).len", CoreType.I32)],
                    PrimitiveKind.S64 or PrimitiveKind.U64 => [($"(int64_t)({value})", CoreType.I64)],
                    PrimitiveKind.F32 => [(value, CoreType.F32)],
                    PrimitiveKind.F64 => [(value, CoreType.F64)],
                    _ => [($"(int32_t)({value})", CoreType.I32)],
                };
            case TypeDefinition definition:
                switch (definition.Kind)
                {
                    case ListKind:
                        return [($"(int32_t)(uintptr_t)({value}).ptr", CoreType.I32), ($"(int32_t)({value}).len", CoreType.I32)];
                    case RecordKind record:
                        return [.. record.Fields.SelectMany(f => LowerFlat(code, f.Type, $"({value}).{Snake(f.Name)}"))];
                    case TupleKind tuple:
                        return [.. tuple.Types.SelectMany((t, i) => LowerFlat(code, t, $"({value}).f{i}"))];
                    case EnumKind or FlagsKind:
                        return [($"(int32_t)({value})", CoreType.I32)];
                    case HandleKind or ResourceKind:
                        return [($"({value}).__handle", CoreType.I32)];
                    case VariantKind or OptionKind or ResultKind:
                        return LowerVariant(code, definition, value);
                    case AliasKind alias:
                        return LowerFlat(code, alias.Target, value);
                }

                break;
        }

        throw new WasmcPluginException($"type '{type}': wasmc's C bindings do not support this yet");
    }

    private List<(string Expression, CoreType Type)> LowerVariant(CWriter code, TypeDefinition definition, string value)
    {
        var flat = CanonicalAbi.Flatten(definition);
        var cases = VariantCases(definition, $"({value})");
        var names = flat.Select(_ => Temporary("v")).ToList();
        for (var k = 0; k < flat.Count; k++)
        {
            code.Line($"{CoreCType(flat[k])} {names[k]} = 0;");
        }

        code.Line($"{names[0]} = (int32_t){cases.Tag};");
        code.Open($"switch ({names[0]})");
        for (var i = 0; i < cases.Payloads.Count; i++)
        {
            if (cases.Payloads[i] is not { } payload)
            {
                continue;
            }

            code.Open($"case {i}:");
            var lowered = LowerFlat(code, payload.Type, payload.Access);
            for (var k = 0; k < lowered.Count; k++)
            {
                code.Line($"{names[k + 1]} = {Coerce(lowered[k].Expression, lowered[k].Type, flat[k + 1])};");
            }

            code.Line("break;");
            code.Close();
        }

        code.Close();
        return [.. names.Select((n, k) => (n, flat[k]))];
    }

    // ---- C++ ----

    private string CppHeader() => $$"""
        // C++ conveniences over {{_w}}.h, generated by wasmc. Optional: the C API works in C++ as it is.
        #ifndef {{_w.ToUpperInvariant()}}_HPP
        #define {{_w.ToUpperInvariant()}}_HPP

        #include "{{_w}}.h"

        #include <cstdlib>
        #include <cstring>
        #include <span>
        #include <string>
        #include <string_view>

        namespace {{_w}} {

        // Views a WIT string without copying it.
        inline std::string_view view(const {{_w}}_string_t &s) {
          return std::string_view(reinterpret_cast<const char *>(s.ptr), s.len);
        }

        // A heap copy the bindings may free: what exports return.
        inline {{_w}}_string_t to_wit(std::string_view s) {
          {{_w}}_string_t ret;
          {{_w}}_string_dup_n(&ret, s.data(), s.size());
          return ret;
        }

        // Views any generated list type (a struct of ptr and len) as a span.
        template <typename List>
        inline auto span(const List &list) -> std::span<std::remove_pointer_t<decltype(list.ptr)>> {
          return {list.ptr, list.len};
        }

        // Allocates a list of n elements the bindings may free (elements left uninitialised).
        template <typename List>
        inline List new_list(size_t n) {
          List ret;
          ret.len = n;
          ret.ptr = n == 0 ? nullptr : static_cast<decltype(ret.ptr)>(std::malloc(n * sizeof(*ret.ptr)));
          return ret;
        }

        }  // namespace {{_w}}

        #endif

        """;
}
