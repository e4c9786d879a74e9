namespace RealGanLab.Native;

/// <summary>
/// libtorch could not be used. <see cref="IsBadInput"/> when the cause is the user's choice (an external libtorch
/// folder that is missing, incomplete or does not fit this build): the CLI then exits 2, as for any bad input.
/// </summary>
public sealed class LibTorchException(string message, bool isBadInput) : InvalidOperationException(message)
{
    public bool IsBadInput { get; } = isBadInput;
}
