# The server in a container: `docker build -t gymcc . && docker run -p 5000:5000 gymcc`.
# Health: GET /healthz (liveness) and /readyz (readiness) on port 5000.
# Build stage: the release preset (needs the npm-vendored Swagger UI, embedded in the binary).
FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build git ca-certificates \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
      libfmt-dev libcli11-dev catch2 libbenchmark-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev \
      libssl-dev libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc \
      nodejs npm python3-venv \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# dm_env_rpc's protocol comes from its pip package (server/proto/export_descriptors.py).
RUN python3 -m venv /opt/proto-venv \
    && /opt/proto-venv/bin/pip install -q $(grep -E '^(dm-env-rpc|dm-env|grpcio|protobuf|googleapis-common-protos|numpy)==' requirements-dev.txt) \
    && cd server/web && npm ci --no-audit --no-fund \
    && cd /src && cmake --preset release -DGYMCC_BUILD_TESTS=OFF -DGYMCC_BUILD_BENCHMARKS=OFF \
         -DGYMCC_PROTO_PYTHON=/opt/proto-venv/bin/python \
    && cmake --build build/release --target gymcc

# Run stage: the binary and its shared libraries only.
FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libfmt9 libboost-json1.81.0 libpng16-16 libjpeg62-turbo zlib1g libssl3 \
      libgrpc++1.51 libprotobuf32 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home gymcc
COPY --from=build /src/build/release/bin/gymcc /usr/local/bin/gymcc
USER gymcc
# 5000: REST and WebSocket; 50051: dm_env_rpc over gRPC.
EXPOSE 5000 50051
ENTRYPOINT ["/usr/local/bin/gymcc", "serve", "--host", "0.0.0.0", "--port", "5000", "--grpc-port", "50051"]
