#!/usr/bin/env python3
"""Prints the MNIST results table (Markdown) from the run directories bench/mnist_table.sh wrote.

Usage: python3 bench/mnist_table.py OUT_DIR [--epoch N]

OUT_DIR holds one run directory per row, each with the summary.json (and metrics.jsonl) that 'realganlab train'
writes; a row per directory with a summary.json, in name order. Each metric cell is G's last evaluation (summary.json
"final") with the real-data floor of the metric in brackets (its "floor_<metric>"): real test images scored the same
way.

Averaged generators (Yazıcı et al. 2019): when a summary.json holds the last evaluation of an averaged G under
"averaged" ({"ema": {...}, "uniform": {...}}, each in the form of "final"), the table gets MNIST score / FD /
class KL columns for it (and modes / KL when a Stacked MNIST run has them); a run without that average has empty
cells there. The floors are the data's, shown once in G's columns. Without any such run the columns are left out.

--epoch N: the metrics of epoch N's evaluation instead of the last one, for G and each average: the last
"kind": "eval" line with "epoch": N in each run's metrics.jsonl (averages under the keys "ema/<metric>",
"uniform/<metric>"), so that a longer run's epoch-3 numbers can sit in a 3-epoch table. The steps column then shows
that line's step; status, steps/s and the floors stay the whole run's (summary.json). A run without an evaluation
of epoch N is an error (exit 2) that names the run.
"""
import json
import os
import sys

KEYS = [("mnist_score", "MNIST score ↑", "{:.2f}"), ("frechet_distance", "FD ↓", "{:.1f}"), ("class_kl", "class KL ↓", "{:.3f}"),
        ("reconstruction_mse", "recon. MSE", "{:.3f}"), ("modes", "modes /1000 ↑", "{:.0f}"), ("stacked_kl", "KL ↓", "{:.2f}")]

# The averaged generators, in column order, with their column labels (as in bench/mixture_table.py).
AVERAGES = [("ema", "EMA"), ("uniform", "uniform avg")]
# The metrics shown for an average: G's without the compression game's reconstruction error (the average is G's).
AVERAGE_KEYS = [k for k in KEYS if k[0] != "reconstruction_mse"]


class TableError(Exception):
    """Bad input: the message is printed and the script exits with 2."""


def formatted(value, fmt):
    """The value in the column's format; a value that is not a number ("NaN" in summary.json) as it is written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt.format(value)
    return str(value)


def averaged(values, name):
    """The evaluation of averaged generator `name` ("ema", "uniform") in a summary, or None."""
    block = values.get("averaged")
    if isinstance(block, dict) and isinstance(block.get(name), dict):
        return block[name]
    # The metrics.jsonl form, "ema/mnist_score" …, in an eval line (or should it appear in "final").
    prefix = name + "/"
    flat = {k[len(prefix):]: v for k, v in (values.get("final") or {}).items() if k.startswith(prefix)}
    return flat or None


def eval_line(run_dir, name, epoch):
    """The last eval line of `epoch` in the run's metrics.jsonl (a resumed run can repeat one: the newest wins)."""
    path = os.path.join(run_dir, "metrics.jsonl")
    if not os.path.isfile(path):
        raise TableError(f"run '{name}' has no metrics.jsonl, so no evaluation of epoch {epoch}")
    found, epochs = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line torn by a kill: the lines before it still count
            if record.get("kind") != "eval":
                continue
            epochs.append(record.get("epoch"))
            if record.get("epoch") == epoch:
                found = record
    if found is None:
        have = ", ".join(str(e) for e in sorted(set(e for e in epochs if isinstance(e, int)))) or "none"
        raise TableError(f"run '{name}' has no evaluation of epoch {epoch} in its metrics.jsonl (epochs evaluated: {have}); "
                         f"leave the run out of OUT_DIR or choose an epoch it has")
    return found


def load(out, epoch):
    """Rows (name, summary, G's values, {average: values}, step) of the run directories in `out`, in name order."""
    rows = []
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name, "summary.json")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            s = json.load(f)
        final = s.get("final") or {}
        if epoch is None:
            values, step = final, s["step"]
            averages = {a: averaged(s, a) for a, _ in AVERAGES}
        else:
            line = eval_line(os.path.join(out, name), name, epoch)
            # The floors are the data's, not the epoch's: from the summary.
            values = {k: v for k, v in line.items() if "/" not in k}
            values.update({k: v for k, v in final.items() if k.startswith("floor_")})
            step = line.get("step")
            averages = {a: averaged({"final": line}, a) for a, _ in AVERAGES}
        rows.append((name, s, values, averages, step))
    return rows


def table(rows):
    used = [k for k in KEYS if any(k[0] in v for _, _, v, _, _ in rows)]
    average_columns = []
    for a, label in AVERAGES:
        keys = [k for k in AVERAGE_KEYS if any(k[0] in (avg.get(a) or {}) for _, _, _, avg, _ in rows)]
        average_columns += [(a, label, key) for key in keys]
    lines = ["| run | status | steps | steps/s | " + " | ".join(
        [label for _, label, _ in used] + [f"{a_label}: {label}" for _, a_label, (_, label, _) in average_columns]) + " |",
        "|---|---|---|---|" + "---|" * (len(used) + len(average_columns))]
    for name, s, values, averages, step in rows:
        cells = []
        for key, _, fmt in used:
            value = values.get(key)
            floor = values.get("floor_" + key)
            cell = "" if value is None else formatted(value, fmt)
            if floor is not None:
                cell += f" (floor {formatted(floor, fmt)})"
            cells.append(cell)
        for a, _, (key, _, fmt) in average_columns:
            value = (averages.get(a) or {}).get(key)
            cells.append("" if value is None else formatted(value, fmt))
        lines.append(f"| {name} | {s['status']} | {step} | {s['stepsPerSecond']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv):
    args, epoch = [], None
    i = 1
    while i < len(argv):
        if argv[i] in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if argv[i] == "--epoch" or argv[i].startswith("--epoch="):
            text = argv[i].split("=", 1)[1] if "=" in argv[i] else (argv[i + 1] if i + 1 < len(argv) else "")
            i += 1 if "=" in argv[i] else 2
            if not text.isdigit() or int(text) < 1:
                print(f"mnist_table.py: --epoch needs an epoch number from 1 (got '{text}')", file=sys.stderr)
                return 2
            epoch = int(text)
            continue
        args.append(argv[i])
        i += 1
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = args[0]
    if not os.path.isdir(out):
        print(f"mnist_table.py: no folder '{out}'", file=sys.stderr)
        return 2
    try:
        rows = load(out, epoch)
    except TableError as e:
        print(f"mnist_table.py: {e}", file=sys.stderr)
        return 2
    print(table(rows))
    if epoch is not None:
        print()
        print(f"Metrics of each run's epoch-{epoch} evaluation (metrics.jsonl) and its step; status and steps/s of the whole run.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
