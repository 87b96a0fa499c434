// wasmc's glue around componentize-js, written into the build's scratch folder and run with the image's node.
// Its only job is to make JavaScript errors point at the user's files as file:line:col: message, which
// wasmc (and editors) turn into workspace paths.
//
//   node componentize.mjs check FILE...                  syntax-check ES modules with `node --check`
//   node componentize.mjs componentize [--deps FILE ENTRY] -- PROGRAM ARG...
//                                                        run componentize-js, rewrite its error report; with --deps,
//                                                        write ENTRY's static import graph to FILE (make syntax)
//
// Why both: componentize-js pre-parses the source and reports only "failed to parse JS source,
// encountered [1] errors" (no position), so syntax errors are found here first; errors thrown while the
// module's top-level code runs (inside Wizer) come back as "dir/file.js:2:1 TypeError: ...", relative to
// the working directory, and are rewritten to absolute paths.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'check') {
  process.exit(check(rest));
} else if (mode === 'componentize' && rest[0] === '--deps' && rest[3] === '--' && rest.length > 4) {
  const status = await componentize(rest[4], rest.slice(5));
  if (status === 0) {
    writeImportGraph(rest[1], rest[2]);
  }
  process.exit(status);
} else if (mode === 'componentize' && rest[0] === '--' && rest.length > 1) {
  process.exit(await componentize(rest[1], rest.slice(2)));
} else {
  console.error('usage: node componentize.mjs check FILE... | componentize -- PROGRAM ARG...');
  process.exit(2);
}

/** Checks every file as an ES module (what componentize-js loads); prints one located error per bad file. */
function check(files) {
  let failed = 0;
  for (const file of files) {
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      console.error(`${file}:1:1: error: cannot read the file: ${error.message}`);
      failed++;
      continue;
    }

    // Through stdin with --input-type=module: the file is parsed as a module whatever package.json says.
    const result = spawnSync(process.execPath, ['--check', '--input-type=module'], { input: source, encoding: 'utf8' });
    if (result.status === 0) {
      continue;
    }

    failed++;
    console.error(locateSyntaxError(file, `${result.stderr ?? ''}${result.error ? result.error.message : ''}`));
  }

  return failed === 0 ? 0 : 1;
}

/**
 * `node --check` prints "[stdin]:LINE", the source line, a caret line under the error, a blank line and
 * "SyntaxError: message". The caret's offset in the caret line is the column (tabs are printed as tabs).
 */
function locateSyntaxError(file, stderr) {
  const lines = stderr.replace(/\r\n/g, '\n').split('\n');
  const at = lines.findIndex((line) => /^\[stdin\]:\d+$/.test(line));
  const error = lines.find((line) => /^[A-Za-z]*Error: /.test(line));
  if (at < 0 || !error) {
    return `${file}:1:1: error: node --check failed:\n${stderr.trim()}`;
  }

  const lineNumber = Number(lines[at].slice('[stdin]:'.length));
  const sourceLine = lines[at + 1] ?? '';
  const caretLine = lines[at + 2] ?? '';
  const caret = caretLine.indexOf('^');
  const column = caret >= 0 ? caret + 1 : 1;
  const snippet = caret >= 0 ? `\n    ${sourceLine}\n    ${caretLine}` : '';
  return `${file}:${lineNumber}:${column}: ${error}${snippet}`;
}

/** Runs componentize-js; on failure prints its error without Node's stack of componentize-js internals. */
async function componentize(program, args) {
  const wizer = await wizerWithHome(program);
  const result = spawnSync(program, wizer ? ['--wizer-bin', wizer, ...args] : args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error) {
    console.error(`error: could not run ${program}: ${result.error.message}`);
    return 127;
  }

  const stderr = result.stderr ?? '';
  if (result.status === 0) {
    process.stderr.write(stderr);
    return 0;
  }

  const report = rewriteFailure(stderr, process.cwd());
  console.error(report.length > 0 ? report : `error: ${program} failed with exit code ${result.status ?? result.signal}`);
  return result.status ?? 1;
}

/**
 * Keeps the message of componentize-js's error and drops Node's frame of it (the "file:///...:365" header,
 * the "throw new Error(err)" snippet, "at componentize (file:///...)" frames, the "Node.js vNN" footer).
 * Locations the engine reports ("components/calc/src/calc.js:2:1 TypeError: ...", "@components/...:2:1")
 * are relative to the working directory; they become absolute "FILE:LINE:COL: message".
 */
function rewriteFailure(stderr, workingDirectory) {
  const lines = stderr.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((line) => /^[A-Za-z]*Error: /.test(line));
  const body = start >= 0 ? lines.slice(start) : lines;
  const kept = [];
  for (const line of body) {
    if (/^\s+at .*(file:\/\/|node:internal|\(node:)/.test(line) || /^Node\.js v\d/.test(line)) {
      continue;
    }

    kept.push(relocate(line, workingDirectory));
  }

  const text = kept.join('\n').trim();
  return text.replace(/^Error: Failed to initialize component \(wizer \([^)]*\)\):/, 'error: componentize-js could not initialize the component:');
}

function relocate(line, workingDirectory) {
  const located = /^(\s*)(@?)([^\s:@][^\s:]*\.[cm]?js):(\d+):(\d+)(?: (.*))?$/.exec(line);
  if (!located) {
    return line;
  }

  const [, indent, at, path, lineNumber, column, message] = located;
  const absolute = isAbsolute(path) ? path : resolve(workingDirectory, path);
  if (at) {
    return `${indent}at ${absolute}:${lineNumber}:${column}`;
  }

  return `${indent}${absolute}:${lineNumber}:${column}: ${message ?? 'error'}`;
}

/**
 * componentize-js starts Wizer with an environment of its own (no HOME), and Wizer's Wasmtime cache
 * configuration then looks the home folder up in the user database. Steps run as the host's uid, which the
 * image's /etc/passwd usually does not know ("config file not specified and failed to get the default"), and
 * when it does know it (root), that home is on the image's read-only root file system ("failed to create cache
 * directory: /root/.cache/wasmtime"). So Wizer is always started through a wrapper that sets HOME to the step's
 * (wasmc sets /tmp, a writable tmpfs). Null when Wizer cannot be found; componentize-js then reports the problem itself.
 */
async function wizerWithHome(program) {
  const cli = (process.env.PATH ?? '').split(delimiter).map((folder) => join(folder, program)).find((file) => existsSync(file));
  if (!cli) {
    return null;
  }

  // .../@bytecodealliance/componentize-js/src/cli.js; Wizer is resolved from there, as componentize-js does.
  const wizerPackage = findUp(dirname(dirname(realpathSync(cli))), join('node_modules', '@bytecodealliance', 'wizer', 'index.js'));
  if (!wizerPackage) {
    return null;
  }

  const binary = (await import(pathToFileURL(wizerPackage).href)).default;
  const home = process.env.HOME && process.env.HOME !== '/' ? process.env.HOME : tmpdir();
  const wrapper = join(mkdtempSync(join(tmpdir(), 'wasmc-wizer-')), 'wizer');
  const quote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;
  writeFileSync(wrapper, `#!/bin/sh\nHOME=${quote(home)} exec ${quote(binary)} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

function findUp(start, relative) {
  for (let folder = start; ; folder = dirname(folder)) {
    const candidate = join(folder, relative);
    if (existsSync(candidate)) {
      return candidate;
    }

    if (dirname(folder) === folder) {
      return null;
    }
  }
}

/**
 * The modules the entry loads, found by following static imports (`import ... from './x.js'`, `import './x.js'`,
 * `export ... from './x.js'`, `import('./x.js')` with a literal) from file to file. Only paths are followed: bare
 * specifiers name built-ins (StarlingMonkey resolves nothing from node_modules). Written as `entry: a b c` so wasmc
 * can tell which files, inside the component or not (../../shared/ops.js), this build read.
 */
function writeImportGraph(file, entry) {
  const pattern = /(?:\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?|\bexport\s*[\w*{}\s,$]+?\s*from\s*|\bimport\s*\(\s*)(['"])([^'"\n]+)\1/g;
  const seen = new Set();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const module = pending.pop();
    if (seen.has(module)) {
      continue;
    }

    seen.add(module);
    let source;
    try {
      source = statSync(module).isFile() ? readFileSync(module, 'utf8') : null;
    } catch {
      source = null; // missing: still listed, so creating it rebuilds
    }

    for (const match of source === null ? [] : source.matchAll(pattern)) {
      const specifier = match[2];
      if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
        pending.push(resolve(dirname(module), specifier));
      }
    }
  }

  const escape = (path) => path.replace(/\\/g, '\\\\').replace(/ /g, '\\ ').replace(/#/g, '\\#').replace(/\$/g, '$$$$');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${escape(resolve(entry))}: ${[...seen].sort().map(escape).join(' \\\n  ')}\n`);
}
