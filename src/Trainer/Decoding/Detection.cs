namespace Cluster.Trainer.Decoding;

/// <summary>One predicted box: corners normalized to [0, 1] of the model input, 1-based label, confidence in [0, 1].</summary>
public readonly record struct Detection(float XMin, float YMin, float XMax, float YMax, int Label, float Score);
