using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace RealGanLab.Training;

/// <summary>
/// What a training run does at the end of each epoch for its kind of data (docs/design.md §3, §4): evaluate G on the
/// run's fixed inputs, write samples/epoch_NNNN.png, return the metrics for metrics.jsonl, and draw the metric
/// curves. 2-D mixtures: PacGAN's mode metrics; images: classifier metrics and sample grids.
/// </summary>
public interface IRunEvaluation : IDisposable
{
    /// <summary>Evaluates G on <paramref name="fixedInputs"/>, writes the epoch's sample picture and returns the eval record.</summary>
    /// <param name="progress">Reported as a long evaluation (the image games' classifier metrics) goes; quick ones may not report.</param>
    /// <param name="variant">
    /// Null for G itself; the name of an average of G (<see cref="GeneratorAverage"/>) whose weights G holds for this
    /// call: its picture is samples/epoch_NNNN_&lt;variant&gt;.png and its numbers are kept apart (<see cref="FinalOf"/>).
    /// </param>
    Dictionary<string, object?> Evaluate(Tensor fixedInputs, int epoch, long step, string title, IProgress<PhaseProgress>? progress = null, string? variant = null);

    /// <summary>The last evaluation's numbers for summary.json (null before the first).</summary>
    object? Final { get; }

    /// <summary>The last evaluation's numbers of an averaged generator (null before its first).</summary>
    object? FinalOf(string variant);

    /// <summary>Short text of the last evaluation for the console.</summary>
    string? FinalText { get; }

    /// <summary>Curves of the eval records so far into plots/.</summary>
    void DrawCurves(IReadOnlyList<JsonObject> evalLines, string title);
}
