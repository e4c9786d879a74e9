namespace RealGanLab;

/// <summary>One problem with the input: the key that names it (section:key, an option such as --out, a file's field) and what is wrong.</summary>
public sealed record InputIssue(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
