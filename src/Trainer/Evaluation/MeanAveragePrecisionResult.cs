namespace Cluster.Trainer.Evaluation;

/// <summary>mAP at one IoU threshold: the mean over classes that have ground truth, and each class's AP.</summary>
public sealed record MeanAveragePrecisionResult(double MeanAveragePrecision, IReadOnlyDictionary<int, double> PerClass, int Images, int GroundTruths, int Detections);
