namespace RealGanLab.Classifiers;

/// <summary>A trained classifier (in eval mode, on the training device), its test accuracy and the wall time it took.</summary>
public sealed record ClassifierTrainingResult(LeNet Model, double TestAccuracy, TimeSpan Elapsed, ClassifierTrainingOptions Options);
