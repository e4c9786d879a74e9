namespace RealGanLab.Sweeps;

/// <summary>One value of a sweep axis: its label (in member names and reports) and the config overrides it stands for.</summary>
public sealed record SweepAxisValue(string Label, IReadOnlyDictionary<string, string> Overrides);
