#!/usr/bin/env bash
# The gymcc benchmark, one command: sets the machine up (scripts/setup.sh, wrk,
# nginx), builds the release preset if needed, then measures everything in one
# interleaved run and writes benchmarks/results/latest.{json,md,png}.
#
#   benchmarks/run.sh            # the full run (~7-10 minutes on 2 cores)
#   benchmarks/run.sh --quick    # a ~1.5 minute smoke run
#   benchmarks/run.sh --help     # every option (they go to benchmarks/run.py)
#
# With --bin-dir DIR it neither sets up nor builds: it measures the binaries in
# DIR (the ctest `benchmark_smoke` does this with --smoke).
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --bin-dir) bin_dir=${args[i + 1]:-} ;;
    --bin-dir=*) bin_dir=${args[i]#--bin-dir=} ;;
    -h | --help) bin_dir=${bin_dir:-help} ;;
  esac
done

python=.venv/bin/python
if [[ -z $bin_dir ]]; then
  ./scripts/setup.sh
  missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  if ((${#missing[@]})); then
    echo "bench: installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    # Only the binaries are wanted: keep Debian's nginx service from starting.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
      "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
      remove_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
      echo "bench: could not install ${missing[*]}: those channels will be skipped" >&2
    [[ -n ${remove_policy:-} ]] && "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d
  fi
  # The gymcc Python package, if a colleague's bindings are there to install.
  if [[ -f bindings/python/pyproject.toml || -f bindings/python/setup.py ]] &&
    ! "$python" -c 'import gymcc' 2>/dev/null; then
    echo "bench: installing ./bindings/python into .venv"
    "$python" -m pip install -q ./bindings/python ||
      echo "bench: pip install ./bindings/python failed: the gymcc Python channel will be skipped" >&2
  fi
  cmake --preset release >/dev/null
  cmake --build --preset release
  args=(--bin-dir build/release/bin "${args[@]}")
fi
[[ -x $python ]] || python=python3
exec "$python" benchmarks/run.py "${args[@]}"
