using System.Diagnostics;
using RealGanLab.Metrics;
using static TorchSharp.torch;

namespace RealGanLab.Bench;

/// <summary>
/// 'realganlab bench-metrics': the cost of the k-nearest-neighbour metrics (<see cref="ManifoldMetrics"/>) at the sizes a
/// run evaluates — 2-D mixture points and the classifier's 128 (MNIST) or 384 (Stacked MNIST) features — one untimed
/// warm-up, then the median of the timed repetitions. A benchmark: its numbers are never asserted.
/// </summary>
public static class ManifoldBenchmark
{
    /// <summary>The dimensions a run evaluates in: mixture points, MNIST features, Stacked MNIST features.</summary>
    public static readonly int[] Dimensions = [2, 128, 384];

    public static ManifoldTiming Time(int points, int dimensions, int repetitions)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var real = randn([points, dimensions], dtype: ScalarType.Float32, generator: generator);
        var generated = randn([points, dimensions], dtype: ScalarType.Float32, generator: generator).mul(1.1);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long before = process.WorkingSet64;
        ManifoldMetrics.Evaluate(real, generated);     // warm-up
        var seconds = new List<double>();
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            ManifoldMetrics.Evaluate(real, generated);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        process.Refresh();
        seconds.Sort();
        double median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
        return new ManifoldTiming(points, dimensions, Math.Round(median, 3), repetitions, Math.Round(Math.Max(0, process.PeakWorkingSet64 - before) / 1048576.0, 1));
    }
}
