namespace RealGanLab.Sweeps.Reports;

/// <summary>One quantity of one run against the step (NaN where a line had no finite value).</summary>
public sealed record CurveSeries(string Key, double[] Steps, double[] Values);
