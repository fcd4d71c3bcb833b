using Cluster.Formats.Pipeline;
using Cluster.Trainer.Model;
using Cluster.Trainer.Synthetic;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

/// <summary>Small models and batches that keep the tests fast on a shared 2-core machine.</summary>
internal static class TinyModels
{
    public static DetectorConfig Config { get; } = new(Classes: 3, InputHeight: 32, InputWidth: 32, BaseChannels: 8);

    public static TrainerOptions Options(int replicas, int seed = 7) => new()
    {
        Model = Config,
        Replicas = replicas,
        BatchSize = 4,
        LearningRate = 1e-3,
        WarmupSteps = 2,
        Seed = seed,
        ThreadsPerReplica = 1,
        ForceCpu = true,
    };

    public static DecodedBatch Batch(int first, int count, int seed = 3) =>
        ShapesBatches.Render(new ShapesRenderer(Config.InputWidth, Config.InputHeight), seed, first, count);
}
