#!/usr/bin/env bash
# The issue-7 measurements on a many-core host, in one go (about 8 minutes on 16 cores, 2.5 of them
# refcount-collapse's three rounds): the sweep to every core, compare, the four experiments at every
# core, a 10 s torture rate per scheme, and, when a benchmark binary is given, the 2-CPU-per-mm
# switch class at every core (BenchmarkDotNet in-process, so the host needs no SDK). Writes OUT_DIR/summary.txt (the lines to paste into perf/RESULTS.md) and
# every CSV, PNG and log beside it.
#
# Usage: tools/many-core-perf.sh HAZARDMM_BINARY OUT_DIR [BENCHMARKS_BINARY]
#   SEED (environment): the workload seed, default 42 (the perf/RESULTS.md seed).
#   QUICK=1 (environment): 500 ms points and 2 s torture, to check the script on a small host.
# Build the binaries here (x86-64), each alone is under the device tool's 64 MiB:
#   dotnet publish src/HazardMm.Cli -c Release -r linux-x64 --self-contained \
#     -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -o artifacts/cli
#   dotnet publish perf/HazardMm.Benchmarks -c Release -r linux-x64 --self-contained \
#     -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
#     -p:IncludeNativeLibrariesForSelfExtract=true -o artifacts/bench
set -u
bin=${1:?usage: $0 HAZARDMM_BINARY OUT_DIR [BENCHMARKS_BINARY]}
out=${2:?usage: $0 HAZARDMM_BINARY OUT_DIR [BENCHMARKS_BINARY]}
bench=${3:-}
[[ -x $bin ]] || { echo "$0: $bin is not an executable" >&2; exit 2; }
[[ -z $bench || -x $bench ]] || { echo "$0: $bench is not an executable" >&2; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
cores=$(nproc)
seed=${SEED:-42}
point=2s torture=10s exp=()
if [[ ${QUICK:-0} == 1 ]]; then point=500ms torture=2s exp=(--time 500ms); fi
status=0

# One step: its command line, its exit code, and its verdict lines, into the summary.
step() {
  local name=$1; shift
  echo "\$ $*" > "$out/$name.log"
  local start=$SECONDS
  "$@" >> "$out/$name.log" 2>&1
  local rc=$?
  [[ $rc -eq 0 ]] || status=1
  echo "== $name (exit $rc, $((SECONDS - start)) s): $*"
  grep -E '^(verdict|ratio|crossover|SUCCESS|FAILURE|\|)' "$out/$name.log" | cut -c1-300
}

{
  echo "host: $(uname -srm), $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load $(cut -d' ' -f1-3 /proc/loadavg); seed $seed"
  step sweep "$bin" sweep --max-cpus "$cores" --time "$point" --seed "$seed" --out "$out"
  step compare "$bin" compare --time "$point" --seed "$seed" --out "$out"
  for e in arm64-ipi pv-sleeping-vcpu scan-1024 refcount-collapse; do
    step "$e" "$bin" experiment "$e" --cpus "$cores" --seed "$seed" "${exp[@]}" --out "$out"
  done
  step torture "$bin" torture --scheme all --cpus "$cores" --duration "$torture" --seed "$seed"
  if [[ -n $bench ]]; then
    # In-process: the host has no SDK to build BenchmarkDotNet's per-benchmark projects.
    step shared-mm env -C "$out" "$bench" --filter '*SharedMm*' --inProcess --job short
  fi
  echo "exit $status"
} | tee "$out/summary.txt"
exit "$status"
