#!/usr/bin/env bash
# The ring and grid results table of docs/results.md: configs × seeds, PacGAN's protocol, mean ± standard error over seeds.
# Each member is one 'realganlab train' process (a crash kills only that member); members with DONE are skipped,
# interrupted ones are resumed, so the script can be rerun after a stop.
# Usage: bench/mixture_table.sh OUT_DIR [SEEDS=5] [JOBS=2] [CONFIG ...]    then: python3 bench/mixture_table.py OUT_DIR
#   CONFIG: a config name (ring-sn) or a path to a config file (configs/ring-sn.json); the run directories are
#   OUT_DIR/<name>-s<seed>. Default: every configs/ring-*.json and configs/grid-*.json (the -xl configs included:
#   16,000 steps a seed; the -xxl ones: 32,000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: bench/mixture_table.sh OUT_DIR [SEEDS=5] [JOBS=2] [CONFIG ...]"
out=${1:?$usage}
seeds=${2:-5}
jobs=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
case "$seeds$jobs" in *[!0-9]*) echo "$usage (SEEDS and JOBS are counts)" >&2; exit 2 ;; esac
if [ "$seeds" -lt 1 ] || [ "$jobs" -lt 1 ]; then echo "$usage (SEEDS and JOBS are at least 1)" >&2; exit 2; fi

# The configs: the arguments, or every ring and grid config of the repository.
configs=()
if [ $# -eq 0 ]; then
  configs=("$root"/configs/ring-*.json "$root"/configs/grid-*.json)
else
  for c in "$@"; do
    if [ -f "$c" ]; then configs+=("$(cd "$(dirname "$c")" && pwd)/$(basename "$c")")
    elif [ -f "$root/configs/$c.json" ]; then configs+=("$root/configs/$c.json")
    else echo "bench/mixture_table.sh: no config '$c' (neither a file nor configs/$c.json)" >&2; exit 2
    fi
  done
fi

dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
export CLI="$root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll" OUT="$out"
# Two cores shared by the jobs: one intra-op thread each when several run at once.
export OMP_NUM_THREADS=$(( jobs > 1 ? 1 : 2 ))
mkdir -p "$out"
for config in "${configs[@]}"; do
  for seed in $(seq 0 $((seeds - 1))); do printf '%s\n%s\n' "$config" "$seed"; done
done | xargs -d '\n' -P "$jobs" -n 2 bash -c '
  config=$0; seed=$1; name=$(basename "$config" .json); dir="$OUT/$name-s$seed"
  if [ -f "$dir/DONE" ]; then exit 0; fi
  if [ -f "$dir/checkpoints/latest.ckpt" ]; then resume=(--resume); else resume=(--force); fi
  dotnet "$CLI" train --config "$config" --seed "$seed" --out "$dir" "${resume[@]}" > "$dir.log" 2>&1 || true
  echo "$name seed $seed: $(tail -c 200 "$dir/summary.json" 2>/dev/null | tr -d "\n" | cut -c1-120)"'
python3 "$root/bench/mixture_table.py" "$out"
