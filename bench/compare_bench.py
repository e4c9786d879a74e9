#!/usr/bin/env python3
"""Compares two step-time benchmark files (`realganlab bench --json` and bench/pytorch_reference.py --json).

Usage: python3 bench/compare_bench.py A.json B.json
Prints a Markdown table, one row per (model, rule) present in both files: model | rule | params | A median ms |
B median ms | A/B (A's median over B's: above 1 means A is slower). With A = TorchSharp and B = PyTorch the last column
is the TorchSharp/PyTorch step-time ratio. Warns on stderr when a row's parameter count or batch size differs between
the files (the two sides then did not time the same model) and when the runs differ in device, dtype, threads,
warmup or steps; rows present in only one file are listed after the table.
"""

import json
import sys


def load(path):
    try:
        with open(path) as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"{path}: {e}")
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        sys.exit(f"{path}: not a benchmark file (no \"results\" list)")
    return document


def label(document, path):
    return str(document.get("tool") or path)


def rows(document, path):
    table = {}
    for result in document["results"]:
        key = (result.get("model"), result.get("rule"))
        if key in table:
            print(f"warning: {path}: {key[0]}/{key[1]} appears more than once; the last one is used", file=sys.stderr)
        table[key] = result
    return table


def number(value, digits):
    return "—" if value is None else f"{value:.{digits}f}"


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: compare_bench.py A.json B.json")
    path_a, path_b = argv
    a, b = load(path_a), load(path_b)
    name_a, name_b = label(a, path_a), label(b, path_b)
    if name_a == name_b:
        name_a, name_b = f"{name_a} (A)", f"{name_b} (B)"

    for key in ("device", "dtype", "threads", "warmup", "steps"):
        if a.get(key) != b.get(key):
            print(f"warning: {key} differs: {name_a} {a.get(key)!r}, {name_b} {b.get(key)!r}", file=sys.stderr)
    if a.get("device_name") != b.get("device_name"):
        print(f"warning: device_name differs: {name_a} {a.get('device_name')!r}, {name_b} {b.get('device_name')!r}",
              file=sys.stderr)

    rows_a, rows_b = rows(a, path_a), rows(b, path_b)
    print(f"A = {name_a} {a.get('version', '?')} (libtorch {a.get('libtorch', '?')}), "
          f"B = {name_b} {b.get('version', '?')} (libtorch {b.get('libtorch', '?')}); "
          f"device {a.get('device', '?')} ({a.get('device_name', '?')}), threads {a.get('threads', '?')}/{b.get('threads', '?')}, "
          f"{a.get('dtype', '?')}, warmup {a.get('warmup', '?')}, steps {a.get('steps', '?')}")
    print()
    print(f"| model | rule | params | {name_a} median ms | {name_b} median ms | {name_a}/{name_b} |")
    print("|---|---|---:|---:|---:|---:|")
    for key in [k for k in rows_a if k in rows_b]:
        ra, rb = rows_a[key], rows_b[key]
        model, rule = key
        params_a, params_b = ra.get("parameters"), rb.get("parameters")
        if params_a != params_b:
            print(f"warning: {model}/{rule}: parameters differ: {name_a} {params_a}, {name_b} {params_b}", file=sys.stderr)
        if ra.get("batch") != rb.get("batch"):
            print(f"warning: {model}/{rule}: batch differs: {name_a} {ra.get('batch')}, {name_b} {rb.get('batch')}",
                  file=sys.stderr)
        params = f"{params_a:,}" if params_a == params_b and isinstance(params_a, int) else f"{params_a} / {params_b}"
        ma, mb = ra.get("median_ms"), rb.get("median_ms")
        ratio = f"{ma / mb:.2f}" if isinstance(ma, (int, float)) and isinstance(mb, (int, float)) and mb > 0 else "—"
        print(f"| {model} | {rule} | {params} | {number(ma, 3)} | {number(mb, 3)} | {ratio} |")

    only_a = [k for k in rows_a if k not in rows_b]
    only_b = [k for k in rows_b if k not in rows_a]
    for name, only in ((name_a, only_a), (name_b, only_b)):
        if only:
            print()
            print(f"Only in {name}: " + ", ".join(f"{m}/{r}" for m, r in only))
            print(f"warning: {len(only)} row(s) only in {name}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
