using RealGanLab.Configuration;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>Console output: a live progress bar on a terminal, plain periodic lines when redirected; errors to stderr.</summary>
public static class ConsoleReporter
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Runs work that reports a fraction done, showing progress the way the output device allows. The bar
    /// is redrawn from the working thread only (no auto-refresh thread): TorchSharp 0.107 frees temporary
    /// Scalars in finalizers without keeping them alive across native calls, so a garbage collection
    /// triggered by another thread's allocations can free a Scalar that a running torch call still reads
    /// (docs/torchsharp-notes.md). Torch work therefore runs with no other managed thread allocating.
    /// </summary>
    public static T WithProgress<T>(string label, Func<IProgress<double>, T> work)
    {
        if (Interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoRefresh(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: 1.0);
                    result = work(new SynchronousProgress(f => { task.Value = f; ctx.Refresh(); }));
                    task.Value = 1.0;
                    ctx.Refresh();
                });
            return result;
        }
        int lastQuarter = -1;
        var plain = new SynchronousProgress(f =>
        {
            int quarter = (int)(f * 4);
            if (quarter == lastQuarter) return;
            lastQuarter = quarter;
            Console.WriteLine($"{label}: {f:P0}");
        });
        return work(plain);
    }

    public static int BadInput(BadInputException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine("Nothing was run or written. See 'realganlab config --keys' for every key and its default.");
        return ExitCodes.BadInput;
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
