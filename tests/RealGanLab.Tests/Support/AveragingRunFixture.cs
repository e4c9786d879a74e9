namespace RealGanLab.Tests;

/// <summary>
/// The tiny run of <see cref="InterruptedRunFixture"/> with both generator averages on (EMA β = 0.9 from step 0, the
/// uniform average from step 25, so it starts between the two epoch ends 20 and 40): "run" stopped at step 30 as if
/// interrupted (latest.ckpt at 30, previous.ckpt at 20, before the uniform average starts), "whole" uninterrupted, and
/// "plain", the same run without averaging.
/// </summary>
public sealed class AveragingRunFixture : IDisposable
{
    public static readonly string[] Averaging =
        ["--averaging:ema=true", "--averaging:emaBeta=0.9", "--averaging:uniform=true", "--averaging:uniformStart=25"];

    public AveragingRunFixture()
    {
        Root = CliRunner.TempDirectory();
        var stopped = CliRunner.Run(Root, null, ["train", .. InterruptedRunFixture.Tiny, .. Averaging, "--out", "run", "--stop-at", "30"]);
        if (stopped.ExitCode != 130) throw new InvalidOperationException($"the averaging run did not stop as interrupted (exit {stopped.ExitCode}):\n{stopped.Output}{stopped.Error}");
        foreach (var (name, extra) in new[] { ("whole", Averaging), ("plain", Array.Empty<string>()) })
        {
            var result = CliRunner.Run(Root, null, ["train", .. InterruptedRunFixture.Tiny, .. extra, "--out", name]);
            if (result.ExitCode != 0) throw new InvalidOperationException($"the tiny run '{name}' failed (exit {result.ExitCode}):\n{result.Output}{result.Error}");
        }
    }

    /// <summary>The folder holding "run", "whole" and "plain".</summary>
    public string Root { get; }

    public string Whole => Path.Combine(Root, "whole");

    public string Plain => Path.Combine(Root, "plain");

    /// <summary>A fresh folder holding a copy of the interrupted run (or of <paramref name="name"/>) as "run" (lock files left out).</summary>
    public string Copy(string name = "run")
    {
        var target = CliRunner.TempDirectory();
        var source = Path.Combine(Root, name);
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
