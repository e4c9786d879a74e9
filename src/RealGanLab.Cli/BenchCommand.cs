using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RealGanLab.Bench;
using RealGanLab.Configuration;
using RealGanLab.Data.Mnist;
using RealGanLab.Native;
using RealGanLab.Training;
using TorchSharp;

namespace RealGanLab.Cli;

/// <summary>
/// realganlab bench: median step time per model and update rule, and the probe's products as ratios to one gradient
/// evaluation, as Markdown tables and (--json) a file that bench/compare_bench.py reads beside the PyTorch reference's.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var models = new Option<string?>("--models") { Description = $"Comma-separated: {string.Join(", ", BenchModel.All.Select(m => m.Name))} (default: mlp,dcgan on the CPU, all on CUDA)." };
        var rules = new Option<string>("--rules") { Description = $"Comma-separated: {string.Join(", ", BenchModel.Rules)}.", DefaultValueFactory = _ => string.Join(",", BenchModel.Rules) };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before the timed ones.", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model and rule (the median is reported).", DefaultValueFactory = _ => 50 };
        var probeReps = new Option<int>("--probe-reps") { Description = "Timed repetitions of one gradient evaluation, JVP and VJP.", DefaultValueFactory = _ => 10 };
        var noProbe = new Option<bool>("--no-probe") { Description = "Time the training steps only." };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file (bench/compare_bench.py reads it)." };
        var command = new Command("bench", "Benchmark: median step time per model and update rule, and the probe's JVP / VJP / top-20 Arnoldi as ratios to one gradient evaluation.")
        {
            device, models, rules, warmup, steps, probeReps, noProbe, json,
        };
        command.SetAction(parse => Run(parse.GetValue(device)!, parse.GetValue(models), parse.GetValue(rules)!, parse.GetValue(warmup),
            parse.GetValue(steps), parse.GetValue(probeReps), parse.GetValue(noProbe), parse.GetValue(json)));
        return command;
    }

    static int Run(string deviceName, string? modelList, string ruleList, int warmup, int steps, int probeReps, bool noProbe, string? jsonPath)
    {
        BenchOptions options;
        TorchSharp.torch.Device device;
        try
        {
            if (warmup < 0) throw new BadInputException("--warmup", $"must be ≥ 0; got {warmup}.");
            if (steps < 1) throw new BadInputException("--steps", $"must be ≥ 1; got {steps}.");
            if (probeReps < 1) throw new BadInputException("--probe-reps", $"must be ≥ 1; got {probeReps}.");
            device = Devices.Resolve(deviceName);
            bool cuda = device.type == DeviceType.CUDA;
            var models = ParseList(modelList ?? (cuda ? "mlp,dcgan,dcgan-64" : "mlp,dcgan"), "--models", BenchModel.All.Select(m => m.Name).ToList())
                .Select(name => BenchModel.All.First(m => m.Name == name)).ToList();
            var rules = ParseList(ruleList, "--rules", BenchModel.Rules);
            if (jsonPath is not null && string.IsNullOrWhiteSpace(jsonPath)) throw new BadInputException("--json", "needs a file name.");
            if (jsonPath is not null && Path.GetDirectoryName(Path.GetFullPath(jsonPath)) is { } folder && !Directory.Exists(folder))
                throw new BadInputException("--json", $"the folder {folder} does not exist.");
            if (models.Any(m => m.NeedsMnist)) MnistStore.Load(MnistSplit.Train); // fails early, saying how to fetch it
            options = new BenchOptions
            {
                Device = cuda ? "cuda" : "cpu", Models = models, Rules = rules, Warmup = warmup, Steps = steps, Probe = !noProbe, ProbeRepetitions = probeReps,
            };
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }

        string deviceLabel = Devices.Describe(device);
        Console.Error.WriteLine($"bench on {options.Device} ({deviceLabel}), libtorch {TorchRuntime.LibTorchVersion}, {torch.get_num_threads()} threads; "
            + $"{options.Warmup} warm-up + {options.Steps} timed steps per row");
        var rows = new List<StepTiming>();
        foreach (var model in options.Models)
            foreach (var rule in options.Rules)
            {
                Console.Error.Write($"  {model.Name} {rule} … ");
                var row = Benchmark.TimeSteps(model, rule, options);
                Console.Error.WriteLine($"{row.MedianMs:0.###} ms");
                rows.Add(row);
            }
        var probes = new List<ProbeTiming>();
        if (options.Probe)
            foreach (var model in options.Models)
            {
                Console.Error.Write($"  {model.Name} probe … ");
                var probe = Benchmark.TimeProbe(model, options);
                Console.Error.WriteLine($"top-{probe.ArnoldiK} Arnoldi {probe.ArnoldiMs / 1000:0.##} s");
                probes.Add(probe);
            }

        Console.WriteLine(StepTable(rows, options));
        if (probes.Count > 0) Console.WriteLine(ProbeTable(probes));
        if (jsonPath is not null)
        {
            var report = new BenchReport
            {
                Version = Output.Provenance.ProgramVersion,
                Backend = TorchRuntime.Backend, LibTorch = TorchRuntime.LibTorchVersion, Device = options.Device, DeviceName = deviceLabel,
                Threads = torch.get_num_threads(), Warmup = options.Warmup, Steps = options.Steps,
                Date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), Results = rows, Probe = probes,
            };
            Output.AtomicFile.WriteAllText(Path.GetFullPath(jsonPath), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.Error.WriteLine($"wrote {jsonPath}");
        }
        return ExitCodes.Success;
    }

    static List<string> ParseList(string text, string option, IReadOnlyList<string> known)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0) throw new BadInputException(option, $"is empty; choose from {string.Join(", ", known)}.");
        foreach (var item in items)
            if (!known.Contains(item)) throw new BadInputException(option, $"unknown '{item}'. {DidYouMean.Hint(item, known.ToList())}");
        return items.Distinct().ToList();
    }

    static string StepTable(IReadOnlyList<StepTiming> rows, BenchOptions options)
    {
        var lines = new List<string>
        {
            "| model | parameters | batch | rule | median step (ms) | steps/s | × simgd |",
            "|---|---:|---:|---|---:|---:|---:|",
        };
        foreach (var row in rows)
        {
            var simgd = rows.FirstOrDefault(r => r.Model == row.Model && r.Rule == "simgd");
            string ratio = simgd is null ? "" : (row.MedianMs / simgd.MedianMs).ToString("0.00", CultureInfo.InvariantCulture);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {row.Model} | {row.Parameters:N0} | {row.Batch} | {row.Rule} | {row.MedianMs:0.###} | {row.StepsPerSecond:0.#} | {ratio} |"));
        }
        return string.Join("\n", lines) + "\n";
    }

    static string ProbeTable(IReadOnlyList<ProbeTiming> probes)
    {
        var lines = new List<string>
        {
            "| model | parameters | gradient (ms) | JVP (ms, × gradient) | first JVP incl. graph (ms) | VJP (ms, × gradient) | top-20 Arnoldi (s, × gradient) | products | JVP amortized (× gradient) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var p in probes)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Model} | {p.Parameters:N0} | {p.GradientMs:0.###} | {p.JvpMs:0.###} ({p.JvpRatio:0.00}×) | {p.JvpFirstMs:0.###} | {p.VjpMs:0.###} ({p.VjpRatio:0.00}×) | {p.ArnoldiMs / 1000:0.###} ({p.ArnoldiRatio:0}×) | {p.ArnoldiProducts}{(p.ArnoldiConverged ? "" : " (not converged)")} | {p.JvpAmortizedRatio:0.00}× |"));
        return string.Join("\n", lines) + "\n";
    }
}
