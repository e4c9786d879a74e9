using System.CommandLine;

namespace RealGanLab.Cli;

/// <summary>Options shared by the commands that take a configuration.</summary>
public static class CommonOptions
{
    /// <param name="example">A shipped config of the kind the command reads (training configs under configs/, analytic ones under configs/field/).</param>
    public static Option<string?> Config(string example) => new("--config", "-c")
    {
        Description = $"JSON config file (e.g. {example}). Precedence: defaults < file < REALGANLAB_section__key environment variables < --section:key=value overrides < named options.",
    };

    public const string OverrideHelp =
        "Any config key can be set with --section:key=value (sections: seed, device, dtype, game, data, generator, discriminator, rule, optimizer, regularizers, probe, train, averaging, field), " +
        "e.g. --rule:estimator=split --optimizer:lrD=0.2 --game:start=1,0.5. 'realganlab config --keys' lists every key with its default.";
}
