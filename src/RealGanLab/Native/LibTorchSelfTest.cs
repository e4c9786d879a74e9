using TorchSharp;
using static TorchSharp.torch;

namespace RealGanLab.Native;

/// <summary>
/// A numeric self-test of the loaded libtorch against values known in closed form, run before a foreign libtorch is
/// trusted (and shown by 'info' for every backend): reductions, a matrix product, exp, a convolution, first and second
/// derivatives by autograd (consensus and the probe differentiate twice) and a complex eigenvalue pair (the probe's
/// dense path). Each check is tiny; all of them take milliseconds.
/// </summary>
public static class LibTorchSelfTest
{
    /// <summary>Names of the checks, in order.</summary>
    public static IReadOnlyList<string> Checks { get; } = ["sum", "matmul", "exp", "conv2d", "grad", "second derivative", "float32 matmul", "eigvals"];

    /// <summary>Runs every check on <paramref name="device"/>; returns the failures (empty when all pass).</summary>
    public static IReadOnlyList<string> Run(Device device)
    {
        var failures = new List<string>();
        void Check(string name, Func<string?> check)
        {
            try
            {
                using var scope = NewDisposeScope();
                if (check() is string problem) failures.Add($"{name}: {problem}");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.Message.Split('\n')[0]}");
            }
        }

        Check("sum", () => Expect(arange(1, 101, float64, device).sum().item<double>(), 5050, 0));
        Check("matmul", () =>
        {
            var a = tensor(new double[] { 1, 2, 3, 4 }, [2, 2], float64).to(device);
            var b = tensor(new double[] { 5, 6, 7, 8 }, [2, 2], float64).to(device);
            var product = a.matmul(b).cpu().data<double>().ToArray();
            return product.SequenceEqual([19.0, 22, 43, 50]) ? null : $"[[1,2],[3,4]]·[[5,6],[7,8]] gave [{string.Join(", ", product)}], expected [19, 22, 43, 50]";
        });
        Check("exp", () => Expect(tensor(1.0, float64).to(device).exp().item<double>(), Math.E, 1e-15));
        Check("conv2d", () =>
        {
            var output = nn.functional.conv2d(ones(1, 1, 3, 3, float64, device), ones(1, 1, 2, 2, float64, device));
            var values = output.cpu().data<double>().ToArray();
            return values.Length == 4 && values.All(v => v == 4) ? null : $"a 2×2 kernel of ones over a 3×3 image of ones gave [{string.Join(", ", values)}], expected four 4s";
        });
        Check("grad", () =>
        {
            var x = tensor(2.0, float64).to(device).requires_grad_();
            var g = autograd.grad([x.pow(3)], [x])[0];
            return Expect(g.item<double>(), 12, 1e-14);
        });
        Check("second derivative", () =>
        {
            var x = tensor(2.0, float64).to(device).requires_grad_();
            // retain_graph with create_graph: TorchSharp's default is false (docs/torchsharp-notes.md).
            var g = autograd.grad([x.pow(3)], [x], retain_graph: true, create_graph: true)[0];
            var h = autograd.grad([g], [x])[0];
            return Expect(h.item<double>(), 12, 1e-14);
        });
        Check("float32 matmul", () =>
        {
            using var rng = new Generator(7);
            var a = randn([64, 64], float64, generator: rng);
            var b = randn([64, 64], float64, generator: rng);
            var exact = a.matmul(b);
            var single = a.to(float32).to(device).matmul(b.to(float32).to(device)).cpu().to(float64);
            double error = single.sub(exact).abs().max().item<double>() / exact.abs().max().item<double>();
            return error < 1e-4 ? null : $"relative error {error:g3} against float64, expected < 1e-4";
        });
        if (device.type == DeviceType.CPU)
            Check("eigvals", () =>
            {
                var rotation = tensor(new double[] { 0, 1, -1, 0 }, [2, 2], float64);
                var eigenvalues = linalg.eigvals(rotation);
                var imaginary = eigenvalues.imag.cpu().data<double>().Order().ToArray();
                var real = eigenvalues.real.cpu().data<double>().ToArray();
                bool ok = real.All(r => Math.Abs(r) < 1e-12) && Math.Abs(imaginary[0] + 1) < 1e-12 && Math.Abs(imaginary[1] - 1) < 1e-12;
                return ok ? null : $"eigenvalues of [[0,1],[-1,0]] were not ±i (real {string.Join(", ", real)}, imaginary {string.Join(", ", imaginary)})";
            });
        return failures;
    }

    static string? Expect(double actual, double expected, double relativeTolerance) =>
        Math.Abs(actual - expected) <= relativeTolerance * Math.Abs(expected) ? null : $"gave {actual:R}, expected {expected:R}";
}
