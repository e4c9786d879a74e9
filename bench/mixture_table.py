#!/usr/bin/env python3
"""Aggregates the runs of bench/mixture_table.sh into the README's table (markdown, mean ± std over seeds)."""
import json, os, statistics, sys
from collections import defaultdict

out = sys.argv[1]
rows = defaultdict(list)
for name in sorted(os.listdir(out)):
    path = os.path.join(out, name, "summary.json")
    if not os.path.isfile(path):
        continue
    summary = json.load(open(path))
    config = name.rsplit("-s", 1)[0]
    rows[config].append(summary)

def number(v):
    # summary.json writes NaN (no high-quality sample: reverse KL undefined) as the string "NaN".
    if isinstance(v, str):
        return float(v)
    return v

def stat(values, fmt):
    values = [number(v) for v in values if v is not None]
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    if len(values) == 1:
        return fmt.format(values[0])
    return (fmt + " ± " + fmt).format(statistics.mean(values), statistics.stdev(values))

order = [f"{d}-{r}" for d in ("ring", "grid") for r in ("simgd", "altgd", "consensus", "r1", "wgan-gp", "unrolled", "packing", "wgan-gp-long", "wgan-gp-xl")]
print("| config | seeds | modes | high-quality % | reverse KL | all modes, HQ ≥ 95 %, rKL ≤ 0.03 | max Re λ (end) | max \\|Im λ\\| (end) | steps/s | status |")
print("|---|---|---|---|---|---|---|---|---|---|")
for config in order + sorted(set(rows) - set(order)):
    runs = rows.get(config)
    if not runs:
        continue
    finals = [r.get("final") or {} for r in runs]
    probes = [r.get("finalProbe") or {} for r in runs]
    modes = [f.get("modesCaptured") for f in finals]
    total = next((f.get("modeCount") for f in finals if f.get("modeCount")), None)
    hq = [100 * f["highQualityFraction"] if f.get("highQualityFraction") is not None else None for f in finals]
    rkl = [f.get("reverseKl") for f in finals]
    goal = sum(1 for f in finals if f.get("modesCaptured") == f.get("modeCount") and (f.get("highQualityFraction") or 0) >= 0.95
               and number(f.get("reverseKl")) is not None and number(f["reverseKl"]) <= 0.03)
    statuses = ", ".join(sorted({r["status"] for r in runs}))
    print(f"| {config} | {len(runs)} | {stat(modes, '{:.1f}')} / {total} | {stat(hq, '{:.1f}')} | {stat(rkl, '{:.3f}')} | {goal} of {len(runs)} "
          f"| {stat([p.get('max_real') for p in probes], '{:.3f}')} | {stat([p.get('max_abs_imag') for p in probes], '{:.3f}')} "
          f"| {stat([r.get('stepsPerSecond') for r in runs], '{:.0f}')} | {statuses} |")
