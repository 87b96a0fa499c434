# Go toolchain: Debian golang-N (wasip1 + //go:wasmexport), wasm-tools, binaryen (wasm-merge).
ARG BASE
FROM ${BASE}
# Every version comes from the bundle file: PACKAGES is "name=version ..." (exact Debian versions).
# force-unsafe-io: no fsync per file; a failed build is simply thrown away (halves install time).
ARG PACKAGES
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io ${PACKAGES} \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
ARG GO_VERSION
RUN ln -sf /usr/lib/go-${GO_VERSION}/bin/go /usr/local/bin/go     && ln -sf /usr/lib/go-${GO_VERSION}/bin/gofmt /usr/local/bin/gofmt
# npm tools (jco, componentize-js, ...) from the committed lock. The build context always has npm/
# (empty when the toolchain has no npm tools) and ca-bundle.crt: the CA certificates this host trusts,
# so HTTPS works behind TLS-intercepting proxies too.
COPY npm/ /opt/wasmc/npm/
COPY ca-bundle.crt npm-install.sh /opt/wasmc/
RUN sh /opt/wasmc/npm-install.sh
# Debian tools first: npm dependencies also ship binaries (wasm-opt) that must not shadow them.
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/wasmc/npm/node_modules/.bin
# No module proxy and no toolchain downloads: builds use the installed Go and vendored or standard-library code.
ENV GOTOOLCHAIN=local GOPROXY=off GOCACHE=/tmp/go-cache
WORKDIR /work
