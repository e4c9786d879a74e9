using System.Text.Json.Nodes;

namespace RealGanLab.Tests;

/// <summary>Sweep files for the sweep tests, written into a fresh temp folder with a small ring config as their base.</summary>
public static class SweepTestFiles
{
    /// <summary>
    /// The base of test sweeps: the ring, the MLP players of every 2-D config (52,483 parameters, so a member takes
    /// seconds, long enough to be killed in the middle), no probe, small evaluations, a checkpoint every 50 steps
    /// and a numbered one every 100.
    /// </summary>
    public const string Base = """
        {
          "game": { "name": "mlp", "loss": "non-saturating", "batchSize": 64 },
          "data": { "name": "ring" },
          "rule": { "name": "simgd" },
          "optimizer": { "name": "adam", "lr": 0.001, "beta1": 0.5, "beta2": 0.999, "decay": "none" },
          "train": { "steps": 200, "stepsPerEpoch": 100, "logEvery": 10, "probeEvery": 0, "checkpointEvery": 50, "keepEvery": 100, "evalSamples": 500 }
        }
        """;

    /// <summary>Writes base.json and sweep.json (the sweep file) into a new folder; returns (folder, sweep file).</summary>
    public static (string Folder, string File) Write(string sweepJson)
    {
        var folder = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(folder, "base.json"), Base);
        var file = Path.Combine(folder, "study.json");
        File.WriteAllText(file, sweepJson);
        return (folder, file);
    }

    /// <summary>Every file under a folder with its length and last write time, to show that nothing was touched.</summary>
    public static Dictionary<string, (long, DateTime)> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    public static string DoneText(string member) => File.ReadAllText(Path.Combine(member, "DONE")).Trim();

    public static List<long> TrainSteps(string member) =>
        File.ReadAllLines(Path.Combine(member, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!)
            .Where(l => (string?)l["kind"] == "train").Select(l => (long)l["step"]!).ToList();

    public static JsonNode Summary(string member) => JsonNode.Parse(File.ReadAllText(Path.Combine(member, "summary.json")))!;

    /// <summary>The pid of the worker holding a member's lock ("pid N on host since …").</summary>
    public static int WorkerPid(string sweepDir, string member)
    {
        var owner = File.ReadAllText(Path.Combine(sweepDir, ".locks", member + ".lock.owner"));
        return int.Parse(owner.Split(' ')[1]);
    }

    public static long? LoggedStep(string member)
    {
        var metrics = Path.Combine(member, "metrics.jsonl");
        if (!File.Exists(metrics)) return null;
        // The writer may be in the middle of a line: read the last line that parses.
        foreach (var line in File.ReadAllLines(metrics).Reverse())
        {
            try
            {
                if (JsonNode.Parse(line)?["step"] is JsonNode step) return (long)step;
            }
            catch (System.Text.Json.JsonException) { }
        }
        return null;
    }
}
