namespace RealGanLab.Composition;

/// <summary>The image datasets by name and their channel counts (docs/design.md §4).</summary>
public static class ImageDatasets
{
    public const string Mnist = "mnist";
    public const string StackedMnist = "stacked-mnist";

    public static IReadOnlyList<string> Names { get; } = [Mnist, StackedMnist];

    public static bool Contains(string name) => Names.Contains(name);

    public static int Channels(string name) => name == StackedMnist ? 3 : 1;
}
