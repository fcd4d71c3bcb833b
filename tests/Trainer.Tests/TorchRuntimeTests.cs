using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void FirstTorchCall_OnThisHost_LoadsNativeLibraryAndComputes()
    {
        // Throws TypeInitializationException when libLibTorchSharp.so cannot load (GLIBCXX_3.4.32 on Debian 12):
        // Directory.Build.targets weakens that requirement in the output copy.
        using var a = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var sum = a.sum();
        Assert.Equal(15f, sum.item<float>());
    }

    [Fact]
    public void GroupNorm_AfterConstruction_HasUnitWeightAndZeroBias()
    {
        using var model = new Model.CenterNetDetector(TinyModels.Config);
        var norms = model.named_parameters().Where(p => p.name.Contains("norm", StringComparison.Ordinal) || p.name.Contains("shortcut.1", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(norms);
        foreach (var (name, p) in norms)
        {
            var expected = name.EndsWith("weight", StringComparison.Ordinal) ? 1f : 0f;
            Assert.All(p.data<float>().ToArray(), v => Assert.Equal(expected, v));
        }
    }
}
