#!/usr/bin/env bash
# bench/gpu_run.sh [--libtorch DIR] [--python PY] [--device cuda|cpu] [--out DIR] [--data DIR]
#                  [--bench-args "ARGS"] [--mnist-steps N] [--skip bench,pytorch,mnist] [-- TRAIN ARGS...]
#
# The GPU session of docs/gpu.md in one go, from the unpacked bundle of bench/gpu_bundle.sh on a machine with
# PyTorch but no .NET: info, the TorchSharp benchmark (realganlab bench), the PyTorch reference
# (bench/pytorch_reference.py), their comparison (bench/compare_bench.py), and one epoch of the published-size MNIST
# DCGAN (configs/gpu/mnist-simgd.json, probe at its last step) with its wall time.
#
#   --libtorch DIR   the torch lib folder (default: $REALGANLAB_LIBTORCH, else asked of PYTHON's torch)
#   --python PY      the Python with PyTorch (default: $PYTHON or python3)
#   --device D       cuda (default) or cpu (to try the script on a machine without a GPU)
#   --out DIR        where everything goes (default: gpu-session-<date> in the current folder)
#   --data DIR       the folder holding mnist/ (default: $REALGANLAB_DATA, else data/ next to realganlab if there)
#   --bench-args A   extra arguments for both benchmarks, e.g. "--models mlp --steps 20"
#   --mnist-steps N  training steps of the MNIST run (default 938: one epoch at batch 64); the probe runs at step N
#   --skip LIST      leave out steps: bench (both benchmarks and the comparison), pytorch, mnist
#   -- ARGS          passed on to the MNIST 'train' (e.g. --train:evalSamples=64 for a quick try)
#
# Writes OUT/session.md (one row per step: exit code, wall time, log), info.txt, nvidia-smi.txt, ts.json, pt.json,
# compare.md, mnist-simgd/ (the run directory) and a log per step. A failed step is recorded and the next one still
# runs, except that nothing runs when libtorch is refused or (with --device cuda) CUDA is not usable. Exit code: the
# first failed step's, else 0.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)   # the bundle folder (or the repository)
bin=${REALGANLAB_BIN:-$here/realganlab}
[[ -x $bin ]] || bin=$(command -v realganlab || true)
python=${PYTHON:-python3}
libtorch=${REALGANLAB_LIBTORCH:-}
device=cuda
out=gpu-session-$(date +%Y%m%d-%H%M%S)
data=${REALGANLAB_DATA:-}
bench_args=""
mnist_steps=938
skip=""
train_extra=()

usage() { sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (( $# > 0 )); do
  case $1 in
    --libtorch) libtorch=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --bench-args) bench_args=$2; shift 2 ;;
    --mnist-steps) mnist_steps=$2; shift 2 ;;
    --skip) skip=",$2,"; shift 2 ;;
    --) shift; train_extra=("$@"); break ;;
    *) echo "gpu_run: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ $device == cuda || $device == cpu ]] || { echo "gpu_run: --device is cuda or cpu, not '$device'" >&2; exit 2; }
[[ -n $bin ]] || { echo "gpu_run: no realganlab next to this script ($here) or on PATH; set REALGANLAB_BIN" >&2; exit 2; }

# The torch lib folder: the same one-liner the loader's refusal suggests.
if [[ -z $libtorch ]]; then
  libtorch=$("$python" -c "import torch, pathlib; print(pathlib.Path(torch.__file__).parent / 'lib')" 2>/dev/null) || {
    echo "gpu_run: '$python' has no torch; pass --libtorch DIR or --python PY (docs/gpu.md)" >&2; exit 2; }
fi
export REALGANLAB_LIBTORCH=$libtorch
if [[ -z $data && -d $here/data ]]; then data=$here/data; fi
[[ -n $data ]] && export REALGANLAB_DATA=$(cd "$data" && pwd)

mkdir -p "$out" && out=$(cd "$out" && pwd)
session=$out/session.md
first_failure=0

# step NAME LOG SHOW COMMAND...: runs COMMAND with its output in OUT/LOG, records exit code and wall time, and prints
# the last SHOW lines of the log (all of it when the step fails, up to 40).
step() {
  local name=$1 logfile=$2 show=$3; shift 3
  local start end rc=0
  start=$(date +%s.%N)
  "$@" >"$out/$logfile" 2>&1 || rc=$?
  end=$(date +%s.%N)
  local wall
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  printf '| %s | %s | %s s | %s |\n' "$name" "$rc" "$wall" "$logfile" >>"$session"
  echo "== $name: exit $rc, $wall s wall (log: $out/$logfile)"
  if (( rc != 0 )); then
    tail -n 40 "$out/$logfile"
    (( first_failure != 0 )) || first_failure=$rc
  elif (( show > 0 )); then
    tail -n "$show" "$out/$logfile"
  fi
  return $rc
}
skipped() {
  printf '| %s | skipped | | %s |\n' "$1" "$2" >>"$session"
  echo "== $1: skipped: $2"
}
wants() { [[ $skip != *",$1,"* ]]; }

{
  echo "# GPU session $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- host: $(hostname), $(nproc) CPU cores"
  echo "- realganlab: $bin (commit $(cat "$here/COMMIT" 2>/dev/null || echo unknown))"
  echo "- libtorch: $REALGANLAB_LIBTORCH"
  echo "- data: ${REALGANLAB_DATA:-data/ under $(pwd)}"
  echo "- device: $device"
  echo
  echo "| step | exit | wall | log |"
  echo "|---|---|---|---|"
} >"$session"
command -v nvidia-smi >/dev/null && nvidia-smi >"$out/nvidia-smi.txt" 2>&1

# 1. info: refuses (exit 2) when the libtorch does not fit; nothing else is worth running then.
step info info.txt 100 "$bin" info || { echo "gpu_run: stopped: libtorch was refused or failed its self-test"; exit "$first_failure"; }
if [[ $device == cuda ]] && ! grep -q '^CUDA usable *yes' "$out/info.txt"; then
  echo "gpu_run: stopped: CUDA is not usable here (see 'why not' above; docs/gpu.md, Troubleshooting)"
  exit 1
fi

# 2. The benchmarks and their comparison.
read -r -a extra_bench <<<"$bench_args"
if ! wants bench; then
  skipped "realganlab bench" "--skip bench"
elif ! "$bin" --help 2>/dev/null | grep -qE '^  bench( |$)'; then
  skipped "realganlab bench" "this build has no bench command"
else
  step "realganlab bench" bench-ts.log 30 "$bin" bench --device "$device" "${extra_bench[@]}" --json "$out/ts.json"
fi
if ! wants bench || ! wants pytorch; then
  skipped "pytorch_reference.py" "--skip"
elif [[ ! -f $here/bench/pytorch_reference.py ]]; then
  skipped "pytorch_reference.py" "not in the bundle"
elif ! "$python" -c "import torch" 2>/dev/null; then
  skipped "pytorch_reference.py" "'$python' has no torch (--python)"
else
  step "pytorch_reference.py" bench-pt.log 30 "$python" "$here/bench/pytorch_reference.py" --device "$device" "${extra_bench[@]}" --json "$out/pt.json"
fi
if [[ -f $out/ts.json && -f $out/pt.json && -f $here/bench/compare_bench.py ]]; then
  step "compare_bench.py" compare.md 100 "$python" "$here/bench/compare_bench.py" "$out/ts.json" "$out/pt.json"
else
  skipped "compare_bench.py" "needs ts.json, pt.json and bench/compare_bench.py"
fi

# 3. One epoch of the published-size MNIST DCGAN. The data must be there already (no internet: docs/gpu.md); the
#    classifier the metrics need is trained first, on its own clock (it does nothing when a verified one is stored).
if ! wants mnist; then
  skipped "mnist" "--skip mnist"
elif step "data check mnist" data-check.log 3 "$bin" data check mnist; then
  step "classifier train" classifier.log 3 "$bin" classifier train --device "$device"
  step "train mnist-simgd ($mnist_steps steps)" mnist-simgd.log 14 \
    "$bin" train --config "$here/configs/gpu/mnist-simgd.json" --device "$device" --steps "$mnist_steps" \
    --train:probeEvery="$mnist_steps" --out "$out/mnist-simgd" --force "${train_extra[@]}"
fi

# The results themselves below the table, so that session.md alone tells what happened.
{
  echo
  echo "## info"
  echo
  echo '```'
  grep -v '^\[W' "$out/info.txt"     # libtorch's own warnings ([W… NNPACK …]) stay in info.txt only
  echo '```'
  if [[ -s $out/compare.md ]]; then
    echo
    echo "## TorchSharp / PyTorch (compare_bench.py)"
    echo
    cat "$out/compare.md"
  fi
  if [[ -f $out/mnist-simgd.log ]]; then
    echo
    echo "## MNIST, configs/gpu/mnist-simgd.json, $mnist_steps steps"
    echo
    echo '```'
    grep -E '^[│╭╰]' "$out/mnist-simgd.log" || tail -n 5 "$out/mnist-simgd.log"
    echo '```'
  fi
} >>"$session"
echo
echo "session: $session"
exit "$first_failure"
