#!/usr/bin/env bash
# Torture every scheme on every arch on a many-core host, then a 10 s run per scheme for the
# switch rate, an oversubscribed run (4 CPUs per core) and the broken scheme (must FAIL).
# Usage: tools/many-core-torture.sh HAZARDMM_BINARY OUT_DIR [SECONDS_PER_CASE]
# Build the binary with:
#   dotnet publish src/HazardMm.Cli -c Release -r linux-x64 --self-contained \
#     -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -o artifacts/linux-x64
set -u
bin=${1:?usage: $0 HAZARDMM_BINARY OUT_DIR [SECONDS_PER_CASE]}
out=${2:?usage: $0 HAZARDMM_BINARY OUT_DIR [SECONDS_PER_CASE]}
secs=${3:-4}
mkdir -p "$out"
cores=$(nproc)
seed=${SEED:-20261126}
status=0
{
  echo "host: $(uname -srm), $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  for arch in x86 arm64 powerpc x86-pv; do
    "$bin" torture --arch "$arch" --cpus "$cores" --duration "${secs}s" --seed "$seed" > "$out/torture-$arch.log" 2>&1 || status=1
    grep -E '^(SUCCESS|FAILURE)' "$out/torture-$arch.log"
  done
  "$bin" torture --cpus "$cores" --duration 10s --seed "$seed" > "$out/rate-10s.log" 2>&1 || status=1
  echo "10 s per scheme, $cores CPUs, x86:"
  grep -E '^(SUCCESS|FAILURE)' "$out/rate-10s.log"
  "$bin" torture --cpus $((cores * 4)) --duration "${secs}s" --seed "$seed" > "$out/oversubscribed.log" 2>&1 || status=1
  echo "oversubscribed, $((cores * 4)) CPUs on $cores cores:"
  grep -E '^(SUCCESS|FAILURE)' "$out/oversubscribed.log"
  if "$bin" torture --scheme busted --arch all --cpus "$cores" --duration 10s --seed "$seed" > "$out/busted.log" 2>&1; then
    echo "busted was NOT caught"; status=1
  fi
  grep -E '^(SUCCESS|FAILURE)' "$out/busted.log"
} | tee "$out/summary.txt"
exit $status
