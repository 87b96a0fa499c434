# C/C++ toolchain: Debian clang + lld + wasi-libc sysroots (wasm32-wasi, wasm32-wasip2, ...).
ARG BASE
FROM ${BASE}
# Every version comes from the bundle file: PACKAGES is "name=version ..." (exact Debian versions).
# force-unsafe-io: no fsync per file; a failed build is simply thrown away (halves install time).
ARG PACKAGES
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io ${PACKAGES} \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
# Unversioned names, so plans need not know the LLVM major version of the bundle.
ARG LLVM_VERSION
RUN for tool in clang clang++ wasm-ld llvm-ar llvm-nm llvm-strip; do       if [ -x /usr/bin/$tool-${LLVM_VERSION} ]; then ln -sf /usr/bin/$tool-${LLVM_VERSION} /usr/local/bin/$tool; fi;     done
# npm tools (jco, componentize-js, ...) from the committed lock. The build context always has npm/
# (empty when the toolchain has no npm tools) and ca-bundle.crt: the CA certificates this host trusts,
# so HTTPS works behind TLS-intercepting proxies too.
COPY npm/ /opt/wasmc/npm/
COPY ca-bundle.crt npm-install.sh /opt/wasmc/
RUN sh /opt/wasmc/npm-install.sh
# Debian tools first: npm dependencies also ship binaries (wasm-opt) that must not shadow them.
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/wasmc/npm/node_modules/.bin
WORKDIR /work
