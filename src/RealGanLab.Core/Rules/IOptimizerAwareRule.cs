using RealGanLab.Optimizers;

namespace RealGanLab.Rules;

/// <summary>
/// A rule whose followed field depends on the players' optimizers, not only on the parameters (the unrolled GAN looks
/// ahead through D's real optimizer from its current state). The probe attaches the run's optimizers before it asks
/// for the field; the rule only reads them.
/// </summary>
public interface IOptimizerAwareRule
{
    void Attach(PlayerOptimizers optimizers);
}
