namespace RealGanLab.Configuration;

/// <summary>
/// One key of a config section whose keys come from a registry rather than from a record's properties (the
/// regularizers'): its name as written in files, its type (double or int), what it means and the range it must lie in.
/// </summary>
public sealed record RegistryKey(string Name, Type Type, string Description, double Minimum = 0.0, double Maximum = double.MaxValue);
