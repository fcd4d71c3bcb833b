namespace Cluster.Trainer.Parallel;

/// <summary>Totals over every replica in the world for one step.</summary>
public readonly record struct GlobalBatchCounts(long Objects, int Replicas);
