using static TorchSharp.torch;

namespace RealGanLab.Numerics;

/// <summary>
/// Random draws from a seeded CPU generator, moved to the target device afterwards: a CPU generator
/// cannot drive CUDA sampling, and drawing on the CPU makes a seed give the same numbers on every device.
/// </summary>
public static class Draws
{
    public static Tensor Normal(Generator generator, long[] shape, ScalarType dtype, Device device) =>
        randn(shape, dtype: dtype, generator: generator).to(device);

    public static Tensor Uniform(Generator generator, long[] shape, ScalarType dtype, Device device) =>
        rand(shape, dtype: dtype, generator: generator).to(device);
}
