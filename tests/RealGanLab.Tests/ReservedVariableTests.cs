using RealGanLab.Configuration;

namespace RealGanLab.Tests;

/// <summary>
/// The environment layer of the config reads REALGANLAB_section__key variables, but never the tests' switches
/// (REALGANLAB_REQUIRE_*, which CI sets for the whole test run and which child processes inherit) nor the other
/// reserved names; an unknown REALGANLAB_ variable is still refused, naming it.
/// </summary>
public class ReservedVariableTests
{
    [Fact]
    public void RequireSwitchesAreNotConfigKeysButUnknownVariablesAreRefused()
    {
        string[] names = ["REALGANLAB_REQUIRE_TORCH", "REALGANLAB_REQUIRE_SOMETHING_NEW", "REALGANLAB_TRAIN__STEPS", "REALGANLAB_NOSUCHKEY"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("REALGANLAB_REQUIRE_TORCH", "1");
            Environment.SetEnvironmentVariable("REALGANLAB_REQUIRE_SOMETHING_NEW", "1");
            Environment.SetEnvironmentVariable("REALGANLAB_TRAIN__STEPS", "123");
            var config = CommandConfig.Resolve(ConfigPurpose.Train, null, new Dictionary<string, string>(), useEnvironment: true);
            Assert.Equal(123, config.Train.Steps);                      // a real key is read …
            Assert.True(ConfigLoader.IsReserved("realganlab_require_anything"));
            Environment.SetEnvironmentVariable("REALGANLAB_NOSUCHKEY", "1");
            var e = Assert.Throws<BadInputException>(() => CommandConfig.Resolve(ConfigPurpose.Train, null, new Dictionary<string, string>(), useEnvironment: true));
            Assert.Contains("NOSUCHKEY", e.Message);                    // … and an unknown one refused
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
