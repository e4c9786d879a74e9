namespace RealGanLab.Tests;

/// <summary>
/// One tiny real run directory and one sweep directory, made once per test class and copied per test: a folder holding
/// mix.json (a two-mode mixture), run/ (the MLP game on that file, interrupted at step 2 of 4 with a checkpoint, so it
/// resumes), base.json and study.json (a two-member sweep file) and s/ (its sweep directory, written by --slurm, so no
/// member has run).
/// </summary>
public sealed class TinyRunFixture
{
    /// <summary>Small players, no probe, two steps per epoch, a checkpoint every two steps: seconds, not minutes.</summary>
    public static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--train:steps=4", "--train:stepsPerEpoch=2", "--train:logEvery=2", "--train:probeEvery=0",
        "--train:checkpointEvery=2", "--train:evalSamples=100", "--optimizer:decay=none",
    ];

    public const string Mixture = """[{"mean": [0, 1], "std": 0.05}, {"mean": [1, 0], "std": 0.05}]""";

    public const string SweepBase = """
        { "game": { "name": "mlp", "batchSize": 32 }, "generator": { "latent": 2, "hiddenLayers": 1, "width": 8 },
          "discriminator": { "hiddenLayers": 1, "width": 8 }, "optimizer": { "decay": "none" },
          "train": { "steps": 4, "stepsPerEpoch": 2, "logEvery": 2, "probeEvery": 0, "checkpointEvery": 2, "evalSamples": 100 } }
        """;

    public TinyRunFixture()
    {
        Folder = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(Folder, "mix.json"), Mixture);
        var run = CliRunner.Run(Folder, null, ["train", .. Tiny, "--data", "file", "--data:file=mix.json", "--out", "run", "--stop-at", "2"]);
        if (run.ExitCode != 130) throw new InvalidOperationException($"the fixture's run did not stop at step 2 (exit {run.ExitCode}):\n{run.Output}{run.Error}");
        File.WriteAllText(Path.Combine(Folder, "base.json"), SweepBase);
        File.WriteAllText(Path.Combine(Folder, "study.json"), """{ "base": "base.json", "axes": { "seed": [0, 1] } }""");
        var sweep = CliRunner.Run(Folder, null, "sweep", "study.json", "--out", "s", "--slurm", "job.sbatch");
        if (sweep.ExitCode != 0) throw new InvalidOperationException($"the fixture's sweep directory was not written (exit {sweep.ExitCode}):\n{sweep.Output}{sweep.Error}");
    }

    /// <summary>The folder holding mix.json, run/, base.json, study.json, job.sbatch and s/.</summary>
    public string Folder { get; }

    /// <summary>A fresh copy of <see cref="Folder"/> to change and run in.</summary>
    public string Copy()
    {
        var target = CliRunner.TempDirectory();
        RunFiles.CopyDirectory(Folder, target);
        return target;
    }
}
