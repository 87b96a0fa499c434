// Runs Wizer on a Rust core module for wasmc and turns its failures into one clear message.
// Usage: node wizer.mjs <init-function> <input.wasm> <output.wasm> <Cargo.toml as the user knows it>
// The npm `wizer` command is a Node wrapper around the native binary; when the binary fails, the wrapper adds a
// Node stack trace that says nothing about the module, so only Wizer's own lines are kept.
import { spawnSync } from "node:child_process";

const [init, input, output, manifest] = process.argv.slice(2);
const run = spawnSync("wizer", ["--allow-wasi", "--init-func", init, "-o", output, input], {
  stdio: ["ignore", "inherit", "pipe"],
  encoding: "utf8",
});

if (run.error) {
  console.error(`wasmc: could not start wizer: ${run.error.message}`);
  process.exit(1);
}

if (run.status === 0) {
  process.stderr.write(run.stderr);
  process.exit(0);
}

const cut = run.stderr.search(/^(node:internal|Error: Command failed)/m);
const wizer = (cut < 0 ? run.stderr : run.stderr.slice(0, cut)).trim();
const hint = (() => {
  if (/does not have a `[^`]*` export/.test(wizer)) {
    return `the core module exports no function '${init}': declare it in the crate as ` +
      `\`#[no_mangle] pub extern "C" fn ${init}() { ... }\` (or change 'init' in [package.metadata.wasmc.wizer] of ${manifest})`;
  }
  const unknown = wizer.match(/unknown import: `([^`]*)`/);
  if (unknown) {
    return `the init function '${init}' called the import \`${unknown[1]}\`, which does not exist at build time: ` +
      `Wizer provides at most WASI preview1 to the init function, ` +
      `and a wasm32-wasip2 module (the default target) reaches WASI only through preview2 imports. ` +
      `Keep calls to imports (println!, files, environment, the component's own imports) out of the init function`;
  }
  if (/trapped|unreachable|panicked/.test(wizer)) {
    return `the init function '${init}' trapped (a panic in Rust); the backtrace above shows where`;
  }
  return `Wizer could not pre-initialise the module`;
})();

console.error(wizer);
console.error(`wasmc: Wizer pre-initialisation with '${init}' failed: ${hint}`);
process.exit(1);
