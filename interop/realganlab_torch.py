#!/usr/bin/env python3
"""RealGanLab's players in PyTorch: rebuild the networks of a `realganlab export` folder and load their weights.

Copy this file next to your evaluation code; it needs only PyTorch. The module definitions mirror RealGanLab's
(src/RealGanLab.Core/Networks): same layers, same order, same parameter names, so `load_state_dict` is strict.

    import realganlab_torch as rgl
    players = rgl.load("exported/")            # {"generator": G, "discriminator": D, "generator_ema": ...}, in eval mode
    x = players["generator"](torch.randn(64, players["description"]["generator"]["latent"]))

Conventions (also in export.json): images are flattened [n, channels*28*28] in [-1, 1]; a packed discriminator
(PacGAN, pack > 1) scores groups of `pack` consecutive samples; the game's vector field is
v = (-dL_G/dtheta_G, -dL_D/dtheta_D), each player minimising its own loss, simultaneous GD stepping x <- x + h*v
(stable where every eigenvalue of J = dv/dx has Re < 0).

    python3 realganlab_torch.py --check exported/

loads the folder and checks G(noise) and D(real), D(generated) against the outputs RealGanLab wrote in batch.pt
(to 1e-5, absolute and relative); exit 0 when they agree.

The other way, PyTorch weights into RealGanLab (`realganlab train|probe --init-from FOLDER`):

    rgl.save(G, D, "weights/")                 # weights/generator.pt, weights/discriminator.pt (state dicts, float32)

    python3 realganlab_torch.py --new-weights exported/ weights/ [--seed 1]

writes freshly initialised players of an export's architecture (BatchNorm statistics drawn at random too), and

    python3 realganlab_torch.py --check exported/ --weights weights/

checks an export's outputs against networks loaded from weights/ instead of the export's own files: after
`realganlab probe RUN --init-from weights/ ...` and `realganlab export RUN --out exported/`, it shows that RealGanLab
computes with exactly the weights PyTorch wrote.
"""
import json
import os
import sys

import torch
from torch import nn

BASE = 7     # DCGAN feature maps are BASE x BASE before the two upsamplings to 28 x 28
SIDE = 28

ACTIVATIONS = {
    "relu": lambda x: torch.relu(x),
    "leaky_relu": lambda x: nn.functional.leaky_relu(x, 0.2),
    "tanh": torch.tanh,
    "elu": lambda x: nn.functional.elu(x, 1.0),
    "softplus": nn.functional.softplus,
}


class SpectralNorm(nn.Module):
    """A layer run with W / sigma, sigma = u . (W v) from the stored power-iteration vectors u, v (Miyato et al. 2018;
    Networks/SpectralNormalization.cs). The matrix is W with the output dimension first (a transposed convolution's
    weight transposed first), the rest flattened. As in RealGanLab the forward pass does not advance the power
    iteration (RealGanLab's trainer takes one step per update), so outputs depend only on the state dict."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer
        matrix = self._matrix(layer.weight.detach())
        u = nn.functional.normalize(torch.randn(matrix.shape[0]), dim=0, eps=1e-12)
        self.register_buffer("u", u)
        self.register_buffer("v", nn.functional.normalize(matrix.t().mv(u), dim=0, eps=1e-12))

    def _matrix(self, weight):
        if isinstance(self.layer, nn.ConvTranspose2d):
            weight = weight.transpose(0, 1)
        return weight.reshape(weight.shape[0], -1)

    def forward(self, x):
        layer = self.layer
        weight = layer.weight / self.u.dot(self._matrix(layer.weight).mv(self.v))
        if isinstance(layer, nn.Linear):
            return nn.functional.linear(x, weight, layer.bias)
        if isinstance(layer, nn.ConvTranspose2d):
            return nn.functional.conv_transpose2d(x, weight, layer.bias, layer.stride, layer.padding, layer.output_padding)
        return nn.functional.conv2d(x, weight, layer.bias, layer.stride, layer.padding)


def _sn(layer, spectral_norm):
    return SpectralNorm(layer) if spectral_norm else layer


def _is_linear(block):
    return isinstance(block, nn.Linear) or (isinstance(block, SpectralNorm) and isinstance(block.layer, nn.Linear))


class Mlp(nn.Module):
    """[Linear -> (Norm) -> activation] x hidden_layers -> Linear (Networks/Mlp.cs)."""

    def __init__(self, inputs, outputs, hidden_layers, width, activation, normalization, spectral_norm=False):
        super().__init__()
        self.activation = ACTIVATIONS[activation]
        blocks, fan_in = [], inputs
        for _ in range(hidden_layers):
            blocks.append(_sn(nn.Linear(fan_in, width), spectral_norm))
            if normalization == "batch":
                blocks.append(nn.BatchNorm1d(width))
            elif normalization == "layer":
                blocks.append(nn.LayerNorm(width))
            fan_in = width
        blocks.append(_sn(nn.Linear(fan_in, outputs), spectral_norm))
        self.blocks = nn.ModuleList(blocks)

    def forward(self, x):
        for i, block in enumerate(self.blocks):
            x = block(x)
            # A hidden layer's activation follows its normalization, or its Linear when there is none.
            last = i == len(self.blocks) - 1
            linear_then_norm = _is_linear(block) and not last and not _is_linear(self.blocks[i + 1])
            if not last and not linear_then_norm:
                x = self.activation(x)
        return x


class PackedDiscriminator(nn.Module):
    """PacGAN's D (Lin et al. 2018): an MLP on `pack` consecutive samples side by side (Networks/PackedDiscriminator.cs)."""

    def __init__(self, inputs, pack, hidden_layers, width, activation, normalization, spectral_norm=False):
        super().__init__()
        self.pack, self.inputs = pack, inputs
        self.network = Mlp(inputs * pack, 1, hidden_layers, width, activation, normalization, spectral_norm)

    def forward(self, x):
        if x.shape[0] % self.pack:
            raise ValueError(f"a batch of {x.shape[0]} cannot be packed in groups of {self.pack}")
        return self.network(x.reshape(x.shape[0] // self.pack, self.pack * self.inputs)).squeeze(-1)


def _norm2d(normalization, channels):
    if normalization == "batch":
        return nn.BatchNorm2d(channels)
    if normalization == "layer":
        return nn.GroupNorm(1, channels)
    return nn.Identity()


def _norm1d(normalization, features):
    if normalization == "batch":
        return nn.BatchNorm1d(features)
    if normalization == "layer":
        return nn.LayerNorm(features)
    return nn.Identity()


class DcganGenerator(nn.Module):
    """Linear to 2w x 7 x 7 -> [3x3 conv] x depth -> two stride-2 transposed convolutions -> tanh (Networks/DcganGenerator.cs)."""

    def __init__(self, latent, channels, width, depth, normalization, spectral_norm=False):
        super().__init__()
        wide = 2 * width
        self.wide = wide
        self.project = _sn(nn.Linear(latent, wide * BASE * BASE), spectral_norm)
        self.projectNorm = _norm1d(normalization, wide * BASE * BASE)
        layers = []
        for _ in range(depth):
            layers += [_sn(nn.Conv2d(wide, wide, 3, padding=1), spectral_norm), _norm2d(normalization, wide), nn.ReLU()]
        layers += [_sn(nn.ConvTranspose2d(wide, width, 4, stride=2, padding=1), spectral_norm), _norm2d(normalization, width), nn.ReLU(),
                   _sn(nn.ConvTranspose2d(width, channels, 4, stride=2, padding=1), spectral_norm), nn.Tanh()]
        self.body = nn.Sequential(*layers)

    def forward(self, z):
        h = torch.relu(self.projectNorm(self.project(z))).view(-1, self.wide, BASE, BASE)
        return self.body(h).flatten(1)


def _downsampler(channels, width, depth, normalization, activation, spectral_norm):
    """Two stride-2 convolutions -> [3x3 conv] x depth, no normalization after the first (Networks/DcganDownsampler.cs)."""
    wide = 2 * width
    layers = [_sn(nn.Conv2d(channels, width, 4, stride=2, padding=1), spectral_norm), activation(),
              _sn(nn.Conv2d(width, wide, 4, stride=2, padding=1), spectral_norm), _norm2d(normalization, wide), activation()]
    for _ in range(depth):
        layers += [_sn(nn.Conv2d(wide, wide, 3, padding=1), spectral_norm), _norm2d(normalization, wide), activation()]
    return nn.Sequential(*layers)


class DcganDiscriminator(nn.Module):
    """Two stride-2 convolutions -> [3x3 conv] x depth -> Linear to one score (Networks/DcganDiscriminator.cs)."""

    def __init__(self, channels, width, depth, normalization, spectral_norm=False):
        super().__init__()
        self.channels = channels
        self.body = _downsampler(channels, width, depth, normalization, lambda: nn.LeakyReLU(0.2), spectral_norm)
        self.head = _sn(nn.Linear(2 * width * BASE * BASE, 1), spectral_norm)

    def forward(self, x):
        return self.head(self.body(x.view(-1, self.channels, SIDE, SIDE)).flatten(1))


class EncoderDecoderGenerator(nn.Module):
    """The compression game's G(x) = decode(encode(x)): the downsampler with ReLU, a Linear bottleneck of `latent`
    numbers, and a DcganGenerator as decoder (Networks/EncoderDecoderGenerator.cs). Its inputs are images."""

    def __init__(self, latent, channels, width, depth, normalization, spectral_norm=False):
        super().__init__()
        self.channels = channels
        self.encoder = _downsampler(channels, width, depth, normalization, nn.ReLU, spectral_norm)
        self.bottleneck = _sn(nn.Linear(2 * width * BASE * BASE, latent), spectral_norm)
        self.decoder = DcganGenerator(latent, channels, width, depth, normalization, spectral_norm)

    def forward(self, x):
        return self.decoder(self.bottleneck(self.encoder(x.view(-1, self.channels, SIDE, SIDE)).flatten(1)))


def build(spec):
    """An untrained network from one entry of export.json ("generator" or "discriminator")."""
    kind, sn = spec["kind"], spec.get("spectral_norm", False)
    if kind == "mlp":
        return Mlp(spec["inputs"], spec["outputs"], spec["hidden_layers"], spec["width"], spec["activation"], spec["normalization"], sn)
    if kind == "packed_mlp":
        return PackedDiscriminator(spec["inputs"], spec["pack"], spec["hidden_layers"], spec["width"], spec["activation"], spec["normalization"], sn)
    if kind == "encoder_decoder":
        return EncoderDecoderGenerator(spec["latent"], spec["channels"], spec["width"], spec["depth"], spec["normalization"], sn)
    if kind == "dcgan" and "latent" in spec:
        return DcganGenerator(spec["latent"], spec["channels"], spec["width"], spec["depth"], spec["normalization"], sn)
    if kind == "dcgan":
        return DcganDiscriminator(spec["channels"], spec["width"], spec["depth"], spec["normalization"], sn)
    raise ValueError(f"unknown network kind '{kind}' in export.json")


def load(folder):
    """Every network of an export folder, weights loaded (strict), in eval mode, plus "description" (export.json)."""
    with open(os.path.join(folder, "export.json")) as f:
        description = json.load(f)
    players = {"description": description}
    for name, file in description["files"].items():
        if name == "batch":
            continue
        network = build(description["discriminator" if name == "discriminator" else "generator"])
        network.load_state_dict(torch.load(os.path.join(folder, file), map_location="cpu"), strict=True)
        players[name] = network.eval()
    return players


def save(generator, discriminator, folder):
    """generator.pt and discriminator.pt in `folder` (created): the players' state dicts in float32, for --init-from."""
    os.makedirs(folder, exist_ok=True)
    for name, network in (("generator", generator), ("discriminator", discriminator)):
        torch.save({k: v.detach().cpu().float() if v.is_floating_point() else v.detach().cpu()
                    for k, v in network.state_dict().items()}, os.path.join(folder, f"{name}.pt"))


def new_weights(export_folder, folder, seed=1):
    """Freshly initialised players of an export's architecture, saved with `save`; BatchNorm statistics and affine
    parameters are drawn at random so that a reader that skipped a buffer would compute something else."""
    with open(os.path.join(export_folder, "export.json")) as f:
        description = json.load(f)
    torch.manual_seed(seed)
    players = [build(description["generator"]), build(description["discriminator"])]
    with torch.no_grad():
        for network in players:
            for module in network.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.running_mean.normal_(0, 0.1)
                    module.running_var.uniform_(0.5, 1.5)
                    module.weight.uniform_(0.5, 1.5)
                    module.bias.normal_(0, 0.1)
                    module.num_batches_tracked.fill_(7)
    save(players[0], players[1], folder)


def check(folder, tolerance=1e-5, weights=None):
    """Max absolute and relative differences of G(noise), D(real), D(generated) here against RealGanLab's; with
    `weights`, the networks are loaded from that folder's generator.pt and discriminator.pt instead."""
    players = load(folder)
    batch = torch.load(os.path.join(folder, players["description"]["files"]["batch"]), map_location="cpu")
    if weights is not None:
        for name in ("generator", "discriminator"):
            players[name].load_state_dict(torch.load(os.path.join(weights, f"{name}.pt"), map_location="cpu"), strict=True)
    g, d = players["generator"], players["discriminator"]
    with torch.no_grad():
        ours = {"generated": g(batch["noise"]), "d_real": d(batch["real"]), "d_generated": d(batch["generated"])}
    report, ok = {}, True
    for key, value in ours.items():
        theirs = batch[key]
        if value.shape != theirs.shape:
            raise ValueError(f"{key}: shape {tuple(value.shape)} here, {tuple(theirs.shape)} in batch.pt")
        diff = (value - theirs).abs()
        report[key] = (diff.max().item(), (diff / theirs.abs().clamp_min(1e-12)).max().item())
        ok &= bool(torch.all(diff <= tolerance + tolerance * theirs.abs()))
    return ok, report


USAGE = ("usage: realganlab_torch.py --check EXPORT_FOLDER [--weights FOLDER]\n"
         "       realganlab_torch.py --new-weights EXPORT_FOLDER OUT_FOLDER [--seed N]")


def main(argv):
    args = argv[1:]
    if len(args) in (3, 5) and args[0] == "--new-weights" and (len(args) == 3 or args[3] == "--seed"):
        new_weights(args[1], args[2], int(args[4]) if len(args) == 5 else 1)
        print(f"wrote {os.path.join(args[2], 'generator.pt')} and {os.path.join(args[2], 'discriminator.pt')}")
        return 0
    if not (len(args) in (2, 4) and args[0] == "--check" and (len(args) == 2 or args[2] == "--weights")):
        print(USAGE, file=sys.stderr)
        return 2
    ok, report = check(args[1], weights=args[3] if len(args) == 4 else None)
    for key, (absolute, relative) in report.items():
        print(f"{key}: max |difference| {absolute:.3g}, max relative {relative:.3g}")
    print("agree to 1e-5" if ok else "DIFFER beyond 1e-5")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
