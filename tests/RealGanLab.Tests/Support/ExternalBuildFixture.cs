using System.Diagnostics;

namespace RealGanLab.Tests;

/// <summary>
/// Builds the CLI with -p:TorchBackend=external (TorchSharp without libtorch; its own obj/bin under artifacts/external/)
/// once for the tests that need it, and runs it like <see cref="CliRunner"/>.
/// </summary>
public sealed class ExternalBuildFixture
{
    public string Program { get; }

    public ExternalBuildFixture()
    {
        var root = CliRunner.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "build", "src/RealGanLab.Cli", "-c", "Release", "-p:TorchBackend=external", "-nologo", "-v", "q" }) start.ArgumentList.Add(a);
        // Not the test host's MSBuild node settings: a separate, short-lived build.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException("the external build took over 5 minutes"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet build -p:TorchBackend=external failed:\n{output.Result}\n{error.Result}");
        Program = Path.Combine(root, "artifacts", "external", "bin", "RealGanLab.Cli", "Release", "net10.0", "realganlab.dll");
        if (!File.Exists(Program)) throw new FileNotFoundException("the external build wrote no realganlab.dll", Program);
        // The build ships no libtorch: that is the point of the backend.
        var folder = Path.GetDirectoryName(Program)!;
        if (Directory.GetFiles(folder, "libtorch_cpu.so", SearchOption.AllDirectories).Length > 0)
            throw new InvalidOperationException($"the external build carries a libtorch_cpu.so under {folder}");
    }

    public CliRunner.Result Run(IDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunProgram(Program, CliRunner.TempDirectory(), environment, args);
}
