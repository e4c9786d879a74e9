#!/usr/bin/env python3
"""Aggregates the runs of bench/mixture_table.sh into the ring and grid table of docs/results.md (markdown).

Usage: python3 bench/mixture_table.py OUT_DIR [CONFIG ...]
       python3 bench/mixture_table.py --compact OUT_DIR [CONFIG ...]

OUT_DIR holds one run directory per config and seed, named <config>-s<seed> (e.g. ring-wgan-gp-s3), each with the
summary.json that 'realganlab train' writes (a run with a config.json and no summary.json yet is a seed without a
result, named in its row); CONFIGs, when given, keep only those configs. Any number of seeds per config. Each metric cell is
"mean ± standard error (sd standard deviation)" over the seeds that have the number (PacGAN reports mean ± s.e.
over trials); one seed gives the value alone. The goal column counts the seeds that capture every mode with at least
95 % high-quality samples and a reverse KL of at most 0.03.

Averaged generators (Yazıcı et al. 2019): when a summary.json holds the last evaluation of an averaged G under
"averaged" ({"ema": {...}, "uniform": {...}}, each in the form of "final"), the table gets modes / HQ / rKL / goal
columns for it; without any such run the columns are left out.

Precision, recall (Kynkäänniemi et al. 2019) and density, coverage (Naeem et al. 2020): when a run's "final" holds
them, the table gets one column each, "mean ± s.e. (sd) [floor f]" with f the mean real-vs-real floor over the seeds
(summary.json's floor_*); runs from before these metrics leave their cells "—".

--compact prints the README's shorter table instead, in the order of the CONFIGs given (default: all, ring first):
config, steps, modes and high-quality % (mean ± s.e.), reverse KL (mean), the goal count, and precision / recall /
density / coverage as means over the seeds, followed by a line with their mean real-vs-real floors per data set.

The published rows (PacGAN, Lin et al. 2018, Table 1; VEEGAN, Srivastava et al. 2017, Table 1) follow each data set's
rows. They used their own networks and far longer training; VEEGAN reports no reverse KL.
"""
import json
import math
import os
import re
import statistics
import sys
from collections import defaultdict

GOAL_HQ = 0.95
GOAL_RKL = 0.03

# Rows in this order first (by rule), then any other config of the data set alphabetically.
RULE_ORDER = ["simgd", "altgd", "consensus", "r1", "wgan-gp", "unrolled", "packing", "wgan-gp-long", "wgan-gp-xl"]
DATA_ORDER = ["ring", "grid"]

# The k-NN metrics of the final evaluation, in column order (summary.json keys; each has a floor_<key>).
MANIFOLD = ["precision", "recall", "density", "coverage"]

# The averaged generators, in column order, with their column labels.
AVERAGES = [("ema", "EMA"), ("uniform", "uniform avg")]

# (data, label, trials, modes, high-quality %, reverse KL); None = not reported.
PUBLISHED = [
    ("ring", "GAN (PacGAN paper, Table 1; mean of 10 trials)", 10, 6.3, 98.2, 0.45),
    ("ring", "PacGAN4 (PacGAN paper, Table 1; mean of 10 trials)", 10, 7.8, 95.9, 0.07),
    ("ring", "GAN (VEEGAN paper, Table 1)", None, 1, 99.3, None),
    ("ring", "Unrolled GAN (VEEGAN paper, Table 1)", None, 7.6, 35.6, None),
    ("ring", "VEEGAN (VEEGAN paper, Table 1)", None, 8, 52.9, None),
    ("grid", "GAN (PacGAN paper, Table 1; mean of 10 trials)", 10, 17.3, 94.8, 0.70),
    ("grid", "PacGAN4 (PacGAN paper, Table 1; mean of 10 trials)", 10, 24.8, 93.6, 0.04),
    ("grid", "GAN (VEEGAN paper, Table 1)", None, 3.3, 0.5, None),
    ("grid", "Unrolled GAN (VEEGAN paper, Table 1)", None, 23.6, 16.0, None),
    ("grid", "VEEGAN (VEEGAN paper, Table 1)", None, 24.6, 40.0, None),
]
MODE_COUNT = {"ring": 8, "grid": 25}

RUN_NAME = re.compile(r"^(?P<config>.+)-s(?P<seed>\d+)$")


def number(v):
    """A finite float, or None. summary.json writes NaN (no high-quality sample: reverse KL undefined) as "NaN"."""
    if v is None or isinstance(v, bool):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def stat(values, fmt, unit="", sd_part=True):
    """
    mean ± standard error (sd standard deviation) of the finite values; the value alone for one; n/a for none.
    Values that are missing or not finite (a diverged seed, rKL without a high-quality sample) are left out, and the
    cell then says over how many of the seeds it is. sd_part=False (the compact table): "mean ± s.e." alone, and the
    mean alone when every seed has the same value.
    """
    finite = [x for x in (number(v) for v in values) if x is not None]
    if not finite:
        return "n/a"
    if len(finite) == 1:
        cell = fmt.format(finite[0]) + unit
    else:
        sd = statistics.stdev(finite)
        se = sd / math.sqrt(len(finite))
        if sd_part:
            cell = (fmt + " ± " + fmt + unit + " (sd " + fmt + ")").format(statistics.mean(finite), se, sd)
        elif sd == 0:
            cell = fmt.format(statistics.mean(finite)) + unit
        else:
            cell = (fmt + " ± " + fmt + unit).format(statistics.mean(finite), se)
    return cell if len(finite) == len(values) else f"{cell} [{len(finite)} of {len(values)} seeds]"


def meets_goal(final):
    modes, count = final.get("modesCaptured"), final.get("modeCount")
    hq, rkl = number(final.get("highQualityFraction")), number(final.get("reverseKl"))
    return modes is not None and modes == count and hq is not None and hq >= GOAL_HQ and rkl is not None and rkl <= GOAL_RKL


def averaged(summary, name):
    """The last evaluation of averaged generator `name` ("ema", "uniform") in a summary, or None."""
    block = summary.get("averaged")
    if isinstance(block, dict) and isinstance(block.get(name), dict):
        return block[name]
    # The metrics.jsonl form, "ema/modesCaptured" …, should it appear in "final".
    prefix = name + "/"
    flat = {k[len(prefix):]: v for k, v in (summary.get("final") or {}).items() if k.startswith(prefix)}
    return flat or None


def metric_cells(finals, sd_part=True):
    """
    modes / HQ % / rKL / goal cells of a list of final-evaluation dicts (one per seed; None = no evaluation, e.g. a
    diverged seed, which counts as a seed without the number); four dashes when no seed has one.
    """
    if not any(finals):
        return ["—"] * 4
    finals = [f or {} for f in finals]
    total = next((f.get("modeCount") for f in finals if f.get("modeCount")), None)
    modes = [f.get("modesCaptured") for f in finals]
    hq = [100 * number(f.get("highQualityFraction")) if number(f.get("highQualityFraction")) is not None else None for f in finals]
    rkl = [f.get("reverseKl") for f in finals]
    goal = sum(1 for f in finals if meets_goal(f))
    return [stat(modes, "{:.1f}", f" / {total}" if total else "", sd_part), stat(hq, "{:.1f}", sd_part=sd_part),
            stat(rkl, "{:.3f}", sd_part=sd_part), f"{goal} of {len(finals)}"]


def manifold_cells(finals):
    """precision / recall / density / coverage cells: mean ± s.e. (sd) over the seeds, with the mean floor; "—" when no seed has it."""
    finals = [f or {} for f in finals]
    cells = []
    for key in MANIFOLD:
        if not any(number(f.get(key)) is not None for f in finals):
            cells.append("—")
            continue
        floors = [x for x in (number(f.get("floor_" + key)) for f in finals) if x is not None]
        floor = f" [floor {statistics.mean(floors):.3f}]" if floors else ""
        cells.append(stat([f.get(key) for f in finals], "{:.3f}") + floor)
    return cells


def load(out):
    """Runs by config name: the summaries of its seeds, in seed order."""
    rows = defaultdict(list)
    for name in os.listdir(out):
        match = RUN_NAME.match(name)
        path = os.path.join(out, name, "summary.json")
        if not match:
            continue
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                summary = json.load(f)
        elif os.path.isfile(os.path.join(out, name, "config.json")):
            # A run that has started and written no summary yet (still in its first epochs, or killed there) is a seed
            # of its config without a result, named in the row, not left out of the count.
            summary = {"status": "without summary.json"}
        else:
            continue
        rows[match["config"]].append((int(match["seed"]), summary))
    return {config: [s for _, s in sorted(runs, key=lambda r: r[0])] for config, runs in rows.items()}


def data_of(config):
    return config.split("-", 1)[0]


def ordered(configs):
    """ring rows, then grid rows (known rules first), then any other config."""
    def key(config):
        data = data_of(config)
        rule = config.split("-", 1)[1] if "-" in config else ""
        group = DATA_ORDER.index(data) if data in DATA_ORDER else len(DATA_ORDER)
        rank = RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER)
        return (group, data, rank, config)
    return sorted(configs, key=key)


def table(rows):
    averages = [(name, label) for name, label in AVERAGES if any(averaged(s, name) for runs in rows.values() for s in runs)]
    manifold = any(number((s.get("final") or {}).get(key)) is not None for runs in rows.values() for s in runs for key in MANIFOLD)
    header = ["config", "seeds", "modes", "high-quality %", "reverse KL", "all modes, HQ ≥ 95 %, rKL ≤ 0.03"]
    if manifold:
        header += MANIFOLD
    for _, label in averages:
        header += [f"{label}: modes", f"{label}: HQ %", f"{label}: rKL", f"{label}: goal"]
    header += ["max Re λ (end)", "max \\|Im λ\\| (end)", "steps/s", "status"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def published(data):
        for d, label, trials, modes, hq, rkl in PUBLISHED:
            if d != data:
                continue
            cells = [f"*{data}: {label}*", str(trials) if trials else "—", f"{modes:g} / {MODE_COUNT[data]}", f"{hq:g}",
                     f"{rkl:.2f}" if rkl is not None else "—", "—"]
            cells += ["—"] * (len(MANIFOLD) if manifold else 0)
            cells += ["—"] * (4 * len(averages)) + ["—", "—", "—", "published"]
            lines.append("| " + " | ".join(cells) + " |")

    configs = ordered(rows)
    for i, config in enumerate(configs):
        runs = rows[config]
        cells = [config, str(len(runs))] + metric_cells([r.get("final") for r in runs])
        if manifold:
            cells += manifold_cells([r.get("final") for r in runs])
        for name, _ in averages:
            cells += metric_cells([averaged(r, name) for r in runs])
        probes = [r.get("finalProbe") or {} for r in runs]
        cells += [stat([p.get("max_real") for p in probes], "{:.3f}"), stat([p.get("max_abs_imag") for p in probes], "{:.3f}"),
                  stat([r.get("stepsPerSecond") for r in runs], "{:.0f}"), ", ".join(sorted({str(r.get("status")) for r in runs}))]
        lines.append("| " + " | ".join(cells) + " |")
        data = data_of(config)
        if data in MODE_COUNT and (i + 1 == len(configs) or data_of(configs[i + 1]) != data):
            published(data)
    return "\n".join(lines)


def compact(rows, configs):
    """The README's table: one row per config, the k-NN metrics as means in one cell, then their mean floors."""
    lines = ["| config | steps | modes | high-quality % | reverse KL | goal met | precision / recall / density / coverage |",
             "|---|---|---|---|---|---|---|"]
    floors = defaultdict(list)
    for config in configs:
        runs = rows[config]
        finals = [r.get("final") or {} for r in runs]
        modes, hq, _, goal = metric_cells(finals, sd_part=False)
        # Means only: the full table (without --compact) has the standard errors.
        rkl = [x for x in (number(f.get("reverseKl")) for f in finals) if x is not None]
        means = []
        for key in MANIFOLD:
            values = [x for x in (number(f.get(key)) for f in finals) if x is not None]
            means.append(f"{statistics.mean(values):.2f}" if values else "—")
            floors[(data_of(config), key)] += [x for x in (number(f.get("floor_" + key)) for f in finals) if x is not None]
        steps = {r.get("steps") for r in runs}
        # A seed that did not complete (diverged, interrupted, still running) is named in its row, not passed off as a result.
        unfinished = [str(r.get("status")) for r in runs if r.get("status") != "completed"]
        label = config + (f" ({len(unfinished)} of {len(runs)} seeds {', '.join(sorted(set(unfinished)))})" if unfinished else "")
        cells = [label, ", ".join(f"{s:,}" for s in sorted(x for x in steps if isinstance(x, int))) or "—",
                 modes, hq,
                 f"{statistics.mean(rkl):.3f}" if rkl else "n/a", goal, " / ".join(means)]
        lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    # Per data set: the floors depend on the data (the grid's density floor is above 1), not on the run.
    data_sets = [d for d in dict.fromkeys(data_of(c) for c in configs) if all(floors[(d, key)] for key in MANIFOLD)]
    if data_sets:
        text += "\n\nReal-vs-real floors (precision / recall / density / coverage, mean over the seeds): " + "; ".join(
            d + " " + " / ".join(f"{statistics.mean(floors[(d, key)]):.2f}" for key in MANIFOLD) for d in data_sets)
    return text


def main(argv):
    args = argv[1:]
    compact_mode = bool(args) and args[0] == "--compact"
    if compact_mode:
        args = args[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = args[0]
    if not os.path.isdir(out):
        print(f"mixture_table.py: no folder '{out}'", file=sys.stderr)
        return 2
    rows = load(out)
    if not rows:
        print(f"mixture_table.py: no <config>-s<seed>/summary.json under '{out}'", file=sys.stderr)
        return 1
    configs = args[1:] or ordered(rows)
    missing = [c for c in configs if c not in rows]
    if missing:
        print(f"mixture_table.py: no runs of {', '.join(missing)} under '{out}' (folders <config>-s<seed>)", file=sys.stderr)
        return 2
    if compact_mode:
        print(compact(rows, configs))
        return 0
    # The full table keeps its own order (ring, then grid, each followed by the published rows).
    print(table({c: rows[c] for c in configs}))
    print()
    print("Each cell: mean ± standard error (sd: standard deviation) over the seeds.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
