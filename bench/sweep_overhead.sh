#!/usr/bin/env bash
# What the sweep machinery costs, and what N workers buy on this machine:
#  1. start-up: 'realganlab train' of 1 step (process start, TorchSharp init, game build, first checkpoint, exit);
#  2. one member trained directly by 'realganlab train' vs the same member as a sweep member (worker process,
#     lock, manifest, state checks): the difference is the sweep's own overhead per member;
#  3. throughput: the same 8-member sweep with --workers 1 and --workers 2 (members per minute, and the ratio).
# Medians over REPEATS runs (default 5) for 1 and 2; one run each for 3. Everything uses the Release build.
# Usage: bench/sweep_overhead.sh [OUT_DIR] [STEPS] [REPEATS]   (defaults: a temporary directory, 500, 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
steps=${2:-500}
repeats=${3:-5}
mkdir -p "$out"
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
cli=(dotnet "$root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll")
base="$root/configs/ring-simgd.json"
common=(--train:probeEvery=0 --train:stepsPerEpoch="$steps")
now() { date +%s.%N; }
minus() { python3 -c "print(f'{$1 - $2:.2f}')"; }
median() { python3 -c 'import statistics,sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.2f}")' "$@"; }

startup=(); direct=(); member=()
for i in $(seq 1 "$repeats"); do
  t0=$(now); "${cli[@]}" train --config "$base" --train:steps=1 "${common[@]}" --out "$out/startup" --force >/dev/null; t1=$(now)
  startup+=("$(minus $t1 $t0)")
  t0=$(now); "${cli[@]}" train --config "$base" --train:steps="$steps" "${common[@]}" --out "$out/direct" --force >/dev/null; t1=$(now)
  direct+=("$(minus $t1 $t0)")
  cat > "$out/one.json" <<JSON
{ "name": "one", "base": "$base", "set": { "train:steps": $steps, "train:probeEvery": 0, "train:stepsPerEpoch": $steps } , "members": [ { "name": "m" } ] }
JSON
  rm -rf "$out/one"
  t0=$(now); "${cli[@]}" sweep "$out/one.json" --out "$out/one" --no-report >/dev/null; t1=$(now)
  member+=("$(minus $t1 $t0)")
done
s=$(median "${startup[@]}"); d=$(median "${direct[@]}"); m=$(median "${member[@]}")
echo "start-up (train, 1 step):              median $s s over $repeats runs"
echo "one member, $steps steps, train:        median $d s"
echo "one member, $steps steps, as a sweep:   median $m s   (sweep overhead $(minus $m $d) s per member)"

cat > "$out/eight.json" <<JSON
{ "name": "eight", "base": "$base", "set": { "train:steps": $steps, "train:probeEvery": 0, "train:stepsPerEpoch": $steps }, "axes": { "seed": [0, 1, 2, 3, 4, 5, 6, 7] } }
JSON
for w in 1 2; do
  rm -rf "$out/eight-w$w"
  t0=$(now); "${cli[@]}" sweep "$out/eight.json" --out "$out/eight-w$w" --workers "$w" --no-report >/dev/null; t1=$(now)
  wall=$(minus $t1 $t0); eval "wall$w=$wall"
  echo "8 members, --workers $w: $wall s wall, $(python3 -c "print(f'{8 * 60 / $wall:.1f}')") members/min"
done
echo "throughput --workers 2 / --workers 1: $(python3 -c "print(f'{$wall1 / $wall2:.2f}')") (on $(nproc) cores)"
