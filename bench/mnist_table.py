#!/usr/bin/env python3
"""Prints the MNIST results table (Markdown) from the run directories bench/mnist_table.sh wrote."""
import json
import os
import sys

out = sys.argv[1]
KEYS = [("mnist_score", "MNIST score ↑", "{:.2f}"), ("frechet_distance", "FD ↓", "{:.1f}"), ("class_kl", "class KL ↓", "{:.3f}"),
        ("reconstruction_mse", "recon. MSE", "{:.3f}"), ("modes", "modes /1000 ↑", "{:.0f}"), ("stacked_kl", "KL ↓", "{:.2f}")]
rows = []
for name in sorted(os.listdir(out)):
    path = os.path.join(out, name, "summary.json")
    if not os.path.isfile(path):
        continue
    s = json.load(open(path))
    final = s.get("final") or {}
    rows.append((name, s, final))
used = [k for k in KEYS if any(k[0] in f for _, _, f in rows)]
print("| run | status | steps | steps/s | " + " | ".join(label for _, label, _ in used) + " |")
print("|---|---|---|---|" + "---|" * len(used))
for name, s, final in rows:
    cells = []
    for key, _, fmt in used:
        value = final.get(key)
        floor = final.get("floor_" + key)
        cell = "" if value is None else fmt.format(value)
        if floor is not None:
            cell += f" (floor {fmt.format(floor)})"
        cells.append(cell)
    print(f"| {name} | {s['status']} | {s['step']} | {s['stepsPerSecond']} | " + " | ".join(cells) + " |")
