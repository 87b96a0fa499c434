#!/usr/bin/env bash
# A no-op build of a 50-component workspace against the CLI's own start-up (docs/benchmarks.md, "No-op build").
# Builds src/Wasmc.Cli (Release), scaffolds N C components (default 50) in a temporary workspace, builds them once
# (Docker and the bundle's images needed for that), then times `build` with everything up to date, and the same with
# DOCKER_HOST pointing at nothing but this engine's image-id record (a no-op build must not need the engine).
# Usage: tests/bench/noop-build.sh [components] [bundle]      Needs hyperfine (apt install hyperfine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-50}
bundle=${2:-trixie-2026.11.2}
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt install hyperfine)" >&2; exit 2; }

dotnet build "$root/src/Wasmc.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null
cli="$root/src/Wasmc.Cli/bin/Release/net10.0/dotnet-wasmc"
export WASMC_CONTAINERS_DIR="$root/containers"

workspace=$(mktemp -d /tmp/wasmc-noop-bench.XXXXXX)
cache=$(mktemp -d /tmp/wasmc-noop-cache.XXXXXX)
trap 'rm -rf "$workspace" "$cache"' EXIT
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
