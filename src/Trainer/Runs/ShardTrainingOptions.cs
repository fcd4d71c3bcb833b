namespace Cluster.Trainer.Runs;

/// <summary>
/// A training run on converted shards: <see cref="Data"/> read through the reader pipeline for <see cref="Epochs"/>
/// epochs (or until <see cref="MaxSteps"/>, <see cref="TimeLimit"/> or <see cref="TargetMap"/> on <see cref="HeldOut"/>),
/// checkpointing to <see cref="CheckpointPath"/> every <see cref="CheckpointEvery"/> steps and at each epoch's end.
/// </summary>
public sealed record ShardTrainingOptions
{
    public required string Data { get; init; }

    public required string CheckpointPath { get; init; }

    public int Epochs { get; init; } = 10;

    /// <summary>The GLOBAL batch: split evenly over the <see cref="World"/> ranks, then over each rank's replicas.</summary>
    public int BatchSize { get; init; } = 32;

    public int InputSize { get; init; } = 64;

    public int BaseChannels { get; init; } = 16;

    public int Replicas { get; init; } = 2;

    public int Seed { get; init; } = 1;

    public int ThreadsPerReplica { get; init; }

    public double LearningRate { get; init; } = 5e-3;

    public int WarmupSteps { get; init; } = 20;

    public double FlipProbability { get; init; } = 0.5;

    public int ShuffleBuffer { get; init; } = 1024;

    public int CheckpointEvery { get; init; } = 50;

    public string? Resume { get; init; }

    public long? MaxSteps { get; init; }

    public TimeSpan? TimeLimit { get; init; }

    /// <summary>A converted held-out folder evaluated every <see cref="EvaluateEvery"/> steps (the mAP curve, early stop).</summary>
    public string? HeldOut { get; init; }

    public int EvaluateEvery { get; init; } = 50;

    /// <summary>Stop once held-out mAP@0.5 reaches this (needs <see cref="HeldOut"/>).</summary>
    public double? TargetMap { get; init; }

    /// <summary>This process's rank among <see cref="World"/> trainer processes (each reads its own slice of the data).</summary>
    public int Rank { get; init; }

    /// <summary>Trainer processes taking part; above 1 needs a cross-process all-reduce.</summary>
    public int World { get; init; } = 1;

    /// <summary>When set, the source id of every record this rank trains on is appended here, one per line.</summary>
    public string? RecordLog { get; init; }

    /// <summary>The batch of one rank: <see cref="BatchSize"/> / <see cref="World"/>.</summary>
    public int RankBatchSize => BatchSize / Math.Max(1, World);

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) throw new ArgumentException($"--batch must be at least 1, got {BatchSize}");
        if (InputSize < 32 || InputSize % 16 != 0) throw new ArgumentException($"--input-size must be a multiple of 16, at least 32, got {InputSize}");
        if (World < 1) throw new ArgumentException($"--world must be at least 1, got {World}");
        if (Rank < 0 || Rank >= World) throw new ArgumentException($"--rank must be in 0..{World - 1} for --world {World}, got {Rank}");
        if (BatchSize % World != 0) throw new ArgumentException($"--batch ({BatchSize}) is the global batch and must divide evenly over --world {World}");
        if (Replicas < 1 || Replicas > RankBatchSize) throw new ArgumentException($"--replicas must be 1..batch per rank ({RankBatchSize}), got {Replicas}");
        if (World > 1 && (TimeLimit is not null || TargetMap is not null))
            throw new ArgumentException("a time limit or a target mAP would stop ranks at different steps: with --world above 1 stop by --epochs or --max-steps");
        if (ThreadsPerReplica < 0) throw new ArgumentException($"--threads must be 0 (auto) or more, got {ThreadsPerReplica}");
        if (CheckpointEvery < 1) throw new ArgumentException($"--checkpoint-every must be at least 1, got {CheckpointEvery}");
        if (EvaluateEvery < 1) throw new ArgumentException($"evaluate-every must be at least 1, got {EvaluateEvery}");
        if (MaxSteps is < 1) throw new ArgumentException($"--max-steps must be at least 1, got {MaxSteps}");
    }
}
