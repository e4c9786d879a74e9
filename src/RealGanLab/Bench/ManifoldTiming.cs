namespace RealGanLab.Bench;

/// <summary>
/// One row of <see cref="ManifoldBenchmark"/>: precision, recall, density and coverage of <see cref="Points"/> generated
/// against as many real points of <see cref="Dimensions"/> dimensions — median wall time, and the process's peak
/// working set above what it held before the first repetition.
/// </summary>
public sealed record ManifoldTiming(int Points, int Dimensions, double MedianSeconds, int Repetitions, double PeakExtraMegabytes);
