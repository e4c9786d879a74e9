using System.Text;
using RealGanLab.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Tests;

/// <summary>The native library loads on this host and computes; the build patched it where the host needs it.</summary>
[NoGarbageCollection]
public class NativeLibraryTests
{
    [Fact]
    public void LibTorchLoadsAndComputesMatrixProductsAndGradients()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4 }).reshape(2, 2);
        var b = tensor(new double[] { 5, 6, 7, 8 }).reshape(2, 2);
        Assert.Equal(new double[] { 19, 22, 43, 50 }, a.matmul(b).data<double>().ToArray());

        var x = tensor(new[] { 3.0 }, requires_grad: true);
        var y = x.pow(3).sum();
        var dy = torch.autograd.grad([y], [x])[0];
        Assert.Equal(27.0, dy.item<double>(), 12);
        Assert.StartsWith("2.10", TorchRuntime.LibTorchVersion);
    }

    [Fact]
    public void BuildOutputCarriesTheWeakVersionPatchExactlyWhenTheHostNeedsIt()
    {
        var library = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories)
            .First(p => !p.Contains($"{Path.DirectorySeparatorChar}cpu{Path.DirectorySeparatorChar}"));
        var flags = ElfVersionNeeds.FlagsOf(File.ReadAllBytes(library), "GLIBCXX_3.4.32");
        Assert.NotNull(flags);
        bool hostHasVersion = HostLibStdCxxHas("GLIBCXX_3.4.32");
        bool weak = (flags!.Value & 2) != 0;
        Assert.Equal(!hostHasVersion, weak);
    }

    [Fact]
    public void GlibcTakesTheMallocThresholds()
    {
        // The CLI raises them at start (Native/MallocTuning.cs); glibc answers 1 for each accepted value.
        Assert.True(MallocTuning.Apply());
    }

    static bool HostLibStdCxxHas(string version)
    {
        var path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        if (path is null) return false;
        var bytes = File.ReadAllBytes(path);
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
