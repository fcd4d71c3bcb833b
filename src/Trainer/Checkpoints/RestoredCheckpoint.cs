using Cluster.Trainer.Training;

namespace Cluster.Trainer.Checkpoints;

/// <summary>What a checkpoint gives back besides the weights: where the run stood and the reader's opaque state.</summary>
public sealed record RestoredCheckpoint(TrainingState State, byte[] ReaderState);
