using Cluster.Trainer.Training;

namespace Cluster.Trainer.Runs;

/// <summary>What a run on shards did: where it ended, the loss and held-out mAP curves, how long it trained, and why it stopped.</summary>
public sealed record ShardTrainingReport(
    TrainingState Final,
    IReadOnlyList<TrainStepResult> Steps,
    IReadOnlyList<(long Step, double Map)> Evaluations,
    TimeSpan TrainingTime,
    string StopReason,
    long RecordsRead);
