using Cluster.Trainer.Evaluation;
using Cluster.Trainer.Model;
using Cluster.Trainer.Synthetic;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

public class LearningTests
{
    [Fact]
    public async Task Train_ShortRunOnShapes_HeldOutMapClearlyAboveChance()
    {
        const int size = 64, batchSize = 16, steps = 120;
        var renderer = new ShapesRenderer(size, size, maxObjects: 3);
        var options = new TrainerOptions
        {
            Model = new DetectorConfig(3, size, size, 16),
            Replicas = 2,
            BatchSize = batchSize,
            LearningRate = 5e-3,
            WarmupSteps = 10,
            TotalSteps = steps,
            Seed = 1,
            ForceCpu = true,
        };
        using var trainer = new DetectorTrainer(options);
        var before = Evaluate(trainer, renderer);

        for (var step = 0; step < steps; step++)
            await trainer.StepAsync(ShapesBatches.Render(renderer, seed: 1, first: step * batchSize, count: batchSize));
        var after = Evaluate(trainer, renderer);

        // Chance: an untrained detector scores ~0 here. Held-out images come from a different seed.
        Assert.True(before < 0.05, $"untrained mAP {before:F3}");
        Assert.True(after >= 0.3, $"mAP@0.5 after {steps} steps is only {after:F3}");
    }

    private static double Evaluate(DetectorTrainer trainer, ShapesRenderer renderer)
    {
        var map = new MeanAveragePrecision();
        for (var b = 0; b < 4; b++)
        {
            var batch = ShapesBatches.Render(renderer, seed: 1234, first: b * 16, count: 16);
            map.Add(trainer.Predict(batch), batch.Targets);
        }

        return map.Compute().MeanAveragePrecision;
    }
}
