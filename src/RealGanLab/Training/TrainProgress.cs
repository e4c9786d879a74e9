namespace RealGanLab.Training;

/// <summary>What the trainer reports as it goes, for a progress bar or periodic lines.</summary>
/// <param name="Phase">Set while a long phase between steps runs (an epoch's evaluation); <paramref name="Status"/> then describes it.</param>
public sealed record TrainProgress(long Step, long Steps, int Epoch, string? Status, PhaseProgress? Phase = null);
