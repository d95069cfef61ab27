#!/usr/bin/env bash
# The long systematic exploration, one process per scenario (each runs every real scheme under every
# registered memory model), as many at once as the host has cores, ITERATIONS iterations per case. Prints one line per case and a
# total; exit 1 if any case found a bug (its trace is in OUT_DIR/traces).
# Usage: tools/explore-parallel.sh HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]
set -u
bin=${1:?usage: $0 HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]}
out=${2:?usage: $0 HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]}
iterations=${3:-10000}
seed=${4:-20261126}
mkdir -p "$out"
scenarios=$("$bin" explore --list | cut -d' ' -f1)
printf '%s\n' $scenarios | xargs -P "$(nproc)" -L 1 bash -c \
  '"$0" explore --scenario "$1" --scheme all --model all --iterations '"$iterations"' --seed '"$seed"' --traces "'"$out"'/traces" > "'"$out"'/$1.log" 2>&1' "$bin"
cat "$out"/*.log | grep -E '^[a-z-]+/[a-z-]+/[a-z0-9]+:' | sort > "$out/summary.txt"
cat "$out/summary.txt"
bugs=$(grep -c 'BUG at' "$out/summary.txt")
echo "$(wc -l < "$out/summary.txt") cases, $bugs with a bug"
[ "$bugs" -eq 0 ]
