#!/usr/bin/env python3
"""How a 2-D mixture run's generator fills each mode: the shape behind precision, recall, density and coverage.

Usage: python3 bench/mode_spread.py RUN_DIR EXPORT_DIR [--samples N] [--seed S]
       python3 bench/mode_spread.py RUN_DIR EXPORT_DIR --batch
       python3 bench/mode_spread.py RUN_DIR --real [--samples N] [--seed S]

RUN_DIR is a 2-D mixture run of 'realganlab train'; EXPORT_DIR is what 'realganlab export RUN_DIR --out EXPORT_DIR'
wrote, loaded with interop/realganlab_torch.py (needs PyTorch). The mixture's means and stds come from the export's
export.json ("mixture"); for a ring or grid run they are also rebuilt from RUN_DIR's config.json (data:name, modes,
radius, side, spacing, std) and must agree (an export without a mixture, from an older build, uses the config's).
--real scores N points of the config's ring or grid itself instead of G's (no export): every ratio near 1, every share
near 1/modes — the check that the numbers below mean what they say; --batch scores the real points of the export's
probe batch, drawn by RealGanLab itself (the check that the mixture used here is the run's).

For each mode, over the samples within 3 std of it (PacGAN's high-quality samples, assigned to the nearest mode):
its share of all samples, the standard deviations along the principal axes of those samples (largest, smallest)
divided by the data's std, and the distance of their mean from the mode's centre in data stds. A generator that
hits every mode with samples drawn too tightly around (or beside) the centre has high precision and high-quality
fraction but low coverage and recall: the real points in a mode's outer part have no generated neighbour.
"""
import json
import math
import os
import sys

import torch

HQ_STDS = 3.0
DEFAULT_STD = {"ring": 0.01, "grid": 0.05}


def mixture(config):
    """(means [K, 2], stds [K]) of the run's ring or grid, as Composition/Mixtures.cs builds it; None for other data."""
    data = config["config"]["data"]
    name = data["name"]
    std = data.get("std") or DEFAULT_STD.get(name)
    if name == "ring":
        k, radius = data.get("modes", 8), data.get("radius", 1.0)
        means = [[radius * math.cos(2 * math.pi * i / k), radius * math.sin(2 * math.pi * i / k)] for i in range(k)]
    elif name == "grid":
        side, spacing = data.get("side", 5), data.get("spacing", 2.0)
        offset = (side - 1) * spacing / 2
        means = [[i * spacing - offset, j * spacing - offset] for i in range(side) for j in range(side)]
    else:
        return None
    return torch.tensor(means, dtype=torch.float64), torch.full((len(means),), float(std), dtype=torch.float64)


def exported_mixture(folder):
    """(means [K, 2], stds [K]) from an export's export.json, or None when it has no "mixture" (an image game)."""
    with open(os.path.join(folder, "export.json"), encoding="utf-8") as f:
        block = json.load(f).get("mixture")
    if not block:
        return None
    return torch.tensor(block["means"], dtype=torch.float64), torch.tensor(block["stds"], dtype=torch.float64)


def spread(points, means, stds):
    """Rows (mode, share, largest std ratio, smallest std ratio, offset in stds) and the high-quality fraction."""
    distance, nearest = torch.cdist(points, means).min(dim=1)
    hq = distance < HQ_STDS * stds[nearest]
    rows = []
    for k in range(means.shape[0]):
        mine = points[hq & (nearest == k)]
        share = mine.shape[0] / points.shape[0]
        if mine.shape[0] < 3:
            rows.append((k, share, float("nan"), float("nan"), float("nan")))
            continue
        centred = mine - mine.mean(dim=0)
        sd = torch.linalg.eigvalsh(centred.T @ centred / (mine.shape[0] - 1)).clamp(min=0).sqrt()
        offset = (mine.mean(dim=0) - means[k]).norm().item()
        std = stds[k].item()
        rows.append((k, share, sd[1].item() / std, sd[0].item() / std, offset / std))
    return rows, hq.double().mean().item()


def main(argv):
    args = argv[1:]
    options = {"--samples": 20000, "--seed": 1}
    for key in list(options):
        if key in args:
            i = args.index(key)
            try:
                options[key] = int(args[i + 1])
            except (IndexError, ValueError):
                print(f"mode_spread.py: {key} takes a whole number", file=sys.stderr)
                return 2
            del args[i:i + 2]
    real, batch = "--real" in args, "--batch" in args
    for flag in ("--real", "--batch"):
        if flag in args:
            args.remove(flag)
    if real and batch:
        print("mode_spread.py: --real and --batch exclude each other", file=sys.stderr)
        return 2
    if len(args) != (1 if real else 2) or any(a.startswith("-") for a in args):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    config_path = os.path.join(args[0], "config.json")
    if not os.path.isfile(config_path):
        print(f"mode_spread.py: '{args[0]}' has no config.json (a run directory of 'realganlab train')", file=sys.stderr)
        return 2
    with open(config_path, encoding="utf-8") as f:
        from_config = mixture(json.load(f))
    exported = None if real else exported_mixture(args[1])
    # An export from before export.json carried the mixture: the config's ring or grid stands in.
    geometry = exported or from_config
    if geometry is None:
        print(f"mode_spread.py: neither {config_path} (data:name ring or grid) nor an export.json mixture gives the modes;"
              " only 2-D mixture runs have modes to measure", file=sys.stderr)
        return 2
    means, stds = geometry
    # The export's mixture is the run's own; the config's rebuild must agree (the check that both say the same).
    if exported is not None and from_config is not None and (from_config[0].shape != means.shape or not torch.allclose(from_config[0], means)
                                                 or not torch.allclose(from_config[1], stds)):
        print(f"mode_spread.py: the mixture in {args[1]}/export.json differs from the one {config_path} describes", file=sys.stderr)
        return 2
    n = options["--samples"]
    torch.manual_seed(options["--seed"])
    if real:
        modes = torch.randint(0, means.shape[0], (n,))
        points = means[modes] + stds[modes, None] * torch.randn(n, 2, dtype=torch.float64)
    elif batch:
        points = torch.load(os.path.join(args[1], "batch.pt"))["real"].double()
        n = points.shape[0]
    else:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
        import realganlab_torch
        players = realganlab_torch.load(args[1])
        generator = players["generator"].eval()
        with torch.no_grad():
            points = generator(torch.randn(n, players["description"]["generator"]["inputs"])).double()
    rows, hq = spread(points, means, stds)
    source = "real mixture" if real else f"{args[1]}, the probe batch's real points" if batch else args[1]
    low, high = stds.min().item(), stds.max().item()
    print(f"{source}: {n} samples, high-quality fraction {hq:.3f}, data std {low:g}" + (f"–{high:g}" if high > low else ""))
    print("| mode | share | largest std ÷ data std | smallest std ÷ data std | mean offset (data stds) |")
    print("|---|---|---|---|---|")
    for k, share, major, minor, offset in rows:
        print(f"| {k} | {share:.3f} | {major:.2f} | {minor:.2f} | {offset:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
