#!/usr/bin/env bash
# MNIST at CPU size (configs/mnist-*.json, width 16, batch 64): median step time of simgd and consensus, and the
# time of the probe at scale — top-20 eigenvalues by Arnoldi of the full game Jacobian of the GPU-size DCGAN
# (configs/gpu/mnist-simgd.json, width 64, about 0.9 M parameters) on a fixed probe batch of 256, with its peak memory.
# Step times are medians of the 50-step windows in metrics.jsonl after the first two (warm-up); both rules run in this
# one invocation so their ratio compares like with like. MNIST must be present (realganlab data fetch mnist).
# Usage: bench/mnist_speed.sh [OUT_DIR]   (default: a temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
export REALGANLAB_DATA=${REALGANLAB_DATA:-$root/data}
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
cli="dotnet $root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll"
for rule in simgd consensus; do
  $cli train --config "$root/configs/mnist-$rule.json" --steps 400 --train:stepsPerEpoch=400 --train:evalSamples=64 \
    --out "$out/$rule" --force >/dev/null
done
# The probe at scale: 20 training steps, then the final probe (top-20 by magnitude, plus the runs for the largest
# real and imaginary parts). /usr/bin/time reports the peak resident memory of the whole process.
/usr/bin/time -f "%M" -o "$out/probe-peak-kb" $cli train --config "$root/configs/gpu/mnist-simgd.json" --steps 20 \
  --train:stepsPerEpoch=20 --train:probeEvery=20 --train:evalSamples=64 --out "$out/probe" --force >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
def windows(run):
    lines = [json.loads(l) for l in open(f"{out}/{run}/metrics.jsonl")]
    return [l["step_ms"] for l in lines if l["kind"] == "train"][2:]
rows = {}
for rule in ("simgd", "consensus"):
    ms = statistics.median(windows(rule))
    rows[rule] = ms
    print(f"mnist {rule:10s} median step {ms:7.2f} ms  ({1000 / ms:6.2f} steps/s; one epoch of 938 steps {938 * ms / 1000 / 60:5.1f} min)")
print(f"consensus / simgd step time: {rows['consensus'] / rows['simgd']:.2f}")
summary = json.load(open(f"{out}/probe/summary.json"))
probe = [json.loads(l) for l in open(f"{out}/probe/probe.jsonl")][-1]
peak = int(open(f"{out}/probe-peak-kb").read().split()[-1]) / 1024 / 1024
print(f"probe at scale: {summary['parameterCount']:,} parameters, top-{len(probe.get('eigenvalues', [])) or 20} Arnoldi: "
      f"{probe['seconds']:.1f} s, peak memory {peak:.2f} GiB")
PY
