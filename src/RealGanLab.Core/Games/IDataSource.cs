using static TorchSharp.torch;

namespace RealGanLab.Games;

/// <summary>Real data: draws samples [n, Dimension].</summary>
public interface IDataSource
{
    int Dimension { get; }

    Tensor Sample(int n, Generator generator, ScalarType dtype, Device device);
}
