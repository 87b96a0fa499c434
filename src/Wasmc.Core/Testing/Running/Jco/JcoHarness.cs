namespace Wasmc.Core.Testing.Running.Jco;

/// <summary>
/// The Node script that runs a component's cases in one process (written to the test scratch folder).
/// Kept in C# so the tool ships it without resource plumbing; the protocol is described at its top.
/// </summary>
internal static class JcoHarness
{
    public const string FileName = "wasmc-harness.mjs";

    /// <summary>Written before each case to stdout and stderr, so output can be attributed to cases.</summary>
    public const string CaseMark = "\u001ewasmc-case:";

    public const string Script = """"
// wasmc test harness for jco-transpiled components (written by wasmc; see docs/testing.md).
//
//   node harness.mjs calls   CASES.json RESULTS.jsonl   runs every case in this process
//   node harness.mjs command CASES.json ID              runs one [[run]] case (started by "calls")
//
// CASES.json: { module, programName, runTimeoutMs, cases: [{ id, kind: "call", export, function, args }
//                                                       | { id, kind: "run", export, args, env, stdin }
//                                                       | { id, kind: "request", export, method, path, headers, body, timeoutMs }] }
// Arguments use jco's JS value mapping; 64-bit integers are {"$bigint": "..."}, non-finite floats
// {"$float": "NaN"}, and null stands for undefined. RESULTS.jsonl gets one JSON line per case.
//
// [[request]] cases: the component serves HTTP on 127.0.0.1 inside this process through preview2-shim's HTTPServer
// (what `jco serve` uses), and each case sends it one request with node:http and records the response.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import * as nodeHttp from "node:http";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [mode, casesPath, third] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(casesPath, "utf8"), revive);
const CASE_MARK = "\u001ewasmc-case:";

function revive(_key, value) {
  if (value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    if (typeof value.$bigint === "string") return BigInt(value.$bigint);
    if (typeof value.$float === "string") return Number(value.$float);
  }
  return value;
}

function replace(_key, value) {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (ArrayBuffer.isView(value)) return Array.from(value);
  return value;
}

function describe(error) {
  if (error instanceof Error) return `${error.constructor?.name ?? "Error"}: ${error.message}`;
  try { return String(error); } catch { return "unknown error"; }
}

function camel(name) {
  return name.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());
}

// preview2-shim comes with jco: look next to the jco on PATH, then in the usual npm roots.
function findShim(specifier) {
  const roots = [];
  if (process.env.WASMC_NPM_ROOT) roots.push(process.env.WASMC_NPM_ROOT);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir.endsWith(path.join("node_modules", ".bin"))) roots.push(path.dirname(path.dirname(dir)));
  }
  roots.push("/opt/wasmc/npm", "/usr/local/lib", "/usr/lib");
  for (const root of roots) {
    for (const base of [root, path.join(root, "node_modules", "@bytecodealliance", "jco")]) {
      try {
        return createRequire(path.join(base, "package.json")).resolve(specifier);
      } catch {
        // try the next place
      }
    }
  }
  throw new Error("cannot find @bytecodealliance/preview2-shim (installed with jco); set WASMC_NPM_ROOT to the npm folder holding node_modules");
}

const { WASIShim } = await import(pathToFileURL(findShim("@bytecodealliance/preview2-shim/instantiation")).href);
const modulePath = path.resolve(path.dirname(casesPath), spec.module);
const { instantiate } = await import(pathToFileURL(modulePath).href);
const compiled = new Map();
function getCoreModule(name) {
  let module = compiled.get(name);
  if (!module) {
    module = WebAssembly.compile(readFileSync(path.join(path.dirname(modulePath), name)));
    compiled.set(name, module);
  }
  return module;
}

// Each instance gets an empty sandbox: no preopens, no network, only the case's env and args.
function instantiateComponent(env, args) {
  const shim = new WASIShim({ sandbox: { preopens: {}, env: env ?? {}, args: args ?? [], enableNetwork: false } });
  return instantiate(getCoreModule, shim.getImportObject());
}

function lookup(instance, exportName, functionName) {
  const target = exportName === undefined ? instance : (instance[exportName] ?? instance[camel(exportName)]);
  const fn = target?.[camel(functionName)] ?? target?.[functionName];
  return typeof fn === "function" ? fn.bind(target) : undefined;
}

function isComponentError(error) {
  return error instanceof Error && Object.prototype.hasOwnProperty.call(error, "payload") && error.constructor?.name === "ComponentError";
}

// The shim's HTTP module: the same module instance WASIShim gives the component, so its requests and responses are
// the resources the component's imports accept.
let shimHttp;
let server; // { port } of the server of the current instance; undefined after a trap (a fresh instance is made)
let serversStarted = 0;
let handling; // the request being handled: { responded, fail(reason, thrown) }

if (mode === "command") {
  await runOneCommand(spec.cases.find((c) => c.id === Number(third)));
} else {
  await runAll(third);
}

async function runAll(resultsPath) {
  const out = openSync(resultsPath, "w");
  const emit = (result) => writeSync(out, JSON.stringify(result, replace) + "\n");
  let instance;
  for (const c of spec.cases) {
    // Marks let wasmc attribute what the component prints to the case that printed it.
    writeSync(1, `${CASE_MARK}${c.id}\n`);
    writeSync(2, `${CASE_MARK}${c.id}\n`);
    if (c.kind === "run") {
      emit(runCommandCase(c));
      continue;
    }
    if (c.kind === "request") {
      emit(await sendRequest(c));
      continue;
    }
    try {
      instance ??= await instantiateComponent();
    } catch (error) {
      emit({ id: c.id, outcome: "error", message: `instantiating the component failed: ${describe(error)}` });
      instance = undefined;
      continue;
    }
    const fn = lookup(instance, c.export, c.function);
    if (!fn) {
      emit({ id: c.id, outcome: "error", message: `the transpiled component has no function ${c.export ? c.export + "." : ""}${c.function}` });
      continue;
    }
    const started = performance.now();
    try {
      let value = fn(...(c.args ?? []));
      if (value instanceof Promise) value = await value;
      emit({ id: c.id, outcome: "returned", value, ms: performance.now() - started });
    } catch (error) {
      const ms = performance.now() - started;
      if (isComponentError(error)) {
        emit({ id: c.id, outcome: "component-error", payload: error.payload, ms });
      } else {
        // A trapped instance cannot be entered again; the next case gets a fresh one.
        instance = undefined;
        const trap = error instanceof WebAssembly.RuntimeError;
        emit({ id: c.id, outcome: trap ? "trap" : "error", message: trap ? error.message : describe(error), ms });
      }
    }
  }
  closeSync(out);
  // A listening HTTP server keeps Node alive; the results are written.
  if (serversStarted > 0) process.exit(0);
}

async function startServer(exportName) {
  if (!shimHttp) {
    shimHttp = (await import(pathToFileURL(findShim("@bytecodealliance/preview2-shim")).href)).http;
    // The shim ends the process when a component sets an error response; the harness reports it instead.
    const set = shimHttp.types.ResponseOutparam.set;
    shimHttp.types.ResponseOutparam.set = function (param, response) {
      if (handling) handling.responded = true;
      if (response?.tag === "err") {
        handling?.fail(`the component set an error response: ${JSON.stringify(response.val, replace)}`, false);
        return;
      }
      return set.call(this, param, response);
    };
  }
  const instance = await instantiateComponent();
  const handle = lookup(instance, exportName, "handle");
  if (!handle) throw new Error(`the transpiled component has no function ${exportName}.handle`);
  const httpServer = new shimHttp.HTTPServer({
    handle(request, responseOut) {
      const current = handling;
      try {
        handle(request, responseOut);
      } catch (error) {
        current?.fail(error, true);
        return;
      }
      if (current && !current.responded) current.fail("the component's handle returned without setting a response (response-outparam.set)", false);
    },
  });
  httpServer.listen(0, "127.0.0.1");
  serversStarted++;
  return { port: httpServer.address().port };
}

function responseHeaders(res) {
  const joined = new Map();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i].toLowerCase();
    joined.set(name, joined.has(name) ? `${joined.get(name)}, ${res.rawHeaders[i + 1]}` : res.rawHeaders[i + 1]);
  }
  return [...joined];
}

async function sendRequest(c) {
  const started = performance.now();
  try {
    server ??= await startServer(c.export);
  } catch (error) {
    server = undefined;
    return { id: c.id, outcome: "error", message: `instantiating the component failed: ${describe(error)}` };
  }
  const timeoutMs = c.timeoutMs ?? 60000;
  return await new Promise((resolve) => {
    let settled = false;
    let timer;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handling = undefined;
      resolve({ id: c.id, ms: performance.now() - started, ...result });
    };
    const request = nodeHttp.request(
      { host: "127.0.0.1", port: server.port, method: c.method, path: c.path, headers: c.headers ?? {}, agent: false },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => finish({ outcome: "response", status: res.statusCode, headers: responseHeaders(res), body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (error) => finish({ outcome: "error", message: `reading the response failed: ${describe(error)}` }));
      });
    handling = {
      responded: false,
      fail(reason, thrown) {
        // A component that threw (trapped) cannot be entered again: the next request gets a fresh instance and server.
        if (thrown) server = undefined;
        const trap = thrown && reason instanceof WebAssembly.RuntimeError;
        finish({ outcome: trap ? "trap" : "error", message: trap ? reason.message : typeof reason === "string" ? reason : describe(reason) });
        request.destroy();
      },
    };
    timer = setTimeout(() => {
      finish({ outcome: "error", message: `no response within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => finish({ outcome: "error", message: `sending the request failed: ${describe(error)}` }));
    request.end(c.body);
  });
}

function runCommandCase(c) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "command", casesPath, String(c.id)], {
    input: c.stdin ?? "",
    env: { PATH: process.env.PATH ?? "", WASMC_NPM_ROOT: process.env.WASMC_NPM_ROOT ?? "" },
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    timeout: spec.runTimeoutMs ?? 60000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (child.error) {
    const message = child.error.code === "ETIMEDOUT" ? `killed after ${spec.runTimeoutMs ?? 60000} ms` : describe(child.error);
    return { id: c.id, outcome: "error", message, ms };
  }
  const extra = child.output?.[3]?.toString("utf8") ?? "";
  const trap = extra.length > 0 ? JSON.parse(extra).trap : undefined;
  return {
    id: c.id,
    outcome: trap === undefined ? "exited" : "trap",
    message: trap,
    exitCode: child.status ?? 128,
    stdout: child.stdout?.toString("utf8") ?? "",
    stderr: child.stderr?.toString("utf8") ?? "",
    ms,
  };
}

async function runOneCommand(c) {
  const instance = await instantiateComponent(c.env, [spec.programName, ...(c.args ?? [])]);
  const run = lookup(instance, c.export, "run");
  if (!run) {
    writeSync(3, JSON.stringify({ trap: `the transpiled component has no function ${c.export}.run` }));
    process.exitCode = 128;
    return;
  }
  try {
    const returned = run();
    if (returned instanceof Promise) await returned;
    process.exitCode = 0;
  } catch (error) {
    if (isComponentError(error)) {
      // run returned err: exit code 1, as wasmtime does.
      process.exitCode = 1;
    } else {
      writeSync(3, JSON.stringify({ trap: error instanceof WebAssembly.RuntimeError ? error.message : describe(error) }));
      process.exitCode = 134;
    }
  }
}
"""";
}
