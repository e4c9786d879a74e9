using RealGanLab.Configuration;
using RealGanLab.Data.Mnist;
using RealGanLab.Games;
using RealGanLab.Native;

namespace RealGanLab.Training;

/// <summary>
/// The game a config names, built on this machine: the device resolved (libtorch loaded, CUDA checked) and, for the
/// image games, MNIST read from the data folder; the composition layer's <see cref="GameFactory"/> builds the rest.
/// </summary>
public static class GameHost
{
    public static IGame Create(ExperimentConfig config) => GameFactory.Create(config, Devices.Resolve(config.Device), MnistStore.Load);
}
