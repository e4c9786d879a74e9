#!/usr/bin/env python3
"""PyTorch reference for `realganlab bench`: times the same GAN training steps as RealGanLab's C#/TorchSharp code.

What it mirrors (in src/RealGanLab.Core/ unless named: Composition/ and Configuration/ are in
src/RealGanLab.Composition/), op for op where it matters for the work done per step:
  networks   Networks/Mlp.cs, PackedDiscriminator.cs (pack 1), DcganGenerator.cs, DcganDiscriminator.cs,
             DcganDownsampler.cs, ConvNormalization.cs (BatchNorm / GroupNorm(1, C) as layer norm), Activations.cs
  game       Games/GanGame.cs (L_D = -(E f1(D(x)) + E f2(D(G(z)))), L_G = -E f3(D(G(z))), regularizer added to L_D),
             Games/LossGame.cs (v = (-grad_theta L_G, -grad_psi L_D): one autograd.grad call per player, retain_graph),
             Games/MixtureGan.cs, Games/ImageGan.cs, Games/FieldEvaluation.cs, Games/GameBatch.cs,
             Losses/NonSaturatingLoss.cs, Regularizers/R1Penalty.cs + InputGradient.cs
  data       Data/GaussianMixture.cs + Composition/Mixtures.cs (ring of 8, radius 1, std 0.01: drawn on the CPU in float64, then
             cast and copied), Data/ImageData.cs + ShuffledOrder.cs (MNIST kept as uint8 on the device, a batch is an
             index_select by the shuffled epoch order, then scaled to [-1, 1]; here random bytes replace the digits),
             Numerics/Draws.cs (latent codes drawn from a seeded CPU generator, then copied to the device),
             Numerics/RandomStreams.cs (the stream seeds)
  rules      Rules/SimultaneousGradientDescent.cs, Rules/ConsensusOptimization.cs with Estimators/BatchMeanEstimator.cs
             (v with create_graph, then one grad of 0.5*v.v over all parameters), Numerics/Autodiff.cs,
             Rules/StepResult.cs (the scalars a step reads back: losses, |v| per player, regularizer terms)
  optimizer  Optimizers/PlayerOptimizers.cs + Composition/OptimizerFactory.cs: one Adam per player; the followed field d is written
             as p.grad = -d (the sign: v is minus the gradient), each optimizer steps, then p.grad = None.
             TorchSharp 0.107's Adam is a per-parameter loop of mul_/add_/addcmul_/sqrt/addcdiv_, i.e. PyTorch's
             single-tensor Adam, so the default here is --adam single (torch.optim.Adam, foreach=False);
             --adam mirror runs TorchSharp's Adam.step transcribed op for op (PyTorch 2.x's single-tensor Adam differs
             in small ways: lerp_ for the first moment, a tensor step count); --adam default/foreach/fused time
             PyTorch's own choices instead (on CUDA PyTorch defaults to foreach).
  configs    Configuration/train-defaults.json (mlp), configs/mnist-simgd.json, mnist-consensus.json, mnist-r1.json
             (dcgan), configs/gpu/mnist-simgd.json (dcgan-64).

Models (parameter counts, computed by hand from the C# code; the script asserts them):
  mlp       G: Linear 16->128, 2x Linear 128->128, Linear 128->2 (ReLU)          = 2176 + 2*16512 + 258 = 35,458
            D: Linear 2->128, Linear 128->128, Linear 128->1 (ReLU), pack 1     = 384 + 16512 + 129     = 17,025
            total 52,483; batch 256; Adam lr 1e-3, betas (0.5, 0.999)
  dcgan     latent 64, width 32, depth 0, G batch norm, D layer norm; batch 64; Adam lr 2e-4, betas (0.5, 0.999)
            G: Linear 64->3136 (203,840) + BatchNorm1d(3136) (6,272) + ConvT 64->32 4x4 (32,800) + BatchNorm2d(32) (64)
               + ConvT 32->1 4x4 (513)                                                                  = 243,489
            D: Conv 1->32 4x4 (544) + Conv 32->64 4x4 (32,832) + GroupNorm(1, 64) (128) + Linear 3136->1 (3,137) = 36,641
            total 280,130
  dcgan-64  latent 100, width 64 (otherwise as dcgan)
            G: Linear 100->6272 (633,472) + BatchNorm1d(6272) (12,544) + ConvT 128->64 (131,136) + BatchNorm2d(64)
               (128) + ConvT 64->1 (1,025)                                                               = 778,305
            D: Conv 1->64 (1,088) + Conv 64->128 (131,200) + GroupNorm(1, 128) (256) + Linear 6272->1 (6,273) = 138,817
            total 917,122
Rules: simgd; consensus (gamma 1.0 for mlp, 0.01 for the dcgan models, estimator "batch"); r1 (simgd with R1 on D,
weight 1.0 for mlp, 10.0 for the dcgan models).

Timing protocol (the same as `realganlab bench`): for each (model, rule) the networks are built afresh after
torch.manual_seed(0) (D before G for the image models, as GameFactory does), the data stream is seeded as in
Trainer.cs, --warmup steps run untimed, then --steps steps are timed one by one with time.perf_counter from before
the batch is drawn to after the optimizer step and the step's scalar read-back (what rule.Step does in C#), with
torch.cuda.synchronize() before each clock read on CUDA. Reported: the median in ms and steps/s = 1000 / median.

Usage:
  python3 bench/pytorch_reference.py [--device cpu|cuda] [--models mlp,dcgan,dcgan-64] [--rules simgd,consensus,r1]
                                     [--warmup 10] [--steps 50] [--threads N] [--adam single] [--json FILE]
  python3 bench/pytorch_reference.py --check          # one step of each rule on mlp, sanity assertions, no timing
Side by side:
  realganlab bench --device cuda --json ts.json; python3 bench/pytorch_reference.py --device cuda --json pt.json; python3 bench/compare_bench.py ts.json pt.json
Runs on PyTorch 1.13 (Debian 12's python3-torch: use /usr/bin/python3) and 2.x.
"""

import argparse
import ctypes
import datetime
import json
import math
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPE = torch.float32
SEED = 0  # ExperimentConfig's default seed; GameFactory calls torch.manual_seed(seed) before building the networks.

# Expected parameter counts, worked out by hand from the C# networks (see the docstring).
EXPECTED_PARAMETERS = {"mlp": 52483, "dcgan": 280130, "dcgan-64": 917122}

MODELS = {
    # name: settings from train-defaults.json / configs/mnist-*.json / configs/gpu/mnist-simgd.json
    "mlp": dict(kind="mlp", latent=16, g_hidden=3, d_hidden=2, width=128, batch=256, lr=1e-3,
                consensus_gamma=1.0, r1=1.0),
    "dcgan": dict(kind="dcgan", latent=64, width=32, depth=0, batch=64, lr=2e-4, consensus_gamma=0.01, r1=10.0),
    "dcgan-64": dict(kind="dcgan", latent=100, width=64, depth=0, batch=64, lr=2e-4, consensus_gamma=0.01, r1=10.0),
}
RULES = ("simgd", "consensus", "r1")
BETAS = (0.5, 0.999)
EPS = 1e-8

MASK64 = (1 << 64) - 1
STREAM_TRAINING = 0  # Training/RandomStreams.cs
STREAM_DATA_ORDER = 4


def stream_seed(seed, stream):
    """RandomStreams.Seed: SplitMix64 of (seed, stream)."""
    z = ((seed & 0xFFFFFFFF) * 0x9E3779B97F4A7C15 + stream * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def cpu_generator(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


# ---------------------------------------------------------------------------------------------------------------- networks

class Mlp(nn.Module):
    """Networks/Mlp.cs without normalization: [Linear -> ReLU] x hidden -> Linear."""

    def __init__(self, inputs, outputs, hidden_layers, width):
        super().__init__()
        self.blocks = nn.ModuleList()
        fan_in = inputs
        for _ in range(hidden_layers):
            self.blocks.append(nn.Linear(fan_in, width))
            fan_in = width
        self.blocks.append(nn.Linear(fan_in, outputs))

    def forward(self, x):
        last = len(self.blocks) - 1
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i < last:
                x = F.relu(x)
        return x


class PackedDiscriminator(nn.Module):
    """Networks/PackedDiscriminator.cs with pack 1: the MLP's output squeezed to [n]."""

    def __init__(self, data_dimension, hidden_layers, width):
        super().__init__()
        self.network = Mlp(data_dimension, 1, hidden_layers, width)

    def forward(self, x):
        return self.network(x).squeeze(-1)


SIDE, BASE = 28, 7  # Networks/ImageShape.cs


class DcganGenerator(nn.Module):
    """Networks/DcganGenerator.cs, normalization batch: relu(BN1d(Linear(z))) -> [2w,7,7] -> ConvT -> BN2d -> ReLU ->
    ConvT -> tanh, flattened to [n, C*784]."""

    def __init__(self, latent, width, depth, channels=1):
        super().__init__()
        self.width = width
        wide = 2 * width
        self.project = nn.Linear(latent, wide * BASE * BASE)
        self.project_norm = nn.BatchNorm1d(wide * BASE * BASE)
        layers = []
        for _ in range(depth):
            layers += [nn.Conv2d(wide, wide, 3, padding=1), nn.BatchNorm2d(wide), nn.ReLU()]
        layers += [nn.ConvTranspose2d(wide, width, 4, stride=2, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
                   nn.ConvTranspose2d(width, channels, 4, stride=2, padding=1), nn.Tanh()]
        self.body = nn.Sequential(*layers)

    def forward(self, z):
        h = F.relu(self.project_norm(self.project(z)))
        h = h.view(-1, 2 * self.width, BASE, BASE)
        return self.body(h).flatten(1)


class DcganDiscriminator(nn.Module):
    """Networks/DcganDiscriminator.cs + DcganDownsampler.cs, normalization layer (GroupNorm with one group):
    [n, C*784] -> Conv 4x4/2 -> LeakyReLU(0.2) -> Conv 4x4/2 -> GroupNorm -> LeakyReLU -> Linear -> [n, 1]."""

    def __init__(self, width, depth, channels=1):
        super().__init__()
        self.channels = channels
        wide = 2 * width
        layers = [nn.Conv2d(channels, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
                  nn.Conv2d(width, wide, 4, stride=2, padding=1), nn.GroupNorm(1, wide), nn.LeakyReLU(0.2)]
        for _ in range(depth):
            layers += [nn.Conv2d(wide, wide, 3, padding=1), nn.GroupNorm(1, wide), nn.LeakyReLU(0.2)]
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(wide * BASE * BASE, 1)

    def forward(self, x):
        return self.head(self.body(x.view(-1, self.channels, SIDE, SIDE)).flatten(1))


# -------------------------------------------------------------------------------------------------------------------- data

class RingMixture:
    """Data/GaussianMixture.cs with Mixtures.Ring(8, 1.0, 0.01)."""

    def __init__(self, modes=8, radius=1.0, std=0.01):
        self.means = [[radius * math.cos(2 * math.pi * k / modes), radius * math.sin(2 * math.pi * k / modes)]
                      for k in range(modes)]
        self.stds = [std] * modes
        self.dimension = 2

    def sample(self, n, generator, dtype, device):
        modes = len(self.means)
        index = torch.randint(0, modes, (n,), dtype=torch.int64, generator=generator)
        offsets = torch.randn((n, self.dimension), dtype=torch.float64, generator=generator)
        means = torch.tensor([x for m in self.means for x in m], dtype=torch.float64).reshape(modes, self.dimension)
        stds = torch.tensor(self.stds, dtype=torch.float64)
        samples = means.index_select(0, index).add(offsets.mul(stds.index_select(0, index).unsqueeze(1)))
        return samples.to(dtype).to(device)


class ShuffledOrder:
    """Data/ShuffledOrder.cs: epoch after epoch a fresh permutation of all indices, seeded by (seed, epoch, stream)."""

    def __init__(self, seed, count, streams):
        self.seed, self.count, self.streams = seed, count, streams
        self.cache = {}

    def take(self, start, n):
        columns = []
        for s in range(self.streams):
            parts, position, left = [], start, n
            while left > 0:
                epoch, offset = divmod(position, self.count)
                length = min(left, self.count - offset)
                parts.append(self.permutation(epoch, s)[offset:offset + length])
                position += length
                left -= length
            columns.append(parts[0] if len(parts) == 1 else torch.cat(parts))
        return torch.stack(columns, 1)  # [n, streams] int64 on the CPU

    def permutation(self, epoch, stream):
        key = (epoch, stream)
        if key not in self.cache:
            for old in [k for k in self.cache if k[0] < epoch - 1]:
                del self.cache[old]
            mixed = (self.seed ^ ((epoch * 0x9E3779B97F4A7C15) & MASK64)
                     ^ (((stream + 1) * 0xD1B54A32D192ED03) & MASK64)) & MASK64
            self.cache[key] = torch.randperm(self.count, generator=cpu_generator(mixed))
        return self.cache[key]


class ImageData:
    """Data/ImageData.cs for MNIST (1 channel): the training images as uint8 [60000, 28, 28] on the device (random
    bytes stand in for the digits), gathered by the shuffled order and scaled to [-1, 1] (MnistSet.ToFloat)."""

    COUNT = 60000

    def __init__(self, device, channels=1):
        bytes_generator = cpu_generator(12345)  # not the global generator: network initialisation stays as in C#
        self.images = torch.randint(0, 256, (self.COUNT, SIDE, SIDE), dtype=torch.uint8,
                                    generator=bytes_generator).to(device)
        self.channels = channels
        self.order = ShuffledOrder(stream_seed(SEED, STREAM_DATA_ORDER), self.COUNT, channels)
        self.cursor = 0
        self.dimension = channels * SIDE * SIDE

    def next(self, n, dtype, device):
        indices = self.order.take(self.cursor, n)
        self.cursor += n
        picked = self.images.index_select(0, indices.flatten().to(self.images.device))
        floats = picked.to(dtype).div(127.5).sub(1.0).unsqueeze(-3).view(indices.shape[0], -1)
        return floats.to(device)


# -------------------------------------------------------------------------------------------------------------------- game

def real_payoff(d):       # NonSaturatingLoss f1
    return F.softplus(d.neg()).neg()


def fake_payoff(d):       # f2
    return F.softplus(d).neg()


def generator_payoff(d):  # f3
    return F.softplus(d.neg()).neg()


def flatten(tensors):
    """Numerics/Vectors.Flatten."""
    parts = [t.reshape(-1) for t in tensors]
    return parts[0] if len(parts) == 1 else torch.cat(parts, 0)


def or_zeros(grads, like):
    return [torch.zeros_like(p) if g is None else g for g, p in zip(grads, like)]


class Batch:
    def __init__(self, real, latent):
        self.real, self.latent = real, latent


class Evaluation:
    """Games/FieldEvaluation.cs."""

    def __init__(self, losses, field, terms):
        self.losses, self.field, self.terms = losses, field, terms

    def flat(self):
        return flatten(self.field)


class Game:
    """A GanGame (MixtureGan or ImageGan) with the non-saturating loss and optionally R1 on D."""

    def __init__(self, model, device, r1_weight=0.0):
        spec = MODELS[model]
        self.model, self.device, self.r1_weight = model, device, r1_weight
        self.latent_dimension = spec["latent"]
        self.batch_size = spec["batch"]
        torch.manual_seed(SEED)
        if spec["kind"] == "mlp":
            self.data = RingMixture()
            self.generator = Mlp(spec["latent"], self.data.dimension, spec["g_hidden"], spec["width"])
            self.discriminator = PackedDiscriminator(self.data.dimension, spec["d_hidden"], spec["width"])
            self.generator.to(DTYPE).to(device)
            self.discriminator.to(DTYPE).to(device)
            self.images = None
        else:
            # GameFactory.CreateImageGan: data, then D, then G.
            self.images = ImageData(device)
            self.discriminator = DcganDiscriminator(spec["width"], spec["depth"])
            self.discriminator.to(DTYPE).to(device)
            self.generator = DcganGenerator(spec["latent"], spec["width"], spec["depth"])
            self.generator.to(DTYPE).to(device)
        self.players = [list(self.generator.parameters()), list(self.discriminator.parameters())]
        self.parameters = self.players[0] + self.players[1]
        self.counts = [sum(p.numel() for p in ps) for ps in self.players]
        self.offsets = [0, self.counts[0]]
        self.parameter_count = sum(self.counts)
        self.rng = cpu_generator(stream_seed(SEED, STREAM_TRAINING))  # Trainer.cs: dataRng

    def sample_training_batch(self, size):
        """GanGame.SampleTrainingBatch / ImageGan.SampleTrainingBatch, then GanGame.Draw (latent codes only)."""
        if self.images is None:
            real = self.data.sample(size, self.rng, DTYPE, self.device)
        else:
            real = self.images.next(size, DTYPE, self.device)
        latent = torch.randn((size, self.latent_dimension), dtype=DTYPE, generator=self.rng).to(self.device)
        return Batch(real, latent)

    def r1_term(self, real):
        """R1Penalty.Term = InputGradient.SquaredNorm(D, real, group 1).mean() * 0.5."""
        x = real if real.requires_grad else real.detach().requires_grad_(True)
        output = self.discriminator(x)
        g = torch.autograd.grad([output.sum()], [x], retain_graph=True, create_graph=True, allow_unused=True)[0]
        if g is None:
            return torch.zeros(x.shape[0], dtype=x.dtype, device=x.device).mean().mul(0.5)
        return g.square().reshape(x.shape[0], -1).sum(1).mean().mul(0.5)

    def player_losses(self, batch, terms):
        """GanGame.PlayerLosses."""
        real = batch.real
        generated = self.generator(batch.latent)
        d_real = self.discriminator(real)
        d_fake = self.discriminator(generated)
        loss_d = real_payoff(d_real).mean().add(fake_payoff(d_fake).mean()).neg()
        loss_g = generator_payoff(d_fake).mean().neg()
        if self.r1_weight > 0:
            term = self.r1_term(real)
            terms["r1"] = term
            loss_d = loss_d.add(term.mul(self.r1_weight))
        return loss_g, loss_d

    @staticmethod
    def negative_gradient(loss, inputs, create_graph):
        """LossGame.NegativeGradient."""
        if not loss.requires_grad:
            return [torch.zeros_like(p) for p in inputs]
        grads = torch.autograd.grad([loss], inputs, retain_graph=True, create_graph=create_graph, allow_unused=True)
        return [g.neg() for g in or_zeros(grads, inputs)]

    def evaluate(self, batch, create_graph):
        """LossGame.Evaluate: v = (-grad_theta L_G, -grad_psi L_D)."""
        terms = {}
        loss_g, loss_d = self.player_losses(batch, terms)
        field = (self.negative_gradient(loss_g, self.players[0], create_graph)
                 + self.negative_gradient(loss_d, self.players[1], create_graph))
        return Evaluation([loss_g, loss_d], field, terms)


# --------------------------------------------------------------------------------------------------------------- optimizer

class MirrorAdam:
    """TorchSharp 0.107's Adam.step, op for op (src/TorchSharp/Optimizers/Adam.cs): state allocated up front, then per
    parameter exp_avg.mul_.add_, exp_avg_sq.mul_.addcmul_, denom = sqrt / sqrt(bc2) + eps, param.addcdiv_."""

    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr
        self.state = [dict(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p)) for p in self.params]

    @torch.no_grad()
    def step(self):
        beta1, beta2 = BETAS
        for p, state in zip(self.params, self.state):
            grad = p.grad
            if grad is None:
                continue
            state["step"] += 1
            bias_correction1 = 1 - beta1 ** state["step"]
            bias_correction2 = 1 - beta2 ** state["step"]
            state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
            state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
            denom = (state["exp_avg_sq"].sqrt() / math.sqrt(bias_correction2)).add_(EPS)
            p.addcdiv_(state["exp_avg"], denom, value=-self.lr / bias_correction1)


def make_adam(params, lr, impl):
    if impl == "mirror":
        return MirrorAdam(params, lr)
    kwargs = {}
    if impl == "single":
        kwargs["foreach"] = False
    elif impl == "foreach":
        kwargs["foreach"] = True
    elif impl == "fused":
        kwargs["fused"] = True
    return torch.optim.Adam(params, lr=lr, betas=BETAS, eps=EPS, **kwargs)


class PlayerOptimizers:
    """Optimizers/PlayerOptimizers.cs: one Adam per player; a direction d is applied as grad = -d."""

    def __init__(self, game, lr, impl):
        self.game = game
        self.optimizers = [make_adam(ps, lr, impl) for ps in game.players]

    def apply(self, player, direction):
        parameters = self.game.players[player]
        for p, d in zip(parameters, direction):
            p.grad = d.detach().neg()
        self.optimizers[player].step()
        for p in parameters:
            p.grad = None

    def apply_flat(self, player, flat_direction):
        part = flat_direction.narrow(0, self.game.offsets[player], self.game.counts[player])
        views, offset = [], 0
        for p in self.game.players[player]:  # Vectors.Unflatten
            n = p.numel()
            views.append(part.narrow(0, offset, n).view(p.shape))
            offset += n
        self.apply(player, views)

    def apply_all(self, flat_direction):
        for i in range(len(self.game.players)):
            self.apply_flat(i, flat_direction)


# ------------------------------------------------------------------------------------------------------------------- rules

def step_result(evaluation, game, extra=None):
    """Rules/StepResult.From: the scalars a step reads back, in one host copy (one synchronisation on CUDA)."""
    flat = evaluation.flat().detach()
    extra = extra or {}
    names = list(evaluation.terms) + list(extra)
    scalars = ([loss.detach() for loss in evaluation.losses]
               + [flat.narrow(0, game.offsets[i], game.counts[i]).norm() for i in range(2)]
               + [v.detach() for v in evaluation.terms.values()] + [v.detach() for v in extra.values()])
    values = torch.cat([t.reshape(1).to(torch.float64) for t in scalars]).cpu().tolist()
    n = len(evaluation.losses)
    return dict(losses=values[:n], norms=values[n:n + 2], terms=dict(zip(names, values[n + 2:])))


def simgd_step(game, optimizers, next_batch, gamma):
    """SimultaneousGradientDescent.Step (the r1 rule is this step on a game with R1)."""
    evaluation = game.evaluate(next_batch(), create_graph=False)
    optimizers.apply_all(evaluation.flat())
    return step_result(evaluation, game)


def consensus_step(game, optimizers, next_batch, gamma):
    """ConsensusOptimization.Step with the "batch" estimator: follow v - gamma * grad(0.5 * v.v)."""
    batch = next_batch()
    evaluation = game.evaluate(batch, create_graph=True)
    v = evaluation.flat()
    squared_norm = v.dot(v)  # BatchMeanEstimator
    scalar = squared_norm.mul(0.5)  # Autodiff.Gradient over all parameters, createGraph false
    grads = torch.autograd.grad([scalar], game.parameters, retain_graph=True, create_graph=False, allow_unused=True)
    grad_l = flatten(or_zeros(grads, game.parameters))
    optimizers.apply_all(v.detach().sub(grad_l.mul(gamma)))
    extra = {"norm_sq_estimate": squared_norm}
    return step_result(evaluation, game, extra)


STEPS = {"simgd": simgd_step, "consensus": consensus_step, "r1": simgd_step}


class Run:
    """A fresh game and optimizers for one (model, rule), as `realganlab bench` builds them."""

    def __init__(self, model, rule, device, adam_impl):
        spec = MODELS[model]
        self.game = Game(model, device, r1_weight=spec["r1"] if rule == "r1" else 0.0)
        expected = EXPECTED_PARAMETERS[model]
        if self.game.parameter_count != expected:
            raise AssertionError(f"{model}: {self.game.parameter_count} parameters, the C# model has {expected}")
        self.optimizers = PlayerOptimizers(self.game, spec["lr"], adam_impl)
        self.step_function = STEPS[rule]
        self.gamma = spec["consensus_gamma"]
        self.batch_size = spec["batch"]

    def step(self, batch=None):
        next_batch = (lambda: batch) if batch is not None else (lambda: self.game.sample_training_batch(self.batch_size))
        return self.step_function(self.game, self.optimizers, next_batch, self.gamma)

    def flat_parameters(self):
        return flatten([p.detach() for p in self.game.parameters]).clone()


# ----------------------------------------------------------------------------------------------------------------- bench

def device_name(device):
    if device == "cuda":
        return torch.cuda.get_device_name(0)
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def time_run(model, rule, device, warmup, steps, adam_impl):
    run = Run(model, rule, device, adam_impl)
    cuda = device == "cuda"
    for _ in range(warmup):
        run.step()
    times = []
    for _ in range(steps):
        if cuda:
            torch.cuda.synchronize()
        start = time.perf_counter()
        run.step()
        if cuda:
            torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1000.0)
    median = statistics.median(times)
    result = {"model": model, "rule": rule, "parameters": run.game.parameter_count, "batch": run.batch_size,
              "median_ms": round(median, 4), "steps_per_s": round(1000.0 / median, 2), "samples": len(times)}
    return result, times


def bench(args):
    if args.threads:
        torch.set_num_threads(args.threads)
    device = args.device
    if device == "cuda" and not torch.cuda.is_available():
        sys.exit("--device cuda: CUDA is not available to this PyTorch")
    print(f"pytorch {torch.__version__} on {device} ({device_name(device)}), {torch.get_num_threads()} threads, "
          f"float32, Adam {args.adam}, warmup {args.warmup}, steps {args.steps}", flush=True)
    header = f"{'model':<9} {'rule':<10} {'params':>9} {'batch':>5} {'median ms':>10} {'steps/s':>9} {'min ms':>9} {'max ms':>9}"
    print(header)
    print("-" * len(header), flush=True)
    results = []
    for model in args.models:
        for rule in args.rules:
            result, times = time_run(model, rule, device, args.warmup, args.steps, args.adam)
            results.append(result)
            print(f"{model:<9} {rule:<10} {result['parameters']:>9} {result['batch']:>5} {result['median_ms']:>10.3f} "
                  f"{result['steps_per_s']:>9.1f} {min(times):>9.3f} {max(times):>9.3f}", flush=True)
            if device == "cuda":
                torch.cuda.empty_cache()
    if args.json:
        document = {
            "tool": "pytorch",
            "version": torch.__version__,
            "libtorch": torch.__version__,
            "device": device,
            "device_name": device_name(device),
            "threads": torch.get_num_threads(),
            "dtype": "float32",
            "warmup": args.warmup,
            "steps": args.steps,
            "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "results": results,
            "probe": [],
        }
        with open(args.json, "w") as f:
            json.dump(document, f, indent=2)
            f.write("\n")
        print(f"wrote {args.json}")


# ----------------------------------------------------------------------------------------------------------------- check

def check(args):
    """One step of each rule on mlp from the same initial state and batch; cheap assertions, no timing."""
    if args.threads:
        torch.set_num_threads(args.threads)
    device = args.device
    outcome = {}
    for rule in RULES:
        run = Run("mlp", rule, device, args.adam)
        before = run.flat_parameters()
        batch = run.game.sample_training_batch(run.batch_size)
        field = run.game.evaluate(batch, create_graph=False).flat().detach()
        result = run.step(batch)
        outcome[rule] = dict(before=before, after=run.flat_parameters(), field=field, result=result)
        print(f"mlp {rule:<9} params {run.game.parameter_count}  loss_G {result['losses'][0]:.6f}  "
              f"loss_D {result['losses'][1]:.6f}  |v_G| {result['norms'][0]:.4g}  |v_D| {result['norms'][1]:.4g}  "
              f"terms {result['terms']}")
    simgd, consensus, r1 = outcome["simgd"], outcome["consensus"], outcome["r1"]
    for rule in RULES:
        assert torch.equal(outcome[rule]["before"], simgd["before"]), f"{rule}: a different initial state"
    # Same state and batch: the same losses before the update (r1 adds its term to L_D only).
    assert consensus["result"]["losses"] == simgd["result"]["losses"], "consensus saw another batch or state"
    assert r1["result"]["losses"][0] == simgd["result"]["losses"][0], "r1 changed L_G"
    # Sign of the update: Adam's first step moves each coordinate by about lr * sign(direction), and simgd's
    # direction is v (= minus the gradient), so the parameters must move along v, not against it.
    delta = simgd["after"] - simgd["before"]
    lr = MODELS["mlp"]["lr"]
    moving = simgd["field"].abs() > 1e-6
    agree = (torch.sign(delta[moving]) == torch.sign(simgd["field"][moving])).float().mean().item()
    assert agree > 0.999, f"simgd moved against v on {100 * (1 - agree):.2f}% of coordinates (grad = -v sign?)"
    assert delta.abs().max().item() <= lr * 1.001, "Adam's first step exceeds lr"
    # Consensus follows v - gamma * grad(0.5 |v|^2): another update than simgd.
    difference = (consensus["after"] - simgd["after"]).abs().max().item()
    assert difference > 0, "consensus made the same update as simgd"
    # R1: a positive penalty, added to L_D with weight 1.0, changing only D's field.
    term = r1["result"]["terms"]["r1"]
    weight = MODELS["mlp"]["r1"]
    assert term > 0, f"R1 term {term} is not positive"
    added = r1["result"]["losses"][1] - simgd["result"]["losses"][1]
    assert abs(added - weight * term) <= 1e-5 * max(1.0, abs(term)), f"L_D grew by {added}, weight * R1 = {weight * term}"
    g_count = Game("mlp", device).counts[0]
    assert torch.equal(r1["field"][:g_count], simgd["field"][:g_count]), "R1 changed G's field"
    assert not torch.equal(r1["field"][g_count:], simgd["field"][g_count:]), "R1 left D's field unchanged"
    print(f"consensus vs simgd: max |update difference| {difference:.3g}; r1 term {term:.4g} (L_D + {added:.4g}); "
          f"simgd moves along v on {100 * agree:.2f}% of coordinates")
    # TorchSharp's Adam transcribed (--adam mirror) and torch.optim.Adam make the same update.
    other = "mirror" if args.adam != "mirror" else "single"
    run = Run("mlp", "simgd", device, other)
    run.step(run.game.sample_training_batch(run.batch_size))
    gap = (run.flat_parameters() - simgd["after"]).abs().max().item()
    assert gap <= 1e-6, f"Adam {other} and Adam {args.adam} differ by {gap}"
    print(f"Adam {other} vs {args.adam}: max |parameter difference| after one step {gap:.3g}")
    # Parameter counts of the image models (built only, not stepped).
    for model in ("dcgan", "dcgan-64"):
        count = Game(model, device).parameter_count
        assert count == EXPECTED_PARAMETERS[model], f"{model}: {count} parameters, expected {EXPECTED_PARAMETERS[model]}"
        print(f"{model}: {count} parameters (as the C# model)")
    print("check passed")


def parse_list(text, allowed, what):
    items = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in items if s not in allowed]
    if unknown or not items:
        raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}")
    return items


def tune_malloc():
    """Native/MallocTuning.cs, which the realganlab process applies at start: glibc's mmap threshold at its maximum
    (32 MiB) and the trim threshold at 1 GiB, so step buffers are not mmap'd and munmap'd every step."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1024 * 1024 * 1024)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass  # not glibc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--models", type=lambda s: parse_list(s, list(MODELS), "model"), default=list(MODELS))
    parser.add_argument("--rules", type=lambda s: parse_list(s, list(RULES), "rule"), default=list(RULES))
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (default: PyTorch's own)")
    parser.add_argument("--adam", choices=["single", "mirror", "foreach", "fused", "default"], default="single",
                        help="Adam implementation: single (torch.optim.Adam with foreach=False, the per-parameter loop "
                             "TorchSharp's Adam also is; the default), mirror (TorchSharp's Adam.step transcribed op for "
                             "op), foreach, fused (CUDA; CPU from PyTorch 2.4), or default (PyTorch's own choice: "
                             "foreach on CUDA)")
    parser.add_argument("--no-malloc-tuning", action="store_true",
                        help="leave glibc's malloc thresholds at their defaults (realganlab raises them: Native/MallocTuning.cs)")
    parser.add_argument("--json", help="write the results to this JSON file")
    parser.add_argument("--check", action="store_true", help="one step of each rule on mlp with sanity assertions")
    args = parser.parse_args(argv)
    if args.steps < 1 or args.warmup < 0:
        parser.error("--steps must be at least 1 and --warmup at least 0")
    if not args.no_malloc_tuning:
        tune_malloc()
    if args.check:
        check(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
