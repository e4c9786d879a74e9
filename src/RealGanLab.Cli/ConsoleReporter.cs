using RealGanLab.Configuration;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>Console output: a live progress bar on a terminal, plain periodic lines when redirected; errors to stderr.</summary>
public static class ConsoleReporter
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs work that reports a fraction done, showing progress the way the output device allows.</summary>
    public static T WithProgress<T>(string label, Func<IProgress<double>, T> work)
    {
        if (Interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: 1.0);
                    result = work(new Progress<double>(f => task.Value = f));
                    task.Value = 1.0;
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

    public static int BadInput(ConfigException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine("Nothing was run or written. See 'realganlab config --keys' for every key and its default.");
        return ExitCodes.BadInput;
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
