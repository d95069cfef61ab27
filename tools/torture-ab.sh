#!/usr/bin/env bash
# A/B of torture switches/s between two builds on one host: the same command, the builds alternating
# round by round (old, new, old, new, ...), so that host drift hits both alike; prints each run, then
# per scheme the median of each build and new/old. Also switches per process CPU-second (user + sys),
# which a loaded host distorts less than switches per wall second; then the worst pairing (each
# scheme's slowest new run over its fastest old run), and, where the rates show two vCPU placements,
# the builds compared placement by placement.
#
# Usage: tools/torture-ab.sh OLD_DIR NEW_DIR [ROUNDS] [-- TORTURE_ARGS...]
#   OLD_DIR, NEW_DIR: folders holding hazardmm.dll (dotnet publish/build output), e.g.
#     git worktree add /tmp/ab-old 86dfed6 && dotnet publish /tmp/ab-old/src/HazardMm.Cli -c Release -o /tmp/ab-old/publish
#   ROUNDS: runs of each build (default 3).
#   TORTURE_ARGS: default --scheme all --duration 5s --seed 20261126 (the perf/RESULTS.md command).
#   NEW_EXTRA (environment): arguments only the new build gets, default "--cpus 2 --ipi-cost 0": since
#     issue 9 the default is 4 CPUs, and since issue 7 every IPI pays the measured membarrier cost; the
#     pre-issue-7 build has neither option and runs one CPU per host core (2 here).
set -euo pipefail
old=${1:?usage: $0 OLD_DIR NEW_DIR [ROUNDS] [-- TORTURE_ARGS...]}
new=${2:?usage: $0 OLD_DIR NEW_DIR [ROUNDS] [-- TORTURE_ARGS...]}
shift 2
rounds=3
if [[ $# -gt 0 && $1 != -- ]]; then rounds=$1; shift; fi
if [[ $# -gt 0 && $1 == -- ]]; then shift; fi
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then args=(--scheme all --duration 5s --seed 20261126); fi
read -r -a extra <<< "${NEW_EXTRA---cpus 2 --ipi-cost 0}"
for d in "$old" "$new"; do
  [[ -f $d/hazardmm.dll ]] || { echo "$0: no hazardmm.dll in $d" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "old: $old"
echo "new: $new (extra: ${extra[*]:-none})"
echo "command: torture ${args[*]}"

# One run: "scheme rate switches" lines from the SUCCESS/FAILURE verdicts, then "cpu SECONDS".
run() {
  local dir=$1 out=$2; shift 2
  local start
  start=$(date +%s.%N)
  /usr/bin/time -f 'cpu %U %S' -o "$out.time" dotnet "$dir/hazardmm.dll" torture "$@" > "$out.log" 2>&1 || true
  { grep -E '^(SUCCESS|FAILURE)' "$out.log" || true; } | sed -E 's/^[A-Z]+ ([a-z0-9-]+) [^:]*: ([0-9]+) switches[^(]*\(([0-9]+)\/s\).*/\1 \3 \2/' > "$out.rates"
  awk '/^cpu/ { print "cpu", $2 + $3 }' "$out.time" >> "$out.rates"
  echo "  $(date -u +%H:%M:%S) $(basename "$out") load $(cut -d' ' -f1-3 /proc/loadavg) wall $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5)s: $(tr '\n' ' ' < "$out.rates")"
}

for ((r = 1; r <= rounds; r++)); do
  run "$old" "$work/old-$r" "${args[@]}"
  run "$new" "$work/new-$r" "${args[@]}" "${extra[@]}"
done

# Medians per scheme of switches per wall second.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { printf "0\n" } else if (NR % 2) { printf "%.0f\n", v[(NR + 1) / 2] } else { printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'; }
printf '%-10s %14s %14s %7s\n' scheme old/s new/s ratio
for scheme in $(cat "$work"/old-*.rates "$work"/new-*.rates | awk '$1 != "cpu" { print $1 }' | sort -u); do
  o=$(cat "$work"/old-*.rates | awk -v s="$scheme" '$1 == s { print $2 }' | median)
  n=$(cat "$work"/new-*.rates | awk -v s="$scheme" '$1 == s { print $2 }' | median)
  printf '%-10s %14.0f %14.0f %6.2fx\n' "$scheme" "$o" "$n" "$(echo "if ($o > 0) $n / $o else 0" | bc -l)"
done
# Every scheme's switches together over the process's CPU-seconds, per run; then the median run.
percpu() {
  for f in "$work"/"$1"-*.rates; do
    awk '$1 == "cpu" { cpu = $2 } $1 != "cpu" { sum += $3 } END { if (cpu > 0) print sum / cpu }' "$f"
  done | median
}
o=$(percpu old)
n=$(percpu new)
printf '%-10s %14.0f %14.0f %6.2fx   (switches per process CPU-second, all schemes)\n' per-cpu-s "$o" "$n" "$(echo "if ($o > 0) $n / $o else 0" | bc -l)"

# The bound no placement can flatter: each scheme's slowest new run over its fastest old run.
printf '%-10s %14s %14s %7s\n' worst-pair fastest-old slowest-new ratio
for scheme in $(cat "$work"/old-*.rates "$work"/new-*.rates | awk '$1 != "cpu" { print $1 }' | sort -u); do
  o=$(cat "$work"/old-*.rates | awk -v s="$scheme" '$1 == s { print $2 }' | sort -n | tail -1)
  n=$(cat "$work"/new-*.rates | awk -v s="$scheme" '$1 == s { print $2 }' | sort -n | head -1)
  printf '  %-8s %14.0f %14.0f %6.2fx\n' "$scheme" "$o" "$n" "$(echo "if ($o > 0) $n / $o else 0" | bc -l)"
done

# Some VMs place their vCPUs two ways (perf/RESULTS.md: the cross-core cost is bimodal): a round trip
# between them costs ~140 ns in one placement and 500-800 ns in the other, it changes from process to
# process, and a 2-CPU run's rate follows it. Split each build's runs at the widest gap between their
# median scheme rates, if that gap is at least 1.3x, and compare the builds placement by placement. A
# build whose runs show no such gap ran on one placement, which the rates alone cannot name: its runs
# are not paired with either of the other build's.
runrate() { awk '$1 != "cpu" { print $2 }' "$1" | median; }
placement() { # build -> lines "run-file slow|fast"
  for f in "$work"/"$1"-*.rates; do echo "$(runrate "$f") $f"; done | sort -n | awk '
    { r[NR] = $1; f[NR] = $2 }
    END {
      cut = 0; best = 1.3
      for (i = 1; i < NR; i++) if (r[i] > 0 && r[i + 1] / r[i] >= best) { best = r[i + 1] / r[i]; cut = i }
      for (i = 1; i <= NR; i++) print f[i], (cut == 0 ? "one" : (i > cut ? "fast" : "slow"))
    }'
}
placement old > "$work/old.placement"
placement new > "$work/new.placement"
if grep -q " one$" "$work/old.placement" "$work/new.placement" && grep -q " fast$" "$work/old.placement" "$work/new.placement"; then
  echo "placements: one build's runs split at a gap of >= 1.3x in rate, the other's show one placement, which rates cannot name: not paired"
elif grep -q " fast$" "$work/old.placement" "$work/new.placement"; then
  echo "placements (each build's runs split at their widest gap of >= 1.3x in rate):"
  for p in slow fast; do
    no=$(grep -c " $p$" "$work/old.placement" || true)
    nn=$(grep -c " $p$" "$work/new.placement" || true)
    if [[ $no -eq 0 || $nn -eq 0 ]]; then echo "  $p: $no old and $nn new runs, nothing to compare"; continue; fi
    echo "  $p: $no old and $nn new runs"
    for scheme in $(cat "$work"/old-*.rates | awk '$1 != "cpu" { print $1 }' | sort -u); do
      o=$(awk -v p="$p" '$2 == p { print $1 }' "$work/old.placement" | xargs cat | awk -v s="$scheme" '$1 == s { print $2 }' | median)
      n=$(awk -v p="$p" '$2 == p { print $1 }' "$work/new.placement" | xargs cat | awk -v s="$scheme" '$1 == s { print $2 }' | median)
      printf '    %-10s %14.0f %14.0f %6.2fx\n' "$scheme" "$o" "$n" "$(echo "if ($o > 0) $n / $o else 0" | bc -l)"
    done
  done
fi
