#!/usr/bin/env bash
# The results table of the README: every ring/grid config × seeds, PacGAN protocol, mean ± std over seeds.
# Each member is one 'realganlab train' process (a crash kills only that member); members with DONE are skipped,
# interrupted ones are resumed, so the script can be rerun after a stop.
# Usage: bench/mixture_table.sh OUT_DIR [SEEDS=3] [JOBS=2]    then: python3 bench/mixture_table.py OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench/mixture_table.sh OUT_DIR [SEEDS] [JOBS]}
seeds=${2:-3}
jobs=${3:-2}
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
export CLI="$root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll" ROOT="$root" OUT="$out"
# Two cores shared by the jobs: one intra-op thread each when several run at once.
export OMP_NUM_THREADS=$(( jobs > 1 ? 1 : 2 ))
mkdir -p "$out"
for data in ring grid; do
  for rule in simgd altgd consensus r1 wgan-gp unrolled packing wgan-gp-long; do
    for seed in $(seq 0 $((seeds - 1))); do echo "$data-$rule $seed"; done
  done
done | xargs -P "$jobs" -L 1 bash -c '
  name=$0; seed=$1; dir="$OUT/$name-s$seed"
  if [ -f "$dir/DONE" ]; then exit 0; fi
  if [ -f "$dir/checkpoints/latest.ckpt" ]; then resume=(--resume); else resume=(--force); fi
  dotnet "$CLI" train --config "$ROOT/configs/$name.json" --seed "$seed" --out "$dir" "${resume[@]}" > "$dir.log" 2>&1 || true
  echo "$name seed $seed: $(tail -c 200 "$dir/summary.json" 2>/dev/null | tr -d "\n" | cut -c1-120)"'
python3 "$root/bench/mixture_table.py" "$out"
