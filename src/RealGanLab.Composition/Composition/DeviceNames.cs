namespace RealGanLab.Composition;

/// <summary>The values of the config's device key; resolving one into a device needs libtorch loaded, which the experiment layer does (Native/Devices.cs).</summary>
public static class DeviceNames
{
    public static IReadOnlyList<string> All { get; } = ["cpu", "cuda", "auto"];
}
