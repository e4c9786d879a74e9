using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace RealGanLab.Configuration;

/// <summary>The 'train' command: length of the run and how often it logs, evaluates, probes and checkpoints.</summary>
public sealed record TrainConfig
{
    [Description("Number of update-rule steps (may be raised when resuming, to train longer).")]
    [Range(1, int.MaxValue)]
    public int Steps { get; init; } = 4000;

    [Description("Steps per epoch: samples/epoch_NNNN.png and the mode metrics are written at the end of each.")]
    [Range(1, int.MaxValue)]
    public int StepsPerEpoch { get; init; } = 500;

    [Description("Write a metrics.jsonl line (and TensorBoard scalars) every this many steps.")]
    [Range(1, int.MaxValue)]
    public int LogEvery { get; init; } = 50;

    [Description("Probe the game's Jacobian every this many steps (0 = never; the final state is probed when > 0).")]
    [Range(0, int.MaxValue)]
    public int ProbeEvery { get; init; } = 500;

    [Description("Rewrite checkpoints/latest.ckpt every this many steps (and at every epoch end, stop and interrupt).")]
    [Range(1, int.MaxValue)]
    public int CheckpointEvery { get; init; } = 500;

    [Description("Keep a numbered checkpoint every this many steps (0 = only latest).")]
    [Range(0, int.MaxValue)]
    public int KeepEvery { get; init; } = 2000;

    [Description("Generated samples for the mode metrics and the sample plot (PacGAN protocol: 2500).")]
    [Range(1, 10_000_000)]
    public int EvalSamples { get; init; } = 2500;

    [Description("Per-player Hessian extremes by Lanczos in each probe: iterations (0 = off).")]
    [Range(0, 10_000)]
    public int HessianIterations { get; init; } = 30;

    [Description("Start from PyTorch weights instead of the seed's initialisation: a folder with generator.pt and discriminator.pt (state dicts, as 'realganlab export' and interop/realganlab_torch.py write them) or one .pt file holding both; relative to the working directory. Read when a run starts, not on --resume.")]
    public string? InitFrom { get; init; }
}
