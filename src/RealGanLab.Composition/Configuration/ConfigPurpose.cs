namespace RealGanLab.Configuration;

/// <summary>The command a configuration is resolved for: each puts its own defaults under the file.</summary>
public enum ConfigPurpose
{
    /// <summary>'train' (and sweeps, bench, probe): the built-in run (ring, consensus, probe on) under the file.</summary>
    Train,

    /// <summary>'field': the records' own defaults (the Dirac-GAN) under the file.</summary>
    Field,
}
