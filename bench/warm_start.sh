#!/usr/bin/env bash
# The live probe started cold (a seeded random vector) or warm (the previous probe's Ritz vectors, probe:warmStart) on the
# default run ('realganlab train' with no config: ring, MLP players, consensus, 4,000 steps), in one go so the ratios
# share the machine's load. Per run: the J·u products of each live probe's spectrum (median over the warm-startable
# probes, i.e. all but the first), the split's products, the probe's seconds, and the probe's share of the run's wall time.
# Usage: bench/warm_start.sh OUT_DIR [PROBE_EVERY=500] [extra train arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench/warm_start.sh OUT_DIR [PROBE_EVERY=500] [train arguments...]}
every=${2:-500}
shift $(( $# < 2 ? $# : 2 ))
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
cli="$root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll"
mkdir -p "$out"
for start in cold warm; do
  warm=$([ "$start" = warm ] && echo true || echo false)
  dotnet "$cli" train --out "$out/$start" --force --train:probeEvery="$every" --probe:warmStart="$warm" "$@" > "$out/$start.log" 2>&1
done
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
print("| start | probes | spectrum products per probe (median, probes 2…) | split products | probe seconds (median) | probe share of the run |")
print("|---|---|---|---|---|---|")
for start in ("cold", "warm"):
    lines = [json.loads(l) for l in open(f"{out}/{start}/probe.jsonl")]
    summary = json.load(open(f"{out}/{start}/summary.json"))
    later = lines[1:] or lines
    print(f"| {start} | {len(lines)} | {statistics.median(l['products'] for l in later):g} | "
          f"{statistics.median(l.get('split_products', 0) for l in later):g} | {statistics.median(l['seconds'] for l in later):.2f} | "
          f"{summary['probeShare']:.1%} |")
PY
