namespace RealGanLab.Data.Mnist;

/// <summary>The two halves of MNIST: 60,000 training and 10,000 test images.</summary>
public enum MnistSplit
{
    Train,
    Test,
}
