namespace Cluster.Trainer.Training;

/// <summary>One optimizer step: its 0-based index, the loss of the global batch, the images and objects it held, the learning rate used.</summary>
public sealed record TrainStepResult(long Step, double Loss, int Images, long Objects, double LearningRate, TimeSpan Elapsed);
