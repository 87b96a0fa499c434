#!/bin/sh
# Installs a toolchain image's npm tools exactly as its committed package-lock.json pins them.
# `npm ci` would be the natural command, but Debian's npm 12 rejects valid locks that list optional
# packages of other platforms ("Missing: ...@ from lock file"), even locks it wrote itself. So: install
# from the lock without saving, then check that every installed package has its locked version and
# that every package the lock requires on every platform is there. A top-level package the lock lists
# must be installed even when the lock calls it "extraneous": npm 12 skips those, npm 9 installs them,
# and tools import them at run time (componentize-js and preview2-shim). Any problem fails the build.
set -eu
cd /opt/wasmc/npm
[ -f package-lock.json ] || exit 0
export NODE_EXTRA_CA_CERTS=/opt/wasmc/ca-bundle.crt
npm install --no-save --no-audit --no-fund --no-update-notifier --loglevel=warn --cafile /opt/wasmc/ca-bundle.crt
node -e '
const fs = require("fs");
const locked = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
const problems = [];
for (const [path, entry] of Object.entries(locked)) {
  if (path === "") continue;
  const manifest = path + "/package.json";
  const topLevel = path.lastIndexOf("node_modules/") === 0;
  if (!fs.existsSync(manifest)) {
    if (!entry.optional && (topLevel || !entry.extraneous)) problems.push(path + " is locked but not installed");
    continue;
  }
  const version = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  if (version !== entry.version) problems.push(path + " is " + version + ", the lock says " + entry.version);
}
if (problems.length) {
  console.error("npm-install.sh: the installed packages differ from package-lock.json:\n" + problems.join("\n"));
  process.exit(1);
}
'
npm cache clean --force
chmod -R a+rX /opt/wasmc/npm
