namespace RealGanLab.Classifiers;

/// <summary>A classifier from <see cref="ClassifierStore"/>: the model (eval mode, on the requested device), its record, and whether it was trained just now.</summary>
public sealed record StoredClassifier(LeNet Model, ClassifierInfo Info, bool TrainedNow) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
