#!/usr/bin/env bash
# Runs the quick `realganlab …` examples of the documentation (README, docs/cli.md, results.md, field.md, sweeps.md, gpu.md) as written, in the clone this script belongs to (use a fresh clone),
# and prints a Markdown table: the command, its exit code, its wall time and its last line of output.
# Long ones (MNIST training, the 18-member stabilizers sweep, bench, Slurm) are not in the list; docs/faults.md says so.
set -u
export LC_ALL=C.UTF-8    # character-wise truncation below
cd "$(dirname "$0")/.."
export PATH="$PWD:$PATH"
examples=(
  "realganlab --help"
  "realganlab train --help"
  "realganlab field --help"
  "realganlab config --keys"
  "realganlab config --config configs/field/dirac-r1.json --rule:name=consensus"
  "realganlab info"
  "realganlab field --game dirac --rule consensus --out runs/dirac-consensus"
  "realganlab field --rule:gama=1 --rule consensos --out runs/x"
  "realganlab train --config configs/grid-consensus.json --seed 1 --out runs/grid-consensus-s1 --stop-at 2000"
  "realganlab train --out runs/grid-consensus-s1 --resume"
  "realganlab probe runs/grid-consensus-s1 --checkpoint all"
  "realganlab train --config configs/gpu/mnist-consensus.json --device cuda --out runs/mnist-consensus"
  "realganlab data fetch mnist"
  "realganlab data check mnist"
  "realganlab sweep configs/sweeps/smoke.json"
  "realganlab runs"
  "realganlab report runs/smoke"
)
echo "| command | exit | seconds | last line |"
echo "|---|---|---|---|"
for e in "${examples[@]}"; do
  start=$(date +%s.%N)
  out=$(bash -c "$e" 2>&1); code=$?
  end=$(date +%s.%N)
  # The last line that is not part of a drawn table (a run's summary table ends most training commands).
  last=$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d; /^[╭╰│├┌└]/d' | tail -n 1 | sed -E 's/^(.{110}).*/\1…/; s/\|/\\|/g')
  printf '| `%s` | %s | %.1f | %s |\n' "$e" "$code" "$(echo "$end - $start" | bc)" "$last"
done
