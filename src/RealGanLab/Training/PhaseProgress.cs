using System.Globalization;

namespace RealGanLab.Training;

/// <summary>
/// Progress of a long phase outside the training steps — the classifier's training, feature statistics, an epoch's
/// evaluation — so the console can show a line instead of a minute of silence. Reported on the working thread.
/// </summary>
/// <param name="Phase">What is being done, e.g. "training the MNIST classifier".</param>
/// <param name="Done">Units done so far (0 at the start, <paramref name="Total"/> at the end).</param>
/// <param name="Unit">What is counted, e.g. "images".</param>
/// <param name="Detail">Where within the phase, e.g. "epoch 2/5".</param>
public sealed record PhaseProgress(string Phase, long Done, long Total, string Unit, string? Detail = null)
{
    public bool Finished => Done >= Total;

    /// <summary>"training the MNIST classifier: epoch 2/5 · 23,040/60,000 images".</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Phase}: {(Detail is null ? "" : Detail + " · ")}{Done:N0}/{Total:N0} {Unit}");
}
