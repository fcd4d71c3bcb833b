using Cluster.Formats.Pipeline;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

public class TrainerOptionsTests
{
    [Fact]
    public void LearningRateAt_WarmupThenCosine_RisesPeaksAndDecaysToFloor()
    {
        var options = TinyModels.Options(1) with { LearningRate = 0.01, WarmupSteps = 9, TotalSteps = 109 };

        Assert.Equal(0.001, options.LearningRateAt(0), 12);     // (0 + 1) / (9 + 1) of the peak
        Assert.Equal(0.01, options.LearningRateAt(9), 12);      // warm-up done, cosine at its start
        Assert.Equal(0.01 * (0.05 + 0.95 * 0.5), options.LearningRateAt(59), 12); // half way
        Assert.Equal(0.0005, options.LearningRateAt(109), 12);  // floor: 5%
        Assert.Equal(0.0005, options.LearningRateAt(500), 12);
    }

    [Fact]
    public void Validate_ZeroReplicas_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectorTrainer(TinyModels.Options(1) with { Replicas = 0 }));

    [Fact]
    public async Task StepAsync_BatchOfWrongSize_ThrowsNamingBothSizes()
    {
        using var trainer = new DetectorTrainer(TinyModels.Options(1));
        var batch = new DecodedBatch(1, 64, 64, new float[3 * 64 * 64], [new DecodedTarget([], [])], ["x"]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => trainer.StepAsync(batch));
        Assert.Contains("64×64", e.Message, StringComparison.Ordinal);
        Assert.Contains("32×32", e.Message, StringComparison.Ordinal);
    }
}
