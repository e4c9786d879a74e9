#!/usr/bin/env python3
"""Compare two run directories' numbers: metrics.jsonl, probe.jsonl and summary.json, record by record, leaving out
the keys that hold timings, paths, dates and versions. Checks that a change which must not alter behaviour did not:
train the same config and seed with the old and the new build, then
    python3 bench/compare_runs.py OLD_RUN NEW_RUN
prints IDENTICAL per file (exit 0) or the first differing record's keys (exit 1)."""
import json, re, sys, os
SKIP = re.compile(r'(_ms$|time|second|wall|elapsed|duration|perS|per_s|steps/s|date|started|finished|path|dir|host|commit|version|machine|utc|at$|share)', re.I)
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if not SKIP.search(k)}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
def load(p):
    if p.endswith('.jsonl'):
        return [strip(json.loads(l)) for l in open(p) if l.strip()]
    return strip(json.load(open(p)))
a, b = sys.argv[1], sys.argv[2]
bad = 0
for f in ['metrics.jsonl', 'probe.jsonl', 'summary.json']:
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if not os.path.exists(pa) and not os.path.exists(pb): continue
    if not (os.path.exists(pa) and os.path.exists(pb)):
        print(f'{f}: present in one only'); bad += 1; continue
    x, y = load(pa), load(pb)
    if x == y:
        n = len(x) if isinstance(x, list) else 1
        print(f'{f}: IDENTICAL ({n} records)')
    else:
        bad += 1
        if isinstance(x, list):
            print(f'{f}: DIFFER ({len(x)} vs {len(y)} records)')
            for i, (r, s) in enumerate(zip(x, y)):
                if r != s:
                    ks = sorted(set(r) | set(s))
                    print('  first differing record', i, [(k, r.get(k), s.get(k)) for k in ks if r.get(k) != s.get(k)][:8]); break
        else:
            ks = sorted(set(x) | set(y))
            print(f'{f}: DIFFER', [(k, x.get(k), y.get(k)) for k in ks if x.get(k) != y.get(k)][:10])
sys.exit(1 if bad else 0)
