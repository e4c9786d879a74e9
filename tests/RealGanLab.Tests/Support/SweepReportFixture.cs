using System.Diagnostics;
using System.Text.Json.Nodes;
using RealGanLab.Sweeps;

namespace RealGanLab.Tests;

/// <summary>
/// A small sweep directory built the way the sweep runner builds one, shared by the report tests: the real CLI
/// trains four tiny runs on a ring of four wide modes (rule simgd and altgd × seeds 0 and 1, 200 steps, two epochs, a dense probe every
/// 100 steps) into SWEEP_DIR/&lt;member&gt;; a fifth member failed (FAILED record, with markup and a comma in its
/// cause) and a sixth is pending (no directory). Then 'realganlab report SWEEP_DIR' runs once.
/// </summary>
public sealed class SweepReportFixture : IDisposable
{
    /// <summary>A tiny MLP GAN: dense probes (under 600 parameters) keep a 200-step run to a few seconds.</summary>
    static readonly string[] Tiny =
    [
        "--generator:latent=2", "--generator:hiddenLayers=1", "--generator:width=8", "--discriminator:hiddenLayers=1", "--discriminator:width=8",
        "--game:batchSize=32", "--probe:batchSize=64", "--train:steps=200", "--train:stepsPerEpoch=100", "--train:logEvery=20",
        "--train:probeEvery=100", "--train:checkpointEvery=100", "--train:keepEvery=0", "--train:evalSamples=500",
        "--train:hessianIterations=0",
        // Four wide modes and a larger step: after 200 steps the seeds differ in modes captured and high-quality fraction.
        "--data:modes=4", "--data:std=0.1", "--optimizer:lr=0.005",
    ];

    public const string FailedCause = "<script>alert('x')</script> native abort, exit 134";

    public SweepReportFixture()
    {
        var clock = Stopwatch.StartNew();
        Root = CliRunner.TempDirectory();
        SweepDir = Path.Combine(Root, "sweep");
        var config = Path.Combine(CliRunner.RepositoryRoot(), "configs", "ring-simgd.json");
        var members = new List<SweepManifestMember>();
        foreach (var rule in new[] { "simgd", "altgd" })
            foreach (var seed in new[] { 0, 1, 2 })
            {
                var name = $"{rule}_s{seed}";
                members.Add(new SweepManifestMember
                {
                    Name = name,
                    Settings = new Dictionary<string, string> { ["rule"] = rule, ["seed"] = seed.ToString() },
                    Group = $"rule={rule}",
                    Seed = seed,
                    Overrides = new Dictionary<string, string> { ["rule:name"] = rule, ["seed"] = seed.ToString() },
                    Config = new JsonObject
                    {
                        ["rule"] = new JsonObject { ["name"] = rule }, ["seed"] = seed, ["train"] = new JsonObject { ["steps"] = 200 },
                    },
                });
                if (seed == 2) continue;
                var r = CliRunner.Run(Root, null, ["train", "--config", config, .. Tiny, "--rule", rule, "--seed", seed.ToString(), "--out", Path.Combine(SweepDir, name)]);
                if (r.ExitCode != 0) throw new InvalidOperationException($"train {name} failed ({r.ExitCode}): {r.Error}{r.Output}");
            }
        Completed = ["simgd_s0", "simgd_s1", "altgd_s0", "altgd_s1"];
        Directory.CreateDirectory(Path.Combine(SweepDir, "altgd_s2"));
        new FailureRecord { Status = "failed", ExitCode = 1, Cause = FailedCause, Log = "logs/altgd_s2.log", At = DateTimeOffset.UnixEpoch }
            .Write(Path.Combine(SweepDir, "altgd_s2"));
        Manifest = new SweepManifest
        {
            Name = "ring rules & seeds",
            Source = "configs/sweeps/test.json",
            Axes =
            [
                new SweepManifestAxis { Name = "rule", Values = ["simgd", "altgd"] },
                new SweepManifestAxis { Name = "seed", Values = ["0", "1", "2"] },
            ],
            Members = members,
        };
        Manifest.Write(SweepDir);
        Report = CliRunner.Run(Root, null, "report", SweepDir);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    public string Root { get; }
    public string SweepDir { get; }
    public SweepManifest Manifest { get; }
    public IReadOnlyList<string> Completed { get; }

    /// <summary>The output of 'realganlab report SWEEP_DIR'.</summary>
    public CliRunner.Result Report { get; }

    /// <summary>How long building the fixture took (four trainings and one report).</summary>
    public double Seconds { get; }

    public string File(string name) => Path.Combine(SweepDir, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
    }
}
