namespace RealGanLab.Configuration;

/// <summary>Marks a string config key whose value must be one of the names of a registry kind.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoiceAttribute(NameKind kind) : Attribute
{
    public NameKind Kind { get; } = kind;
}
