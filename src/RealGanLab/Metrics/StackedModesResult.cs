namespace RealGanLab.Metrics;

/// <summary>Stacked MNIST: modes with at least one sample (of 1,000), KL(mode histogram ‖ uniform), and the histogram itself.</summary>
public sealed record StackedModesResult(int ModesCovered, double Kl, int[] Counts);
