using System.CommandLine;
using System.Globalization;
using RealGanLab.Bench;

namespace RealGanLab.Cli;

/// <summary>
/// 'realganlab bench-metrics': how long precision, recall, density and coverage take, and how much memory above the
/// process's working set they need, at a run's evaluation sizes (docs/performance.md).
/// </summary>
public static class BenchMetricsCommand
{
    public static Command Create()
    {
        var points = new Option<int>("--points") { Description = "Real and generated points each (a run reads at most 10,000).", DefaultValueFactory = _ => 10_000 };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per size (the median is reported).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-metrics", "Benchmark: the k-NN metrics (precision, recall, density, coverage) at 2, 128 and 384 dimensions — median seconds and peak extra memory.")
        {
            points, reps,
        };
        command.SetAction(parse => Run(parse.GetValue(points), parse.GetValue(reps)));
        return command;
    }

    static int Run(int points, int reps)
    {
        try
        {
            if (points < 6) throw new BadInputException("--points", $"must be ≥ 6 (the k-NN radii need k + 1 points); got {points}.");
            if (reps < 1) throw new BadInputException("--reps", $"must be ≥ 1; got {reps}.");
        }
        catch (BadInputException e)
        {
            return ConsoleReporter.BadInput(e);
        }
        Console.Error.WriteLine($"bench-metrics on the CPU, {TorchSharp.torch.get_num_threads()} threads; 1 warm-up + {reps} timed per row");
        var lines = new List<string>
        {
            "| points (real = generated) | dimensions | median (s) | peak extra memory (MB) |",
            "|---:|---:|---:|---:|",
        };
        foreach (var d in ManifoldBenchmark.Dimensions)
        {
            Console.Error.Write($"  {points:N0} points, d = {d} … ");
            var row = ManifoldBenchmark.Time(points, d, reps);
            Console.Error.WriteLine($"{row.MedianSeconds:0.###} s");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {row.Points:N0} | {row.Dimensions} | {row.MedianSeconds:0.###} | {row.PeakExtraMegabytes:0.#} |"));
        }
        Console.WriteLine(string.Join("\n", lines) + "\n");
        return ExitCodes.Success;
    }
}
