namespace RealGanLab.Configuration;

/// <summary>One problem with a configuration: the key (as section:key) and what is wrong with it.</summary>
public sealed record ConfigIssue(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
