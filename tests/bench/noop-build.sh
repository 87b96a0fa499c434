#!/usr/bin/env bash
# A no-op build of a 50-component workspace against the CLI's own start-up (docs/benchmarks.md, "No-op build").
# Packs and installs the tool as users get it (ReadyToRun on linux-x64), scaffolds N C components (default 50) in a temporary workspace, builds them once
# (Docker and the bundle's images needed for that), then times `build` with everything up to date, and the same with
# DOCKER_HOST pointing at nothing but this engine's image-id record (a no-op build must not need the engine).
# Usage: tests/bench/noop-build.sh [components] [bundle]      Needs hyperfine (apt install hyperfine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-50}
bundle=${2:-trixie-2026.11.2}
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt install hyperfine)" >&2; exit 2; }

workspace=$(mktemp -d /tmp/wasmc-noop-bench.XXXXXX)
cache=$(mktemp -d /tmp/wasmc-noop-cache.XXXXXX)
tool=$(mktemp -d /tmp/wasmc-noop-tool.XXXXXX)
trap 'rm -rf "$workspace" "$cache" "$tool"' EXIT

# A unique version: NuGet's package cache must not serve an older build of the same version.
version="0.0.0-bench.$(date +%Y%m%d%H%M%S)"
echo "packing and installing the tool ($version)..."
dotnet pack "$root/src/Wasmc.Cli" -c Release -nologo -clp:ErrorsOnly -o "$tool/feed" -p:Version="$version" >/dev/null
dotnet tool install Wasmc.Tool --tool-path "$tool/bin" --add-source "$tool/feed" --version "$version" >/dev/null
cli="$tool/bin/dotnet-wasmc"
export XDG_CACHE_HOME="$cache"
cd "$workspace"
for i in $(seq -w 1 "$count"); do
  "$cli" new c "c$i" --bundle "$bundle" >/dev/null
done

echo "first build of $count components (not timed here)..."
start=$(date +%s)
"$cli" build -j 2 | tail -n 1
echo "first build took $(( $(date +%s) - start )) s"
"$cli" build | tail -n 1   # must say: N up-to-date

# The same engine, unreachable: the record of the live engine is copied to the dead address.
live=$(ls "$cache/wasmc/image-ids/"*.json)
dead="unix:///nonexistent/docker.sock"
cp "$live" "$cache/wasmc/image-ids/$(printf '%s' "$dead" | sha256sum | cut -c1-16).json"

hyperfine -N --warmup 3 --runs "${RUNS:-20}" \
  -n "dotnet-wasmc --version" "$cli --version" \
  -n "dotnet-wasmc build ($count up to date)" "$cli build" \
  -n "dotnet-wasmc build ($count up to date, Docker unreachable)" "env DOCKER_HOST=$dead $cli build"
