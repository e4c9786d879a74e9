using RealGanLab.Training;
using Spectre.Console;

namespace RealGanLab.Cli;

/// <summary>
/// Progress of a training run: a live bar with the latest losses on a terminal; plain lines (about twenty per
/// run) when the output is redirected. Redrawn from the training thread only (see <see cref="ConsoleReporter"/>).
/// </summary>
public static class TrainReporter
{
    public static RunSummary Run(string label, long steps, Func<IProgress<TrainProgress>, RunSummary> work)
    {
        if (ConsoleReporter.Interactive)
        {
            RunSummary result = null!;
            AnsiConsole.Progress()
                .AutoRefresh(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(label), maxValue: steps);
                    result = work(new Reporter(p =>
                    {
                        task.Value = p.Step;
                        task.Description = Markup.Escape($"{label} · epoch {p.Epoch} · {p.Status}");
                        ctx.Refresh();
                    }));
                    ctx.Refresh();
                });
            return result;
        }
        long every = Math.Max(1, steps / 20);
        long next = 0;
        var phases = new PhaseReporter(Console.Out, interactive: false);
        return work(new Reporter(p =>
        {
            if (p.Phase is { } phase)
            {
                phases.Report(phase);
                return;
            }
            if (p.Step < next && p.Step < steps) return;
            next = (p.Step / every + 1) * every;
            Console.WriteLine($"{label}: step {p.Step}/{steps} ({(double)p.Step / steps:P0}) epoch {p.Epoch} · {p.Status}");
        }));
    }

    sealed class Reporter(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
