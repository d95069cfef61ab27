#!/usr/bin/env bash
# The long systematic exploration, one process per (scenario, memory model), as many at once as the
# host has cores: every real scheme, ITERATIONS iterations per case. Prints one line per case and a
# total; exit 1 if any case found a bug (its trace is in OUT_DIR/traces).
# Usage: tools/explore-parallel.sh HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]
set -u
bin=${1:?usage: $0 HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]}
out=${2:?usage: $0 HAZARDMM_BINARY OUT_DIR [ITERATIONS] [SEED]}
iterations=${3:-10000}
seed=${4:-20261126}
mkdir -p "$out"
scenarios=$("$bin" explore --list | cut -d' ' -f1)
jobs=()
for scenario in $scenarios; do
  for model in sc tso; do jobs+=("$scenario $model"); done
done
printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -L 1 bash -c \
  '"$0" explore --scenario "$1" --model "$2" --iterations '"$iterations"' --seed '"$seed"' --traces "'"$out"'/traces" > "'"$out"'/$1-$2.log" 2>&1' "$bin"
cat "$out"/*.log | grep -E '^[a-z-]+/[a-z]+/(sc|tso)' | sort > "$out/summary.txt"
cat "$out/summary.txt"
bugs=$(grep -c 'BUG at' "$out/summary.txt")
echo "$(wc -l < "$out/summary.txt") cases, $bugs with a bug"
[ "$bugs" -eq 0 ]
