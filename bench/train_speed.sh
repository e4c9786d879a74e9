#!/usr/bin/env bash
# Training speed of the default 2-D game on this machine: median step time of simgd and consensus (probe off),
# and the probe's share of a default run (ring, consensus, probe every 2000 steps).
# Medians of the per-window step times in metrics.jsonl (50 steps a window), skipping the first two windows as
# warm-up; both rules run in this one invocation so their ratio compares like with like.
# Usage: bench/train_speed.sh [OUT_DIR]   (default: a temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
cli="dotnet $root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll"
for rule in simgd consensus; do
  $cli train --rule "$rule" --steps 2000 --train:probeEvery=0 --out "$out/$rule" --force >/dev/null
done
$cli train --out "$out/default" --force >/dev/null
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
    print(f"{rule:10s} median step {ms:6.2f} ms  ({1000 / ms:6.1f} steps/s)")
print(f"consensus / simgd step time: {rows['consensus'] / rows['simgd']:.2f}")
summary = json.load(open(f"{out}/default/summary.json"))
probes = [json.loads(l) for l in open(f"{out}/default/probe.jsonl")]
print(f"default run (ring, consensus, {summary['steps']} steps, probe every 2000): {summary['seconds']:.1f} s wall, "
      f"probe share {summary['probeShare']:.1%}, {len(probes)} probes, median probe {statistics.median(p['seconds'] for p in probes):.2f} s")
PY
