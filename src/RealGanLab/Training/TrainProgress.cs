namespace RealGanLab.Training;

/// <summary>What the trainer reports as it goes, for a progress bar or periodic lines.</summary>
public sealed record TrainProgress(long Step, long Steps, int Epoch, string? Status);
