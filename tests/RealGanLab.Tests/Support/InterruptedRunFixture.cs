namespace RealGanLab.Tests;

/// <summary>
/// One tiny real run, trained once per test class and copied per case: MLP players of under 100 parameters, simultaneous GD, a probe batch of 8 (a fast probe), 40 steps
/// planned, stopped at step 30 as if interrupted, so that it is resumable and has latest.ckpt (step 30),
/// previous.ckpt (step 20) and the numbered step_000000020.ckpt; and the same run uninterrupted, "whole", to compare a
/// resumed run with.
/// </summary>
public sealed class InterruptedRunFixture : IDisposable
{
    public static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--train:steps=40", "--train:stepsPerEpoch=20", "--train:logEvery=10",
        "--train:probeEvery=0", "--train:checkpointEvery=10", "--train:keepEvery=20", "--train:evalSamples=200", "--train:hessianIterations=0",
        "--rule:name=simgd", "--probe:batchSize=8",
    ];

    public InterruptedRunFixture()
    {
        Root = CliRunner.TempDirectory();
        var result = CliRunner.Run(Root, null, ["train", .. Tiny, "--out", "run", "--stop-at", "30"]);
        if (result.ExitCode != 130) throw new InvalidOperationException($"the tiny run did not stop as interrupted (exit {result.ExitCode}):\n{result.Output}{result.Error}");
        var whole = CliRunner.Run(Root, null, ["train", .. Tiny, "--out", "whole"]);
        if (whole.ExitCode != 0) throw new InvalidOperationException($"the uninterrupted tiny run failed (exit {whole.ExitCode}):\n{whole.Output}{whole.Error}");
    }

    /// <summary>The uninterrupted run's directory.</summary>
    public string Whole => Path.Combine(Root, "whole");

    /// <summary>The folder holding the run directory "run".</summary>
    public string Root { get; }

    /// <summary>A fresh folder holding a copy of the run as "run" (lock files left out, as after the process ended).</summary>
    public string Copy()
    {
        var target = CliRunner.TempDirectory();
        var source = Path.Combine(Root, "run");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (Path.GetFileName(relative).StartsWith(".lock", StringComparison.Ordinal)) continue;
            var destination = Path.Combine(target, "run", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
