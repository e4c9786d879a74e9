#!/usr/bin/env python3
"""Train a GAN on a 2-D ring in plain PyTorch, then hand it to RealGanLab's probe.

The networks are realganlab_torch's (the same layers and parameter names as RealGanLab's), sized from a config that
RealGanLab resolved, so that `--init-from` loads them strictly:

    realganlab config --config configs/ring-simgd.json > ring.json      # every setting, resolved
    python3 interop/train_ring_pytorch.py ring.json weights/ --steps 2000
    realganlab probe runs/pt-ring --config configs/ring-simgd.json --init-from weights/

The training loop is the usual PyTorch one — the non-saturating loss, simultaneous Adam steps of both players on
the same batch, a constant learning rate — written without RealGanLab's help; only the sizes, the data and the
optimizer settings are read from the config. The probe then reports the Jacobian spectrum of the game at the
weights, the players' Hessian extremes and the radius of the update operator of the config's rule.
"""
import argparse
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realganlab_torch as rgl  # noqa: E402


def ring_sampler(data):
    """The ring mixture of the config: data:modes modes on a circle of data:radius, std data:std (0.01 unset)."""
    modes, radius, std = data["modes"], data["radius"], data.get("std") or 0.01
    angles = torch.arange(modes, dtype=torch.float32) * (2 * math.pi / modes)
    means = radius * torch.stack([angles.cos(), angles.sin()], dim=1)

    def sample(n):
        return means[torch.randint(modes, (n,))] + std * torch.randn(n, 2)
    return sample


def main(argv):
    parser = argparse.ArgumentParser(description="Train a ring GAN in PyTorch; write weights for realganlab --init-from.")
    parser.add_argument("config", help="a config resolved by 'realganlab config --config FILE' (JSON)")
    parser.add_argument("out", help="folder for generator.pt and discriminator.pt")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv[1:])
    with open(args.config) as f:
        config = json.load(f)
    if config["game"]["name"] != "mlp" or config["data"]["name"] != "ring":
        parser.error("the config must be an mlp game on the ring (e.g. configs/ring-simgd.json)")
    torch.manual_seed(args.seed)
    g_config, d_config = config["generator"], config["discriminator"]
    G = rgl.Mlp(g_config["latent"], 2, g_config["hiddenLayers"], g_config["width"], g_config["activation"], g_config["normalization"])
    D = rgl.PackedDiscriminator(2, d_config["pack"], d_config["hiddenLayers"], d_config["width"], d_config["activation"], d_config["normalization"])
    opt = config["optimizer"]
    betas = (opt["beta1"], opt["beta2"])
    g_opt = torch.optim.Adam(G.parameters(), lr=opt["lr"], betas=betas, eps=opt["eps"])
    d_opt = torch.optim.Adam(D.parameters(), lr=opt.get("lrD") or opt["lr"], betas=betas, eps=opt["eps"])
    sample, batch = ring_sampler(config["data"]), config["game"]["batchSize"]
    softplus = nn.functional.softplus
    for step in range(1, args.steps + 1):
        real, fake = sample(batch), G(torch.randn(batch, g_config["latent"]))
        d_loss = softplus(-D(real)).mean() + softplus(D(fake)).mean()   # D: real → positive scores
        g_loss = softplus(-D(fake)).mean()                              # non-saturating G
        g_opt.zero_grad()
        d_opt.zero_grad()
        # Simultaneous: both gradients at the same point, then both steps.
        g_grads = torch.autograd.grad(g_loss, list(G.parameters()), retain_graph=True)
        d_grads = torch.autograd.grad(d_loss, list(D.parameters()))
        for p, gr in zip(G.parameters(), g_grads):
            p.grad = gr
        for p, gr in zip(D.parameters(), d_grads):
            p.grad = gr
        g_opt.step()
        d_opt.step()
        if step % 500 == 0 or step == args.steps:
            print(f"step {step}: L_D {d_loss.item():.4f}  L_G {g_loss.item():.4f}")
    rgl.save(G, D, args.out)
    print(f"wrote {args.out}/generator.pt and {args.out}/discriminator.pt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
