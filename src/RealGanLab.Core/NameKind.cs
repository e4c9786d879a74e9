namespace RealGanLab;

/// <summary>The kinds of choices that are made by name and looked up in a registry.</summary>
public enum NameKind
{
    Game,
    Loss,
    Rule,
    Estimator,
    Optimizer,
    EigenTarget,
    Device,
    Dtype,
    Domain,
    Dataset,
    Activation,
    Normalization,
    Schedule,
    UnrollLookAhead,
    UnrollSurrogate,
    Order,
    Init,
}
