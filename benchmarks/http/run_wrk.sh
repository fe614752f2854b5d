#!/usr/bin/env bash
# Measures `gymcc serve` CartPole step latency and throughput with wrk over
# loopback keep-alive, against nginx answering a fixed step-sized JSON body
# (the floor) in the same run. Prints numbers; asserts nothing.
#   benchmarks/http/run_wrk.sh [build/release/bin/gymcc] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
GYMCC=${1:-build/release/bin/gymcc}
SECONDS_PER_RUN=${2:-10}
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "needs wrk and nginx: apt-get install wrk nginx-light" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
  [[ -n ${gymcc_pid:-} ]] && kill "$gymcc_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# gymcc
"$GYMCC" serve --port 0 --log-level warning > "$work/gymcc.out" &
gymcc_pid=$!
until grep -q http "$work/gymcc.out" 2>/dev/null; do sleep 0.05; done
gport=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/gymcc.out")
ids=()
for _ in $(seq 64); do
  id=$(curl -s -X POST "127.0.0.1:$gport/v1/envs/" -d '{"env_id":"CartPole-v1"}' | sed 's/.*"instance_id":"\([^"]*\)".*/\1/')
  curl -s -X POST "127.0.0.1:$gport/v1/envs/$id/reset/" -d '{"seed":0}' > /dev/null
  ids+=("$id")
done
body=$(curl -s -X POST "127.0.0.1:$gport/v1/envs/${ids[0]}/step/" -d '{"action":1}')

# nginx serving the same-sized body
nport=$(free_port)
printf '%s' "$body" > "$work/step.json"
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    location / { default_type application/json; return 200 '$(cat "$work/step.json")'; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3

run() {  # name url connections threads lua
  local name=$1 url=$2 conns=$3 threads=$4 lua=$5
  GYMCC_ENV_IDS=$(IFS=,; echo "${ids[*]:0:$conns}") GYMCC_WRK_THREADS=$threads \
    wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --latency -s "$lua" "$url" > "$work/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  printf '%-22s conns=%-3s req/s=%-10s p50=%-9s p99=%s\n' "$name" "$conns" "$rps" "$p50" "$p99"
}

echo "body: ${#body} bytes; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for round in 1 2; do
  run "nginx-floor-c1" "http://127.0.0.1:$nport" 1 1 benchmarks/http/floor.lua
  run "gymcc-step-c1" "http://127.0.0.1:$gport" 1 1 benchmarks/http/step.lua
  run "nginx-floor-c64" "http://127.0.0.1:$nport" 64 2 benchmarks/http/floor.lua
  run "gymcc-step-c64" "http://127.0.0.1:$gport" 64 2 benchmarks/http/step.lua
done
