namespace RealGanLab;

/// <summary>
/// Marks a string option whose value must be one of the names of a kind (<see cref="NameKind"/>). Declared in the core
/// so that an options record can sit next to the method it configures; the composition layer knows the names.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ChoiceAttribute(NameKind kind) : Attribute
{
    public NameKind Kind { get; } = kind;
}
