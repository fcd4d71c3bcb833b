namespace Cluster.Trainer.Demo;

/// <summary>
/// The shapes demo: train on an endless stream of freshly rendered scenes (seed <see cref="TrainSeed"/>), evaluate
/// every <see cref="EvaluateEvery"/> steps on <see cref="HeldOutImages"/> scenes of a different seed, stop at
/// <see cref="TargetMap"/> or <see cref="MaxSteps"/>, and write previews, the curve and a checkpoint to
/// <see cref="OutputDirectory"/>.
/// </summary>
public sealed record ShapesDemoOptions
{
    public required string OutputDirectory { get; init; }

    public int InputSize { get; init; } = 64;

    public int BaseChannels { get; init; } = 16;

    public int MaxObjects { get; init; } = 3;

    public int Replicas { get; init; } = 2;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 5e-3;

    public int WarmupSteps { get; init; } = 20;

    public int MaxSteps { get; init; } = 1500;

    public int EvaluateEvery { get; init; } = 50;

    public int HeldOutImages { get; init; } = 128;

    public double TargetMap { get; init; } = 0.9;

    public int TrainSeed { get; init; } = 1;

    public int HeldOutSeed { get; init; } = 1_000_003;

    public int ThreadsPerReplica { get; init; }
}
