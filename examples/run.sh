#!/usr/bin/env bash
# The main job: build and test the examples workspace with `dotnet wasmc`, exactly as a user would.
#
#   examples/run.sh                  pack the tool from this checkout, install it into a temporary tool
#                                    path, then `dotnet wasmc build` and `dotnet wasmc test` in examples/
#   WASMC_USE_INSTALLED=1 examples/run.sh
#                                    use the `dotnet wasmc` already on PATH instead of packing one
#
# It needs Docker and the bundles' toolchain images (.ci/setup-docker.sh makes both ready). When the
# build reports a missing engine or image (exit code 3) and WASMC_SETUP_DOCKER is not 0, it runs
# .ci/setup-docker.sh once (needs root) and tries again.
# Extra arguments go to both commands (e.g. `--profile release`). Exit code: 0 when everything built
# and every test passed; otherwise the failing command's exit code (1 build/test failure, 2 bad input,
# 3 environment).
set -euo pipefail

examples="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$examples")"
started=$SECONDS
step() { echo "== examples: $* (+$((SECONDS - started)) s)"; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ "${WASMC_USE_INSTALLED:-0}" != "1" ]]; then
  step "pack and install the tool from $repo"
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/wasmc-examples.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  # A unique pre-release version, so NuGet's cache can never hand back an older build.
  version="0.0.0-examples.$(date -u +%Y%m%d%H%M%S)"
  dotnet pack "$repo/src/Wasmc.Cli" -c Release -o "$scratch/feed" -p:Version="$version" -v quiet -nologo
  # Only the fresh feed: a tool package carries its dependencies, and no other source needs to be reachable.
  cat >"$scratch/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="wasmc-examples" value="$scratch/feed" />
  </packageSources>
</configuration>
CONFIG
  dotnet tool install Wasmc.Tool --tool-path "$scratch/tools" --configfile "$scratch/nuget.config" --version "$version" >/dev/null
  export PATH="$scratch/tools:$PATH"
fi

dotnet wasmc --version

cd "$examples"

step "build"
status=0
dotnet wasmc build "$@" || status=$?
if [[ $status -eq 3 && "${WASMC_SETUP_DOCKER:-1}" != "0" ]]; then
  step "Docker or a bundle image is missing: running .ci/setup-docker.sh"
  bash "$repo/.ci/setup-docker.sh"
  status=0
  dotnet wasmc build "$@" || status=$?
fi
if [[ $status -ne 0 ]]; then
  echo "examples: FAILED: dotnet wasmc build exited with $status" >&2
  exit "$status"
fi

step "test"
status=0
dotnet wasmc test "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "examples: FAILED: dotnet wasmc test exited with $status" >&2
  exit "$status"
fi

step "PASSED: every example built and every test passed"
