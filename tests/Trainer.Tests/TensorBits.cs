using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

/// <summary>Bit-exact comparison of float tensors (no tolerance, -0 ≠ +0, NaN payloads compared as bits).</summary>
internal static class TensorBits
{
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            return false;
        var x = a.cpu().data<float>().ToArray();
        var y = b.cpu().data<float>().ToArray();
        return MemoryMarshal.Cast<float, int>(x).SequenceEqual(MemoryMarshal.Cast<float, int>(y));
    }
}
