#!/usr/bin/env bash
# Makes Docker ready for the test suite on a Debian 12 machine, as root; idempotent, and fast when
# everything already exists (a second run only checks):
#   1. installs docker.io, debootstrap, busybox-static and docker-registry when missing (apt)
#   2. starts dockerd when it is not running (no bridge, no iptables: builds and tests use the host
#      network or none) and waits for its socket
#   3. creates the Debian base images (containers/bootstrap: debootstrap + docker import, no Docker Hub)
#   4. builds every bundle's toolchain images, keeping those of the current definition (also loaded or pulled ones)
#   5. installs the Dev Containers CLI for the dev container end-to-end tests (npm ci, pinned in tests/devcontainers-cli)
# Environment: WASMC_DEBIAN_MIRROR (default: this host's apt mirror), WASMC_EXTRA_CA_BUNDLE (extra CA
# certificates for TLS-intercepting proxies), DOCKERD_LOG (default /var/log/dockerd.log).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() { echo "== setup-docker: $* (+$((SECONDS - started)) s)"; }

step "packages"
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
# The Docker tests build a tiny image from a static busybox.
dpkg-query --show --showformat='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing+=(busybox-static)
# The bundle push/pull tests start their own OCI registry (distribution) on 127.0.0.1.
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Where systemd runs, installing docker-registry starts its service on :5000 (all addresses); the tests
# need only the binary, so keep the service off.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled docker-registry >/dev/null 2>&1; then
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi

step "docker engine"
if ! docker info >/dev/null 2>&1; then
  log="${DOCKERD_LOG:-/var/log/dockerd.log}"
  echo "starting dockerd (log: $log)"
  # setsid + nohup: the daemon outlives this script and the CI step that runs it.
  setsid nohup dockerd --bridge=none --iptables=false >"$log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "setup-docker: dockerd did not come up within 60 s; last log lines:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
  fi
fi
docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}'

step "base images"
containers/bootstrap

step "bundle images"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup-docker: the .NET SDK (dotnet) is needed to build the bundle images" >&2
  exit 1
fi
# The small BundleTool console builds images through the same BundleImageBuilder as `wasmc bundle build`,
# without compiling the whole CLI and every plugin first.
dotnet build containers/tool -c Release -v quiet -nologo
dotnet containers/tool/bin/Release/net10.0/Wasmc.BundleTool.dll build --all | grep -E '^\[[^]]*\] (built|kept|building) |^done in'
dotnet containers/tool/bin/Release/net10.0/Wasmc.BundleTool.dll status

step "dev containers cli"
# The dev container end-to-end tests drive the real Dev Containers CLI (it needs Node.js >= 20; the tests run
# the same npm ci themselves when this step was skipped).
if [[ ! -x tests/devcontainers-cli/node_modules/.bin/devcontainer ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup-docker: npm (Node.js >= 20) is needed for the Dev Containers CLI" >&2
    exit 1
  fi
  npm ci --prefix tests/devcontainers-cli --no-audit --no-fund
fi
tests/devcontainers-cli/node_modules/.bin/devcontainer --version

step "done"
