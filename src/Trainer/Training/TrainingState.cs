namespace Cluster.Trainer.Training;

/// <summary>Where a run stands: optimizer steps taken and epochs completed.</summary>
public sealed record TrainingState(long Step, int Epoch);
