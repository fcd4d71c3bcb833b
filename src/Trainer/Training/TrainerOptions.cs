using Cluster.Trainer.Model;

namespace Cluster.Trainer.Training;

/// <summary>
/// Everything a training run is configured with. <see cref="BatchSize"/> is the GLOBAL batch, split over
/// <see cref="Replicas"/>. The learning rate warms up linearly for <see cref="WarmupSteps"/>, then follows a cosine
/// down to 5% of <see cref="LearningRate"/> at <see cref="TotalSteps"/> (constant after warm-up when that is null).
/// <see cref="ThreadsPerReplica"/> 0 means the machine's cores divided among CPU replicas.
/// </summary>
public sealed record TrainerOptions
{
    public required DetectorConfig Model { get; init; }

    public int Replicas { get; init; } = 1;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 20;

    public long? TotalSteps { get; init; }

    public int Seed { get; init; } = 1;

    public int ThreadsPerReplica { get; init; }

    /// <summary>True: CPU replicas even where CUDA is available.</summary>
    public bool ForceCpu { get; init; }

    /// <summary>This trainer process's rank among <see cref="World"/> processes (tags its step spans and metrics).</summary>
    public int Rank { get; init; }

    /// <summary>Trainer processes taking part.</summary>
    public int World { get; init; } = 1;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model, nameof(Model));
        Model.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 1, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be positive");
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps, nameof(WarmupSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(ThreadsPerReplica, nameof(ThreadsPerReplica));
        ArgumentOutOfRangeException.ThrowIfLessThan(World, 1, nameof(World));
        ArgumentOutOfRangeException.ThrowIfNegative(Rank, nameof(Rank));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Rank, World, nameof(Rank));
    }

    /// <summary>The learning rate for (0-based) step <paramref name="step"/>.</summary>
    public double LearningRateAt(long step)
    {
        if (step < WarmupSteps)
            return LearningRate * (step + 1) / (WarmupSteps + 1);
        if (TotalSteps is not { } total || total <= WarmupSteps)
            return LearningRate;
        var progress = Math.Clamp((double)(step - WarmupSteps) / (total - WarmupSteps), 0, 1);
        const double floor = 0.05;
        return LearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
