using RealGanLab.Training;

namespace RealGanLab.Cli;

/// <summary>
/// Console lines for the long phases outside the training steps (the classifier's training, feature statistics, an
/// epoch's evaluation): on a terminal one line redrawn in place, when redirected a line when a phase starts, about
/// every ten seconds, and when it ends. Written from the working thread only (see <see cref="ConsoleReporter"/>).
/// </summary>
public sealed class PhaseReporter : IProgress<PhaseProgress>
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    readonly bool interactive;
    readonly TextWriter writer;
    string? current;
    DateTime lastLine;
    int lastWidth;

    public PhaseReporter(TextWriter writer, bool interactive)
    {
        this.writer = writer;
        this.interactive = interactive;
    }

    /// <summary>The reporter for this console: redrawn in place on a terminal, plain lines when redirected.</summary>
    public static PhaseReporter ForConsole() => new(Console.Out, ConsoleReporter.Interactive);

    public void Report(PhaseProgress value)
    {
        var key = value.Phase + "\n" + value.Detail;
        bool started = key != current;
        current = value.Finished ? null : key;
        if (interactive)
        {
            var text = value.Text;
            writer.Write("\r" + text.PadRight(lastWidth));
            lastWidth = text.Length;
            if (value.Finished)
            {
                writer.WriteLine();
                lastWidth = 0;
            }
            writer.Flush();
            return;
        }
        var now = DateTime.UtcNow;
        if (!started && !value.Finished && now - lastLine < Every) return;
        lastLine = now;
        writer.WriteLine(value.Text);
    }
}
