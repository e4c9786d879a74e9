#!/usr/bin/env python3
"""Writes the MNIST and Stacked MNIST configs (configs/*.json at CPU size, configs/gpu/*.json at the published size).

One table of rules and one of sizes, so that every config differs from its neighbours only where the study needs it.
Run it after changing the table: python3 configs/make_image_configs.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Sizes. CPU: width 32 (about 0.35 M parameters on MNIST); one epoch of 938 steps at batch 64 takes about half a minute
# of simgd on 2 cores, three epochs give recognisable digits. GPU: DCGAN's published width 64 and a 100-d latent
# (about 0.9 M parameters on MNIST; Radford et al. 2016).
SIZES = {
    "cpu": {"width": 32, "latent": 64, "epochs": {"mnist": 3, "stacked-mnist": 3}},
    "gpu": {"width": 64, "latent": 100, "epochs": {"mnist": 10, "stacked-mnist": 20}},
}
STEPS_PER_EPOCH = 938  # ceil(60,000 / 64): one pass over the training digits
EVAL_SAMPLES = {"mnist": 10_000, "stacked-mnist": 26_000}  # docs/design.md §4: 26,000 for Stacked MNIST

ADAM = {"name": "adam", "lr": 0.0002, "beta1": 0.5, "beta2": 0.999, "decay": "none"}

# Consensus γ = 0.01, not Mescheder et al.'s 10: the DCGAN game's Jacobian has |λ| of order 10² (the probe at scale), so
# γ·∇½‖v‖² = γ·Jᵀv outweighs v unless γ ≲ 0.01. Measured on MNIST at CPU size with Adam: γ = 1 lets D flatten itself
# around the fakes (‖v_G‖ → 0, L_D → 0.001) and G collapses to one pattern (MNIST score 1.0); γ = 0.1 showed the same
# signs by step 450; γ = 0.01 trains (docs/results.md).
CONSENSUS_GAMMA = 0.01

# name -> (comment, overrides). D uses layer norm everywhere (gradient penalties are per sample; BatchNorm would couple
# them); G uses BatchNorm (DCGAN) except where an estimator evaluates v on single samples, where BatchNorm is undefined.
RULES = {
    "simgd": ("simultaneous gradient descent", {"rule": {"name": "simgd"}}),
    "altgd": ("alternating gradient descent (one D step, then one G step)", {"rule": {"name": "altgd", "nDis": 1}}),
    "consensus": ("consensus optimization (Mescheder et al. 2017) with γ = 0.01, ‖v‖² from the batch-mean field (biased)",
                  {"rule": {"name": "consensus", "gamma": CONSENSUS_GAMMA, "estimator": "batch"}}),
    "consensus-split": ("consensus optimization, unbiased ‖v‖² from two half-batches (v_A · v_B)",
                        {"rule": {"name": "consensus", "gamma": CONSENSUS_GAMMA, "estimator": "split"}}),
    "consensus-ustat": ("consensus optimization, unbiased ‖v‖² as a U-statistic over per-sample fields",
                        {"rule": {"name": "consensus", "gamma": CONSENSUS_GAMMA, "estimator": "ustat"}, "batch": 16, "gnorm": "layer"}),
    "consensus-per-sample": ("consensus optimization, ‖v‖² as the mean of per-sample ‖v_i‖² (biased upwards)",
                             {"rule": {"name": "consensus", "gamma": CONSENSUS_GAMMA, "estimator": "per_sample"}, "batch": 16, "gnorm": "layer"}),
    "r1": ("R1 gradient penalty on real data (Mescheder et al. 2018), γ = 10", {"rule": {"name": "simgd"}, "regularizers": {"r1": 10.0}}),
    "wgan-gp": ("WGAN-GP (Gulrajani et al. 2017): Wasserstein loss, λ = 10, five critic steps per G step, Adam(1e-4, 0.5, 0.9)",
                {"rule": {"name": "altgd", "nDis": 5}, "loss": "wasserstein", "regularizers": {"wganGp": 10.0},
                 "optimizer": {"name": "adam", "lr": 0.0001, "beta1": 0.5, "beta2": 0.9, "decay": "none"}}),
}
for mu in ["0", "0.1", "1", "10"]:
    RULES[f"compression-mu{mu}"] = (
        f"generative compression: encoder–decoder G with a 16-number bottleneck, added MSE μ = {mu} pulls G(x) towards x",
        {"rule": {"name": "simgd"}, "game": "compression", "regularizers": {"mse": float(mu)}, "latent": 16})


def config(dataset, size, rule):
    comment, o = RULES[rule]
    s = SIZES[size]
    epochs = s["epochs"][dataset]
    steps = epochs * STEPS_PER_EPOCH
    cfg = {
        "dtype": "float32",
        "game": {"name": o.get("game", "dcgan"), "loss": o.get("loss", "non-saturating"), "batchSize": o.get("batch", 64)},
        "data": {"name": dataset},
        "generator": {"latent": o.get("latent", s["latent"]), "hiddenLayers": 0, "width": s["width"], "normalization": o.get("gnorm", "batch")},
        "discriminator": {"hiddenLayers": 0, "width": s["width"], "normalization": "layer"},
        "rule": o["rule"],
        "optimizer": o.get("optimizer", ADAM),
        # The probe at scale: top-20 by magnitude (Arnoldi), on a fixed batch of 256, checked at the end of the run.
        "probe": {"k": 20, "which": "LM", "subspace": 60, "tol": 0.01, "maxRestarts": 3, "batchSize": 256, "denseLimit": 0},
        "train": {"steps": steps, "stepsPerEpoch": STEPS_PER_EPOCH, "logEvery": 50, "probeEvery": 0 if size == "cpu" else steps,
                  "checkpointEvery": 500, "keepEvery": 0, "evalSamples": EVAL_SAMPLES[dataset], "hessianIterations": 0},
    }
    if "regularizers" in o:
        cfg["regularizers"] = o["regularizers"]
    where = "2 CPU cores" if size == "cpu" else "a GPU (--device cuda)"
    header = (f"// {dataset}, {rule}: {comment}.\n"
              f"// {size.upper()} size (width {s['width']}, {epochs} epoch{'s' if epochs > 1 else ''}), for {where}. "
              f"Generated by configs/make_image_configs.py.\n")
    return header + json.dumps(cfg, indent=2, ensure_ascii=False) + "\n"


def main():
    for size in SIZES:
        folder = HERE if size == "cpu" else os.path.join(HERE, "gpu")
        os.makedirs(folder, exist_ok=True)
        for dataset in ["mnist", "stacked-mnist"]:
            for rule in RULES:
                with open(os.path.join(folder, f"{dataset}-{rule}.json"), "w", encoding="utf-8") as f:
                    f.write(config(dataset, size, rule))


if __name__ == "__main__":
    main()
