# Component tools: Debian's wasm-tools and the WASI preview1 adapters. Every language's plan embeds its WIT,
# makes the component and validates it here, so the compiler images need neither.
ARG BASE
FROM ${BASE}
# Every version comes from the bundle file: PACKAGES is "name=version ..." (Debian versions resolved by wasmc).
ARG PACKAGES
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io ${PACKAGES} \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
# The adapters ship only inside jco's npm package. apt-helper downloads it and refuses bytes whose sha256
# differs from the bundle's, so no npm (and no curl) is needed here. ca-bundle.crt is what this host trusts,
# so HTTPS works behind TLS-intercepting proxies too.
COPY ca-bundle.crt /opt/wasmc/
ARG ADAPTERS_URL
ARG ADAPTERS_SHA256
RUN mkdir -p /opt/wasmc/adapters \
    && /usr/lib/apt/apt-helper -o Acquire::https::CaInfo=/opt/wasmc/ca-bundle.crt \
        download-file "${ADAPTERS_URL}" /tmp/adapters.tgz "SHA256:${ADAPTERS_SHA256}" \
    && tar -xzf /tmp/adapters.tgz -C /opt/wasmc/adapters --strip-components=2 \
        package/lib/wasi_snapshot_preview1.reactor.wasm package/lib/wasi_snapshot_preview1.command.wasm \
    && rm /tmp/adapters.tgz \
    && chmod -R a+rX /opt/wasmc/adapters
WORKDIR /work
