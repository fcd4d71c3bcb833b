using Cluster.Trainer.Model;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class DetectorTests
{
    [Theory]
    [InlineData(32, 32)]
    [InlineData(64, 96)]
    public void Forward_InputSize_OutputsClassesPlusFourChannelsAtStrideFour(int height, int width)
    {
        var config = new DetectorConfig(5, height, width, 8);
        using var model = new CenterNetDetector(config);
        using var input = rand(2, 3, height, width);

        using var output = model.forward(input);

        Assert.Equal(new long[] { 2, 5 + 4, height / 4, width / 4 }, output.shape);
    }

    [Theory]
    [InlineData(0, 32, 32, 8)]
    [InlineData(3, 30, 32, 8)]
    [InlineData(3, 32, 32, 12)]
    public void Constructor_InvalidConfig_Throws(int classes, int height, int width, int channels) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new CenterNetDetector(new DetectorConfig(classes, height, width, channels)));

    [Fact]
    public void Parameters_AreRegistered_AndIncludeEveryHead()
    {
        using var model = new CenterNetDetector(TinyModels.Config);
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Contains(names, n => n.StartsWith("heatmap.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("size.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("offset.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("stage3.", StringComparison.Ordinal));
    }
}
