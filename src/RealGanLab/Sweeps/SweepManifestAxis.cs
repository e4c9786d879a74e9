namespace RealGanLab.Sweeps;

/// <summary>One axis of a sweep as sweep.json records it: its name and its values' labels, in order.</summary>
public sealed record SweepManifestAxis(string Name, IReadOnlyList<string> Values);
