namespace RealGanLab.Training;

/// <summary>
/// The layout of a training run (DESIGN.md §5): config.json, metrics.jsonl, probe.jsonl, samples/, plots/,
/// checkpoints/, tensorboard/, summary.json and DONE, written last. Names sort (zero-padded numbers).
/// </summary>
public sealed class RunDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Config => Combine("config.json");
    public string Metrics => Combine("metrics.jsonl");
    public string Probe => Combine("probe.jsonl");
    public string Samples => Combine("samples");
    public string Plots => Combine("plots");
    public string Checkpoints => Combine("checkpoints");
    public string TensorBoard => Combine("tensorboard");
    public string Summary => Combine("summary.json");
    public string Done => Combine("DONE");

    /// <summary>Held (flock, <see cref="Output.FileLock"/>) by the process training this run, so two never train it at once.</summary>
    public string Lock => Combine(".lock");

    /// <summary>samples/epoch_0003.png</summary>
    public string SampleImage(int epoch) => System.IO.Path.Combine(Samples, $"epoch_{epoch:D4}.png");

    public string Plot(string name) => System.IO.Path.Combine(Plots, name);

    public void Create()
    {
        foreach (var d in new[] { Path, Samples, Plots, Checkpoints, TensorBoard }) Directory.CreateDirectory(d);
    }

    /// <summary>A default name: dataset-rule-seed and a timestamp, e.g. ring-consensus-s0-20261122-203501.</summary>
    public static string DefaultName(Configuration.ExperimentConfig c, DateTimeOffset now)
    {
        var data = c.Game.Name == "mlp" ? c.Data.Name : c.Game.Name;
        return $"{data}-{c.Rule.Name}-s{c.Seed}-{now:yyyyMMdd-HHmmss}";
    }

    /// <summary>
    /// Writes a small text file atomically (temp file in the same folder, then rename). A failed write (a full
    /// disk) removes its temp file and leaves the old file, so an empty or torn DONE or summary.json never appears.
    /// </summary>
    public static void WriteAtomically(string path, string contents)
    {
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".{System.IO.Path.GetFileName(path)}.partial-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            throw;
        }
    }

    string Combine(string name) => System.IO.Path.Combine(Path, name);
}
