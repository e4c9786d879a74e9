#!/usr/bin/env bash
# The MNIST results table of docs/results.md: one run per rule at CPU size (configs/mnist-*.json), the compression-game
# μ ablation, and Stacked MNIST runs; each next to the real-data floor of its metrics (summary.json floor_*).
# Each member is one 'realganlab train' process; members with DONE are skipped and interrupted ones resumed, so the
# script can be rerun after a stop. MNIST is fetched by the first run if missing; the classifier is trained if missing.
# Usage: bench/mnist_table.sh OUT_DIR [JOBS=2] [CONFIG...]   then: python3 bench/mnist_table.py OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench/mnist_table.sh OUT_DIR [JOBS] [CONFIG...]}
jobs=${2:-2}
shift $(( $# > 1 ? 2 : 1 ))
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  # The single-sample consensus estimators (ustat, per-sample) cost about 15x a step: docs/results.md runs them for one
  # epoch by hand (--steps 938), as it does the gamma = 1 consensus row.
  configs=(mnist-simgd mnist-altgd mnist-consensus mnist-consensus-split mnist-r1 mnist-wgan-gp
           mnist-compression-mu0 mnist-compression-mu0.1 mnist-compression-mu1 mnist-compression-mu10
           stacked-mnist-simgd stacked-mnist-r1)
fi
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
export CLI="$root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll" ROOT="$root" OUT="$out"
export REALGANLAB_DATA=${REALGANLAB_DATA:-$root/data}
# Two cores shared by the jobs: one intra-op thread each when several run at once.
export OMP_NUM_THREADS=$(( jobs > 1 ? 1 : 2 ))
mkdir -p "$out"
# Make sure the classifier and its cached statistics exist before parallel members would each build them.
dotnet "$CLI" classifier train > "$out/classifier.log" 2>&1
printf '%s\n' "${configs[@]}" | xargs -P "$jobs" -L 1 bash -c '
  name=$0; dir="$OUT/$name"
  if [ -f "$dir/DONE" ]; then exit 0; fi
  if [ -f "$dir/checkpoints/latest.ckpt" ]; then resume=(--resume); else resume=(--force); fi
  dotnet "$CLI" train --config "$ROOT/configs/$name.json" --out "$dir" "${resume[@]}" > "$dir.log" 2>&1 || true
  echo "$name: $(grep -o "\"status\": \"[a-z]*\"" "$dir/summary.json" 2>/dev/null)"'
python3 "$root/bench/mnist_table.py" "$out"
