using System.Text.Json;
using System.Text.Json.Nodes;
using Wasmc.Containers.Running;
using Wasmc.Core.Testing.Checking;
using Wasmc.Wit;
using Wasmc.Wit.Wave;

namespace Wasmc.Core.Testing.Running.Jco;

/// <summary>
/// Writes the harness's cases file and reads its results back. Values cross as jco's JS mapping
/// (<see cref="WaveJs"/>); what JSON cannot carry is tagged: 64-bit integers as <c>{"$bigint": "..."}</c>
/// (BigInt in JS), NaN and infinities as <c>{"$float": "NaN"}</c>.
/// </summary>
internal static class JcoCases
{
    public const string ModuleName = "component";

    public static string Write(string programName, IReadOnlyList<CheckedCase> cases, TimeSpan runTimeout)
    {
        var list = new JsonArray();
        foreach (var testCase in cases)
        {
            switch (testCase)
            {
                case CheckedCall call:
                    var node = new JsonObject { ["id"] = call.Id, ["kind"] = "call" };
                    if (call.Target.ExportKey is { } export)
                    {
                        node["export"] = export;
                    }

                    node["function"] = call.Target.Function.ItemName;
                    node["args"] = new JsonArray([.. call.Arguments.Select((value, i) => Encode(value, call.Target.Function.Params[i].Type))]);
                    list.Add(node);
                    break;
                case CheckedRun run:
                    var env = new JsonObject();
                    foreach (var (name, value) in run.Spec.Env)
                    {
                        env[name] = value;
                    }

                    list.Add(new JsonObject
                    {
                        ["id"] = run.Id,
                        ["kind"] = "run",
                        ["export"] = run.RunExport,
                        ["args"] = new JsonArray([.. run.Spec.Args.Select(a => JsonValue.Create(a))]),
                        ["env"] = env,
                        ["stdin"] = run.Spec.Stdin,
                    });
                    break;
                case CheckedRequest request:
                    var headers = new JsonObject();
                    foreach (var (name, value) in request.Spec.Headers)
                    {
                        headers[name] = value;
                    }

                    list.Add(new JsonObject
                    {
                        ["id"] = request.Id,
                        ["kind"] = "request",
                        ["export"] = request.HandlerExport,
                        ["method"] = request.Spec.Method,
                        ["path"] = request.Spec.Path,
                        ["headers"] = headers,
                        ["body"] = request.Spec.Body,
                        ["timeoutMs"] = (long)runTimeout.TotalMilliseconds,
                    });
                    break;
            }
        }

        var root = new JsonObject
        {
            ["module"] = $"js/{ModuleName}.js",
            ["programName"] = programName,
            ["runTimeoutMs"] = (long)runTimeout.TotalMilliseconds,
            ["cases"] = list,
        };
        return root.ToJsonString();
    }

    /// <summary>One argument in the harness's JSON form.</summary>
    public static JsonNode? Encode(WaveValue value, WitType type) => Tag(WaveJs.ToJson(value, type), type);

    /// <summary>
    /// Reads the harness's result lines and the step's output into one outcome per case id. Cases without
    /// a result line (the harness died or was killed) get an error naming the harness's exit code.
    /// </summary>
    public static Dictionary<int, CaseOutcome> Read(IEnumerable<string> resultLines, IReadOnlyList<CheckedCase> cases, StepResult? step)
    {
        var byId = cases.ToDictionary(c => c.Id);
        var output = OutputByCase(step?.Output ?? []);
        var outcomes = new Dictionary<int, CaseOutcome>();
        foreach (var line in resultLines.Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetInt32();
            if (!byId.TryGetValue(id, out var testCase))
            {
                continue;
            }

            var outcome = Outcome(root, testCase);
            outcomes[id] = output.TryGetValue(id, out var printed) && outcome.Output is null ? outcome with { Output = printed } : outcome;
        }

        foreach (var testCase in cases.Where(c => !outcomes.ContainsKey(c.Id)))
        {
            var reason = step is null
                ? "the test harness did not run"
                : $"the test harness exited with code {step.ExitCode} before this case finished";
            var tail = output.TryGetValue(testCase.Id, out var printed) ? printed : output.GetValueOrDefault(-1);
            outcomes[testCase.Id] = CaseOutcome.Error(tail is null ? reason : $"{reason}:\n{tail}") with { Output = printed };
        }

        return outcomes;
    }

    private static CaseOutcome Outcome(JsonElement root, CheckedCase testCase)
    {
        var duration = root.TryGetProperty("ms", out var ms) && ms.ValueKind == JsonValueKind.Number
            ? TimeSpan.FromMilliseconds(ms.GetDouble())
            : TimeSpan.Zero;
        var kind = root.GetProperty("outcome").GetString();
        var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (testCase is CheckedRun)
        {
            return kind switch
            {
                "exited" or "trap" => new CaseOutcome(kind == "trap" ? OutcomeKind.Trapped : OutcomeKind.Exited)
                {
                    ExitCode = root.TryGetProperty("exitCode", out var code) ? code.GetInt32() : 0,
                    Stdout = root.TryGetProperty("stdout", out var stdout) ? stdout.GetString() ?? "" : "",
                    Stderr = root.TryGetProperty("stderr", out var stderr) ? stderr.GetString() ?? "" : "",
                    Message = message,
                    Duration = duration,
                },
                _ => CaseOutcome.Error(message ?? "the harness could not run the command") with { Duration = duration },
            };
        }

        if (testCase is CheckedRequest)
        {
            return kind switch
            {
                "response" => new CaseOutcome(OutcomeKind.Responded)
                {
                    Status = root.GetProperty("status").GetInt32(),
                    Headers = [.. root.GetProperty("headers").EnumerateArray().Select(h => new KeyValuePair<string, string>(h[0].GetString() ?? "", h[1].GetString() ?? ""))],
                    Body = root.TryGetProperty("body", out var body) ? body.GetString() ?? "" : "",
                    Duration = duration,
                },
                "trap" => CaseOutcome.Trapped(message ?? "trap", duration),
                _ => CaseOutcome.Error(message ?? "the harness could not send the request") with { Duration = duration },
            };
        }

        var function = ((CheckedCall)testCase).Target.Function;
        try
        {
            return kind switch
            {
                "returned" => CaseOutcome.Returned(
                    WaveJs.FromJsOutcome(root.TryGetProperty("value", out var value) ? value : null, null, function.Result), duration),
                "component-error" => CaseOutcome.Returned(
                    WaveJs.FromJsOutcome(null, root.TryGetProperty("payload", out var payload) ? payload : default(JsonElement), function.Result), duration),
                "trap" => CaseOutcome.Trapped(message ?? "trap", duration),
                _ => CaseOutcome.Error(message ?? "the harness could not make the call") with { Duration = duration },
            };
        }
        catch (WaveException e)
        {
            return CaseOutcome.Error($"the result does not fit the WIT type: {e.Message}") with { Duration = duration };
        }
    }

    /// <summary>Splits the harness's output at its case marks; lines before the first mark are case -1.</summary>
    internal static Dictionary<int, string> OutputByCase(IReadOnlyList<StepOutputLine> lines)
    {
        var text = new Dictionary<int, List<string>>();
        var current = new Dictionary<bool, int> { [false] = -1, [true] = -1 };
        foreach (var line in lines)
        {
            var mark = line.Text.IndexOf(JcoHarness.CaseMark, StringComparison.Ordinal);
            if (mark >= 0 && int.TryParse(line.Text.AsSpan(mark + JcoHarness.CaseMark.Length), out var id))
            {
                current[line.IsError] = id;
                if (mark > 0)
                {
                    Add(current[line.IsError], line.Text[..mark]);
                }

                continue;
            }

            Add(current[line.IsError], line.Text);
        }

        return text.ToDictionary(p => p.Key, p => string.Join('\n', p.Value));

        void Add(int id, string value)
        {
            if (!text.TryGetValue(id, out var list))
            {
                text[id] = list = [];
            }

            list.Add(value);
        }
    }

    private static JsonNode? Tag(JsonNode? node, WitType type)
    {
        if (node is null)
        {
            return null;
        }

        var resolved = type.Unalias();
        if (resolved is PrimitiveType primitive)
        {
            return primitive.Kind switch
            {
                PrimitiveKind.S64 or PrimitiveKind.U64 when node is JsonValue v && v.TryGetValue<string>(out var digits) =>
                    new JsonObject { ["$bigint"] = digits },
                PrimitiveKind.F32 or PrimitiveKind.F64 when node is JsonValue v && v.TryGetValue<string>(out var special) =>
                    new JsonObject { ["$float"] = special },
                _ => node,
            };
        }

        switch (((TypeDefinition)resolved).Kind)
        {
            case ListKind list when node is JsonArray array:
                return new JsonArray([.. array.Select(e => Tag(e?.DeepClone(), list.Element))]);
            case TupleKind tuple when node is JsonArray array:
                return new JsonArray([.. array.Select((e, i) => Tag(e?.DeepClone(), tuple.Types[i]))]);
            case RecordKind record when node is JsonObject fields:
                var rebuilt = new JsonObject();
                foreach (var (key, value) in fields)
                {
                    var field = record.Fields.FirstOrDefault(f => WaveJs.CamelCase(f.Name) == key);
                    rebuilt[key] = field is null ? value?.DeepClone() : Tag(value?.DeepClone(), field.Type);
                }

                return rebuilt;
            case VariantKind variant when node is JsonObject tagged:
                var variantCase = variant.Cases.FirstOrDefault(c => c.Name == (string?)tagged["tag"]);
                return Retag(tagged, variantCase?.Type);
            case ResultKind result when node is JsonObject tagged:
                return Retag(tagged, (string?)tagged["tag"] == "ok" ? result.Ok : result.Err);
            case OptionKind option when option.Inner.Unalias() is TypeDefinition { Kind: OptionKind } && node is JsonObject tagged:
                return Retag(tagged, option.Inner);
            case OptionKind option:
                return Tag(node, option.Inner);
            default:
                return node;
        }
    }

    private static JsonObject Retag(JsonObject tagged, WitType? payloadType)
    {
        var copy = new JsonObject { ["tag"] = tagged["tag"]?.DeepClone() };
        if (tagged.TryGetPropertyValue("val", out var val))
        {
            copy["val"] = payloadType is null ? val?.DeepClone() : Tag(val?.DeepClone(), payloadType);
        }

        return copy;
    }
}
