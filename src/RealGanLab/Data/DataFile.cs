namespace RealGanLab.Data;

/// <summary>
/// One file a run's data was read from, as recorded in its config.json provenance: what it is (data:file, or an MNIST
/// file's name), its path when the run started, and its SHA-256 (null when the file is missing).
/// </summary>
public sealed record DataFile(string Role, string Path, string? Sha256);
