using Cluster.Trainer.Training;
using static TorchSharp.torch;

namespace Cluster.Trainer.Tests;

public class MemoryTests
{
    [Fact]
    public async Task Steps_AcrossEpochs_LiveTensorCountStaysFlat()
    {
        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 2));
        var batches = Enumerable.Range(0, 3).Select(i => TinyModels.Batch(i * 4, 4)).ToArray();
        await trainer.RunEpochAsync(batches.ToAsyncEnumerable()); // warm-up: optimizer state and gradients now exist
        trainer.Predict(batches[0]);
        var afterFirstEpoch = LiveTensorsAfterCollecting();

        var perEpoch = new List<long>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            await trainer.RunEpochAsync(batches.ToAsyncEnumerable());
            trainer.Predict(batches[0]);
            perEpoch.Add(Tensor.TotalCount); // no collection here: leaked garbage would still be counted
        }

        // Every tensor a step creates is disposed by its scope, none is left for the finalizer or kept by a scope.
        Assert.All(perEpoch, count => Assert.Equal(afterFirstEpoch, count));
        Assert.Equal(4, trainer.State.Epoch);
        Assert.Equal(12, trainer.State.Step);
    }

    private static long LiveTensorsAfterCollecting()
    {
        // Tensor.TotalCount is process-wide: let the finalizers of earlier tests' garbage run first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }
}
