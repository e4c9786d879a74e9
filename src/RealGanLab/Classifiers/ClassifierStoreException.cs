namespace RealGanLab.Classifiers;

/// <summary>
/// The stored classifier cannot be used (corrupt checkpoint, checksum or architecture mismatch, unreadable
/// JSON). The message names the file and the fix: retrain with <c>realganlab classifier train --force</c>.
/// </summary>
public sealed class ClassifierStoreException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}. Retrain the classifier with `{ClassifierStore.RetrainCommand}` (it replaces both files).", inner)
{
    /// <summary>The file at fault.</summary>
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
